from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loket.lib.forecasting.risk import (
    after_waiting,
    at_most_days,
    probability_after,
    residual_quantiles,
)


def test_a_legal_date_at_the_median_has_even_odds_of_being_missed() -> None:
    assert probability_after(20, lower=10, median=20, upper=40) == pytest.approx(0.5)


def test_a_legal_date_at_the_upper_bound_is_missed_one_time_in_ten() -> None:
    assert probability_after(40, lower=10, median=20, upper=40) == pytest.approx(0.1)


def test_a_legal_date_far_beyond_the_window_is_almost_never_missed() -> None:
    assert probability_after(400, lower=10, median=20, upper=40) == 0.0


def test_a_legal_date_long_before_the_window_is_almost_surely_missed() -> None:
    assert probability_after(-100, lower=10, median=20, upper=40) == 1.0


@given(
    lower=st.floats(0, 100),
    spread1=st.floats(0, 100),
    spread2=st.floats(0, 100),
    a=st.floats(-200, 400),
    b=st.floats(-200, 400),
)
def test_the_risk_of_being_late_falls_as_the_legal_date_moves_later(
    lower: float, spread1: float, spread2: float, a: float, b: float
) -> None:
    median, upper = lower + spread1, lower + spread1 + spread2
    early, late = min(a, b), max(a, b)
    p_early = probability_after(early, lower=lower, median=median, upper=upper)
    p_late = probability_after(late, lower=lower, median=median, upper=upper)
    assert 0.0 <= p_late <= p_early <= 1.0


def test_eighty_percent_of_durations_fall_within_the_published_figure() -> None:
    durations = [10, 12, 14, 20, 25, 30, 31, 35, 60, 90]
    assert at_most_days(durations) == 35
    assert sum(d <= 35 for d in durations) / len(durations) >= 0.8


def test_no_decisions_means_no_published_figure() -> None:
    assert at_most_days([]) is None


def test_a_case_that_has_not_waited_keeps_its_forecast() -> None:
    assert after_waiting(lower=10, median=20, upper=40, waited=0) == pytest.approx((10, 20, 40))


def test_waiting_shortens_the_time_to_go_but_less_than_the_wait() -> None:
    result = after_waiting(lower=10, median=20, upper=40, waited=15)
    assert result is not None
    low, mid, high = result
    assert 0 <= low <= mid <= high
    assert mid > 20 - 15  # only the later part of the distribution is still possible
    assert high == pytest.approx(26.5)  # the 93rd percentile of the forecast, minus the wait


def test_a_case_far_past_its_forecast_gets_no_model_window() -> None:
    assert after_waiting(lower=10, median=20, upper=40, waited=60) is None


def test_the_fallback_looks_at_earlier_cases_that_took_longer() -> None:
    durations = list(range(1, 201))  # 1..200 days
    result = residual_quantiles(durations, elapsed=100)
    assert result is not None
    low, mid, high = result
    assert low == pytest.approx(10.9)
    assert mid == pytest.approx(50.5)
    assert high == pytest.approx(90.1)
    assert residual_quantiles(durations, elapsed=190) is None  # too few cases that long


@given(
    lower=st.floats(0, 100),
    spread1=st.floats(0.1, 100),
    spread2=st.floats(0.1, 100),
    waited=st.floats(0, 300),
)
def test_quantiles_after_waiting_are_ordered_and_never_negative(
    lower: float, spread1: float, spread2: float, waited: float
) -> None:
    result = after_waiting(
        lower=lower, median=lower + spread1, upper=lower + spread1 + spread2, waited=waited
    )
    if result is not None:
        low, mid, high = result
        assert 0.0 <= low <= mid <= high
