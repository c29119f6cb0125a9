"""A synthetic, stationary process for tests and speed benchmarks (vectorised, fast).

Cases arrive as a Poisson stream; the first activity picks a case type that sets the case
length and pace; each later gap depends on the activity just done. Remaining time is thus
predictable from the prefix, but noisy, which is what interval tests need.
"""

from __future__ import annotations

import numpy as np

from loket.kernel.time import DAY
from loket.lib.eventlogs.model import EventLog, FloatArray, IntArray

N_ACTIVITIES = 12


def synthetic_log(
    n_cases: int, *, seed: int = 0, mean_length: float = 6.0, start: float = 1.6e9
) -> EventLog:
    """``n_cases`` cases with about ``mean_length`` events each (at least 3)."""
    rng = np.random.default_rng(seed)
    kind = rng.integers(0, 3, n_cases)
    lengths = 3 + rng.poisson(np.array([1.0, mean_length - 3.0, 2 * mean_length - 3.0])[kind])
    n_events = int(lengths.sum())
    offsets = np.zeros(n_cases + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    case_of = np.repeat(np.arange(n_cases), lengths)
    pos = np.arange(n_events) - offsets[case_of]
    act = rng.integers(2, N_ACTIVITIES, n_events).astype(np.int32)
    act[offsets[:-1]] = kind[:n_cases].astype(np.int32) % 2  # first activity: type hint
    pace = np.array([0.5, 2.0, 4.0])[kind][case_of]
    gap_scale = pace * (0.2 + 0.3 * (act % 5)) * DAY
    gaps = rng.exponential(1.0, n_events) * gap_scale
    gaps[pos == 0] = 0.0
    arrivals = start + np.cumsum(rng.exponential(DAY / 20.0, n_cases))
    ts = arrivals[case_of] + _segmented_cumsum(gaps, offsets)
    resource = rng.integers(0, 8, n_events).astype(np.int32)
    return EventLog(
        case_ids=[f"c{i}" for i in range(n_cases)],
        offsets=offsets,
        activity=act,
        timestamp=ts,
        resource=resource,
        activities=[f"a{i}" for i in range(N_ACTIVITIES)],
        resources=[f"r{i}" for i in range(8)],
    )


def _segmented_cumsum(values: FloatArray, offsets: IntArray) -> FloatArray:
    total = np.cumsum(values)
    before = np.concatenate([[0.0], total])[offsets[:-1]]
    lengths = np.diff(offsets)
    return np.asarray(total - np.repeat(before, lengths), dtype=np.float64)
