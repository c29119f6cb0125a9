"""The adaptive shifts: answers come when a bound passes, and the misses settle at 10%."""

from __future__ import annotations

import math

import numpy as np
import pytest

from loket.kernel.time import DAY
from loket.lib.forecasting import conformal, engine
from loket.lib.forecasting.conformal import (
    AdaptiveShifts,
    PendingAnswers,
    answer_times,
    shifts_from_history,
)
from loket.lib.forecasting.windows import adaptive_forecast


def test_a_bound_is_answered_when_it_passes_whatever_the_outcome() -> None:
    # Closed after 3 days, window 1..5 days: both bounds hit, answered at 1 and 5 days.
    (lo_t, lo_miss), (hi_t, hi_miss) = answer_times(
        at=0.0, lower_days=1.0, upper_days=5.0, end=3 * DAY
    )
    assert (lo_t, lo_miss, hi_t, hi_miss) == (DAY, False, 5 * DAY, False)
    # Still open: the upper bound is a miss once passed, never before.
    _, (hi_t, hi_miss) = answer_times(at=0.0, lower_days=1.0, upper_days=5.0, end=math.inf)
    assert (hi_t, hi_miss) == (5 * DAY, True)
    pending = PendingAnswers()
    pending.show(at=0.0, lower_days=1.0, upper_days=5.0, end=math.inf)
    pending.learn_until(5 * DAY)  # strictly before: the upper bound has not passed yet
    assert (pending.shifts.answers_lower, pending.shifts.answers_upper) == (1, 0)
    pending.learn_until(5 * DAY + 1)
    assert pending.shifts.misses_upper == 1
    assert pending.shifts.upper == pytest.approx(conformal.GAIN / conformal.MIN_WAITING * 0.9)


def test_under_drift_the_misses_settle_near_ten_percent_each_side() -> None:
    """A process that slows down threefold halfway: a fixed window misses far above;
    the adapted one comes back to about 10% on each side."""
    rng = np.random.default_rng(0)
    pending = PendingAnswers()
    base = engine.Forecast(median=np.array([5.0]), lo80=np.array([2.0]), hi80=np.array([10.0]))
    late = below = 0
    n = 20_000
    for i in range(n):
        at = i * DAY / 20
        pending.learn_until(at)
        scale = 1.0 if i < n // 2 else 3.0
        truth = rng.lognormal(np.log(5.0 * scale), 0.5)
        shown = adaptive_forecast(base, pending.shifts)
        pending.show(
            at=at,
            lower_days=float(shown.lo80[0]),
            upper_days=float(shown.hi80[0]),
            end=at + truth * DAY,
        )
        if i >= 3 * n // 4:
            late += truth > shown.hi80[0]
            below += truth < shown.lo80[0]
    quarter = n // 4
    assert late / quarter == pytest.approx(0.1, abs=0.04)
    assert below / quarter == pytest.approx(0.1, abs=0.04)


def test_the_product_replay_counts_only_passed_bounds_and_no_shift_means_no_change() -> None:
    shifts = shifts_from_history(
        [(0.0, DAY, 5 * DAY, math.inf), (0.0, DAY, 5 * DAY, 0.5 * DAY)], now=2 * DAY
    )
    # Only the two lower bounds have passed: one hit (open), one miss (decided earlier).
    assert (shifts.answers_lower, shifts.misses_lower, shifts.answers_upper) == (2, 1, 0)
    f = engine.Forecast(median=np.array([3.0]), lo80=np.array([1.0]), hi80=np.array([6.0]))
    same = adaptive_forecast(f, AdaptiveShifts())
    assert same.lo80[0] == pytest.approx(1.0)
    assert same.hi80[0] == pytest.approx(6.0)
    wider = adaptive_forecast(f, AdaptiveShifts(lower=0.2, upper=0.2))
    assert wider.lo80[0] < 1.0
    assert wider.hi80[0] > 6.0
    assert wider.median[0] == 3.0
