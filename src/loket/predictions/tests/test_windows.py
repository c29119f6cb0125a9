"""The open-case correction: past windows checked against what happened since."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from loket.eventlog.model import EventLog, EventLogBuilder
from loket.forecasting import engine
from loket.forecasting.features import ProcessState
from loket.predictions import windows
from loket.predictions.logs import ServiceLog
from loket.predictions.windows import OpenCaseCorrection, open_case_correction

DAY = 86_400.0
NOW = dt.datetime(2026, 11, 22, 7, 0, tzinfo=dt.UTC)
START = NOW - dt.timedelta(days=400)

# (received day, decided day or None = still open, withdrawn day or None), days after START.
Spec = tuple[float, float | None, float | None]


def _cases(*, stuck: bool = True) -> dict[str, Spec]:
    """Two a day for 400 days; every case takes 40 days, except one in ten still open (when
    ``stuck``) and one in twenty withdrawn after 20 days."""
    cases: dict[str, Spec] = {}
    for i in range(800):
        received = i / 2
        if stuck and i % 10 == 3:
            cases[f"c{i}"] = (received, None, None)
        elif i % 20 == 7:
            cases[f"c{i}"] = (received, None, received + 20)
        else:
            cases[f"c{i}"] = (received, received + 40, None)
    return cases


def _log_at(cases: dict[str, Spec], moment: dt.datetime) -> ServiceLog:
    cut = (moment - START).total_seconds() / DAY
    decided, open_ = EventLogBuilder(), EventLogBuilder()
    base = START.timestamp()
    for ref, (received, done, withdrawn) in cases.items():
        if received > cut or (withdrawn is not None and withdrawn <= cut):
            continue
        builder = decided if done is not None and done <= cut else open_
        builder.add_event(ref, "received:study:standard", base + received * DAY)
        builder.add_event(ref, "stage:study:assessment", base + (received + 1) * DAY)
        if builder is decided:
            builder.add_event(ref, "decided", base + (done or 0) * DAY)
    return ServiceLog(decided.build(), open_.build(), [], {})


def _forecast_of(days: tuple[float, float, float]) -> object:
    """An engine.predict that forecasts every case the same, from its last event."""

    def fake(model: object, log: EventLog, *args: object, **kwargs: object) -> engine.Forecast:
        n = log.n_cases
        lo, med, hi = days
        return engine.Forecast(np.full(n, med), np.full(n, lo), np.full(n, hi))

    return fake


def _run(
    monkeypatch: pytest.MonkeyPatch,
    days: tuple[float, float, float],
    *,
    stuck: bool = True,
    days_back: tuple[int, ...],
    min_history_ratio: float,
) -> OpenCaseCorrection | None:
    monkeypatch.setattr(engine, "predict", _forecast_of(days))
    cases = _cases(stuck=stuck)

    def train(decided: EventLog, state: ProcessState) -> engine.ForecastModel:
        return object()  # type: ignore[return-value]  # predict is replaced above

    return open_case_correction(
        log_at=lambda m: _log_at(cases, m),
        now_log=_log_at(cases, NOW),
        now=NOW,
        train=train,
        days_back=days_back,
        min_history_ratio=min_history_ratio,
    )


def test_windows_that_were_too_early_are_moved_later(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every forecast said "10 days (5-20) after the last event"; it is really 39 days.
    correction = _run(monkeypatch, (5.0, 10.0, 20.0), days_back=(90, 180), min_history_ratio=0.0)
    assert correction is not None
    assert correction.coverage_before < 0.5
    assert correction.upper > 0
    assert correction.median > 0
    lower, median, upper = correction.apply(np.array([5.0]), np.array([10.0]), np.array([20.0]))
    assert median[0] > 10
    assert upper[0] > 20
    assert lower[0] <= median[0] <= upper[0]
    assert correction.snapshots == [
        (NOW - dt.timedelta(days=90)).isoformat(),
        (NOW - dt.timedelta(days=180)).isoformat(),
    ]
    # Open on a snapshot day and still open now (one in ten), they waited past any window
    # of those days: counted, as misses above; withdrawn cases are not counted.
    assert correction.undetermined == 0


def test_honest_windows_are_not_widened(monkeypatch: pytest.MonkeyPatch) -> None:
    # Forecasts of 35-43 days after the last event, median 39: right for the decided cases.
    correction = _run(
        monkeypatch, (35.0, 39.0, 43.0), stuck=False, days_back=(90, 180), min_history_ratio=0.0
    )
    assert correction is not None
    assert correction.coverage_before >= 0.85
    assert abs(correction.median) < 0.1
    assert correction.upper <= 0.05


def test_a_past_with_much_less_history_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    # 270 days back the service had decided far less than half of today's cases.
    correction = _run(monkeypatch, (5.0, 10.0, 20.0), days_back=(90, 270), min_history_ratio=0.5)
    assert correction is not None
    assert correction.snapshots == [(NOW - dt.timedelta(days=90)).isoformat()]
    assert _run(monkeypatch, (5.0, 10.0, 20.0), days_back=(350,), min_history_ratio=0.5) is None


def test_the_correction_survives_the_database() -> None:
    c = OpenCaseCorrection(0.1, 0.2, 0.3, ["2026-08-24T07:00:00+00:00"], 500, 12, 0.61)
    assert OpenCaseCorrection.from_json(c.as_json()) == c
    lower, median, upper = c.apply(np.array([9.0]), np.array([19.0]), np.array([29.0]))
    assert lower[0] == pytest.approx(math.expm1(math.log(10) - 0.1))
    assert median[0] == pytest.approx(math.expm1(math.log(20) + 0.2))
    assert upper[0] == pytest.approx(math.expm1(math.log(30) + 0.3))


def test_module_defaults_look_back_far_enough() -> None:
    assert min(windows.SNAPSHOT_DAYS_BACK) >= 60


def test_censored_quantile_without_censoring_is_the_conformal_quantile() -> None:
    values = np.arange(100, dtype=np.float64)
    none = np.zeros(100, dtype=np.bool_)
    assert windows.censored_quantile(values, none, 0.9) == (
        engine.conformal_quantile(values, 0.9, np.ones(100)),
        True,
    )
    assert windows.censored_quantile(values, none, 0.5, conformal=False) == (49.0, True)


def test_still_open_cases_push_the_quantile_up_instead_of_vanishing() -> None:
    # 80 decided with scores 0..79; 20 still open whose scores are at least 50.
    values = np.concatenate([np.arange(80.0), np.full(20, 50.0)])
    censored = np.concatenate([np.zeros(80, np.bool_), np.ones(20, np.bool_)])
    dropped = engine.conformal_quantile(np.arange(80.0), 0.9, np.ones(80))
    as_if_decided = engine.conformal_quantile(values, 0.9, np.ones(100))
    km, reached = windows.censored_quantile(values, censored, 0.9)
    assert reached
    assert km > dropped
    assert km > as_if_decided
    # Their weight goes to the larger decided scores: 50..79 share it.
    assert 70 <= km <= 79


def test_when_open_cases_hide_the_top_the_quantile_says_so() -> None:
    # 85 decided at 0..84, 15 still open at bounds of 90: 90% is beyond what is known.
    values = np.concatenate([np.arange(85.0), np.full(15, 90.0)])
    censored = np.concatenate([np.zeros(85, np.bool_), np.ones(15, np.bool_)])
    value, reached = windows.censored_quantile(values, censored, 0.9)
    assert not reached
    assert value == 90.0
