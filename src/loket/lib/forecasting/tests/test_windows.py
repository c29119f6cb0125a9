"""The open-case correction: past windows checked against what happened since."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from loket.lib.eventlogs.model import EventLog, EventLogBuilder
from loket.lib.forecasting import engine, windows
from loket.lib.forecasting.features import ProcessState
from loket.lib.forecasting.servicelog import ServiceLog
from loket.lib.forecasting.windows import OpenCaseCorrection, open_case_correction

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


def test_module_defaults_look_back_to_the_recent_past() -> None:
    # Still-open cases are counted by chance, so the recent past (most like today) is usable.
    days_back = windows.SNAPSHOT_DAYS_BACK
    assert tuple(sorted(days_back)) == days_back
    assert min(days_back) > 0
    assert max(days_back) <= 120


def _survival(cases: dict[str, Spec]) -> windows.DurationSurvival:
    return windows.DurationSurvival(_log_at(cases, NOW), NOW.timestamp())


LABEL = "received:study:standard"


def test_duration_survival_is_kaplan_meier_with_open_cases_censored() -> None:
    # Ten cases decided after 10, 20, ..., 100 days: half took longer than 55 days.
    decided: dict[str, Spec] = {f"d{k}": (300.0, 300.0 + 10 * k, None) for k in range(1, 11)}
    survival = _survival(decided)
    assert survival.survival(LABEL, np.array([5.0, 55.0, 100.0])) == pytest.approx([1, 0.5, 0])
    # Ten more still open after 50 days: they took longer than 50, so beyond 50 days the
    # survival is higher than if they were dropped, and they are not counted as decided.
    open_: dict[str, Spec] = {f"o{k}": (350.0, None, None) for k in range(10)}
    with_open = _survival(decided | open_)
    assert list(with_open.survival(LABEL, np.array([45.0, 55.0]))) == pytest.approx([0.8, 0.75])
    # Past 50 days only the 5 decided later are at risk: each takes a fifth of what is left.
    assert with_open.survival(LABEL, np.array([65.0]))[0] == pytest.approx(0.75 * 0.8)
    assert survival.survival(LABEL, np.array([65.0]))[0] == pytest.approx(0.4)
    # A kind not in the log gets the survival of all kinds together.
    assert with_open.survival("received:asylum:expert", np.array([55.0]))[0] == pytest.approx(
        with_open.survival(LABEL, np.array([55.0]))[0]
    )


def test_a_still_open_case_counts_with_the_chance_it_was_still_waiting() -> None:
    decided: dict[str, Spec] = {f"d{k}": (300.0, 300.0 + 10 * k, None) for k in range(1, 11)}
    survival = _survival(decided)
    past = windows.PastWindows(
        lower=np.zeros(3),
        median=np.zeros(3),
        upper=np.zeros(3),
        truth=np.array([5.0, 30.0, 30.0]),  # decided after 5 days; two still open after 30
        censored=np.array([False, True, True]),
        waited=np.array([0.0, 10.0, 10.0]),  # days from receipt to the past day
        labels=np.array([LABEL] * 3),
        survival=survival,
    )
    # Decided before its bound (10): on time. Still open past its bound (20): late for sure.
    # Bound 60 beyond today: late with P(> 70 days | > 40 days) = 0.3 / 0.6.
    share = past.share_later(np.array([10.0, 20.0, 60.0]))
    assert share == pytest.approx((0 + 1 + 0.5) / 3)


def test_still_open_cases_widen_the_window_instead_of_vanishing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One in ten cases never decided: with them the upper shift must be larger than without.
    days = (30.0, 39.0, 45.0)
    stuck = _run(monkeypatch, days, stuck=True, days_back=(90, 180), min_history_ratio=0.0)
    clean = _run(monkeypatch, days, stuck=False, days_back=(90, 180), min_history_ratio=0.0)
    assert stuck is not None
    assert clean is not None
    assert stuck.upper > clean.upper + 0.5


def test_the_shift_is_the_smallest_that_meets_the_target() -> None:
    # Smallest shift at which the share is at most the target, found by bisection.
    shift = windows._smallest_shift(lambda s: 1.0 if s < 0.3 else 0.0, 0.5)
    assert shift == pytest.approx(0.3, abs=1e-6)
    assert windows._smallest_shift(lambda s: 1.0, 0.5) is None
    assert windows._smallest_shift(lambda s: 0.0, 0.5) == -windows.MAX_SHIFT


def _one_application(product: str, moment: float) -> EventLog:
    builder = EventLogBuilder()
    builder.add_event("new", f"received:{product}:standard", moment)
    return builder.build()


def test_the_apply_today_forecast_learns_its_own_shifts(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every forecast said "10 days (5-20)"; an application really takes 40 days from receipt.
    monkeypatch.setattr(engine, "predict", _forecast_of((5.0, 10.0, 20.0)))
    cases = _cases(stuck=False)
    correction = open_case_correction(
        log_at=lambda m: _log_at(cases, m),
        now_log=_log_at(cases, NOW),
        now=NOW,
        train=lambda decided, state: object(),  # type: ignore[arg-type,return-value]
        days_back=(60, 90, 120, 180),  # 4 x 14 days x 2 a day: enough applications
        min_history_ratio=0.0,
        new_application_log=_one_application,
    )
    assert correction is not None
    assert correction.new_application is not None
    one = (np.array([5.0]), np.array([10.0]), np.array([20.0]))
    lower, median, upper = correction.apply_new(*one)
    assert lower[0] <= 40.0 <= upper[0]
    assert 35.0 <= median[0] <= 45.0  # half of the applications decided by the median
    # Open cases had waited already, so their shifts differ from a new application's.
    assert correction.apply(*one)[1][0] != pytest.approx(median[0])


def test_a_correction_stored_before_new_application_shifts_uses_the_open_case_ones() -> None:
    stored = OpenCaseCorrection(0.1, 0.2, 0.3, [], 500, 12, 0.61).as_json()
    del stored["new_application"]
    c = OpenCaseCorrection.from_json(stored)
    one = (np.array([9.0]), np.array([19.0]), np.array([29.0]))
    assert [v[0] for v in c.apply_new(*one)] == [v[0] for v in c.apply(*one)]
