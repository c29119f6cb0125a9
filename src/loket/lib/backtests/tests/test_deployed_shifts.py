"""The shifts the deployed backtest reports are the ones in force when the log ends: a bound
that would pass after the extraction was never answered in the product's world."""

from __future__ import annotations

import numpy as np

from loket.kernel.time import DAY
from loket.lib.backtests.deployed import Walk, adapt
from loket.lib.forecasting import engine


def _walk(*, ends_days: list[float], upper_days: float) -> Walk:
    n = len(ends_days)
    return Walk(
        case=np.arange(n),
        k=np.ones(n, dtype=np.int64),
        moment=np.zeros(n),
        end=np.array(ends_days) * DAY,
        forecast=engine.Forecast(
            median=np.full(n, 1.0), lo80=np.full(n, 0.1), hi80=np.full(n, upper_days)
        ),
        base=np.full(n, 1.0),
        t0=0.0,
        trainings=1,
        retrain_every_days=0.0,
        train_s=0.0,
    )


def test_upper_bounds_passing_after_the_log_ends_are_not_counted() -> None:
    # Every case closed on day 1, the log ends there; the upper bounds pass on day 5.
    _, pending = adapt(_walk(ends_days=[1.0] * 30, upper_days=5.0))
    shifts = pending.shifts
    assert shifts.answers_upper == 0
    assert shifts.upper == 0.0
    assert shifts.answers_lower == 30  # the lower bounds passed on day 0.1: known


def test_upper_bounds_passed_before_the_log_ends_are_counted() -> None:
    # One case stays open to day 10, so the log ends then and the day-5 bounds are known.
    _, pending = adapt(_walk(ends_days=[1.0] * 29 + [10.0], upper_days=5.0))
    assert pending.shifts.answers_upper == 30
    assert pending.shifts.misses_upper == 1
