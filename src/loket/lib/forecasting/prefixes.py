"""Prefix enumeration and targets shared by training, scoring and the backtest protocol."""

from __future__ import annotations

import numpy as np

from loket.kernel.time import DAY
from loket.lib.eventlogs.model import EventLog, FloatArray, IntArray

__all__ = ["DAY", "prefix_index", "remaining_days"]


def prefix_index(
    log: EventLog, cases: IntArray, *, k_min: int = 2, upto_last: bool = False
) -> tuple[IntArray, IntArray]:
    """All ``(case, k)`` with ``k_min <= k <= n-1`` (or ``<= n`` with ``upto_last``).

    ``k`` is the prefix length (1-based); the protocol predicts at k = 2 .. n-1 because at
    k = n the case is over.
    """
    lengths = log.lengths[cases]
    top = lengths if upto_last else lengths - 1
    counts = np.maximum(top - k_min + 1, 0)
    case_idx = np.repeat(cases.astype(np.int64), counts)
    starts = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    within = np.arange(starts[-1], dtype=np.int64) - np.repeat(starts[:-1], counts)
    return case_idx, within + k_min


def remaining_days(log: EventLog, case_idx: IntArray, k: IntArray) -> FloatArray:
    """Target: last event time minus k-th event time, in days."""
    last = log.timestamp[log.offsets[case_idx + 1] - 1]
    at_k = log.timestamp[log.offsets[case_idx] + k - 1]
    return np.asarray((last - at_k) / DAY, dtype=np.float64)


class PerKMedian:
    """The per-k median baseline: median remaining time of training prefixes of length k.

    For a k never seen in training it uses the nearest shorter k that was seen (long
    prefixes are rare and close to the end), or the overall median.
    """

    def __init__(self, k: IntArray, y: FloatArray) -> None:
        self.ks = np.unique(k)
        self.medians = np.array([float(np.median(y[k == kk])) for kk in self.ks])
        self.overall = float(np.median(y)) if len(y) else 0.0

    def predict(self, k: IntArray) -> FloatArray:
        if len(self.ks) == 0:
            return np.full(len(k), self.overall)
        pos = np.searchsorted(self.ks, k, side="right") - 1
        out = self.medians[np.clip(pos, 0, None)]
        return np.asarray(np.where(pos < 0, self.medians[0], out), dtype=np.float64)
