"""The evaluation protocol of shared/data/README.md, as pure functions.

1. drop cases with < 3 events; 2. sort by first event; 64/16/20 split; 3. predict every
prefix k = 2..n-1 of test cases; 4. target = last ts - k-th ts (days); 5. plain MAE.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from loket.lib.eventlogs.model import EventLog, IntArray

TRAIN_FRACTION = 0.64
VALIDATION_FRACTION = 0.16


@dataclass(frozen=True)
class Split:
    """Case indices (into the prepared log) of the three chronological parts."""

    train: IntArray
    validation: IntArray
    test: IntArray

    @property
    def train_and_validation(self) -> IntArray:
        return np.concatenate([self.train, self.validation])


def prepare(log: EventLog, *, min_events: int = 3) -> EventLog:
    """Drop short cases and order the rest by their first event (stable on ties)."""
    keep = np.flatnonzero(log.lengths >= min_events)
    order = keep[np.argsort(log.case_start[keep], kind="stable")]
    return log.subset(order)


def split(log: EventLog) -> Split:
    """Chronological 64/16/20 split of a prepared (sorted) log."""
    n = log.n_cases
    a = int(n * TRAIN_FRACTION)
    b = int(n * (TRAIN_FRACTION + VALIDATION_FRACTION))
    idx = np.arange(n, dtype=np.int64)
    return Split(train=idx[:a], validation=idx[a:b], test=idx[b:])
