"""Today's adaptive shifts are replayed from the stored first windows, and the applicant's
window goes through them (``forecasts/adaptive.py``, issue 12)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import numpy as np
import pytest
from django.utils import timezone

from loket.cases import services as case_services
from loket.cases.domain.vocabulary import EventKind, Outcome
from loket.cases.models import Case
from loket.forecasts import services
from loket.forecasts.adaptive import adaptive_shifts
from loket.forecasts.logs import load_service_log
from loket.forecasts.models import CasePrediction, FirstWindow, ForecastModel
from loket.lib.backtests import deployed
from loket.lib.forecasting import engine, windows
from loket.lib.forecasting.conformal import GAIN, MIN_WAITING, TAIL, AdaptiveShifts
from loket.lib.forecasting.features import ProcessState

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
JULY = dt.date(2026, 7, 1)
STEP = GAIN / MIN_WAITING  # the step of one answer while fewer than 100 are in flight


def _local(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time(hour)), timezone.get_default_timezone()
    )


def _case(i: int, *, window: tuple[int, int] | None, decided: int | None = None) -> Case:
    """A study case received on 1 July and shown a first window (days after 1 July) on
    2 July; decided ``decided`` days after 1 July (at 23:00 local), or still open."""
    case = case_services.case_create(
        reference=f"AD-{i:04d}", product="study", received_at=_local(JULY, 9), source="staff"
    )
    if window is not None:
        earliest, latest = (JULY + dt.timedelta(days=d) for d in window)
        FirstWindow.objects.create(
            case=case,
            shown_on=JULY + dt.timedelta(days=1),
            waited_days=1,
            earliest_on=earliest,
            expected_on=earliest,
            latest_on=latest,
        )
    if decided is not None:
        case_services.case_record_event(
            case=case,
            kind=EventKind.DECIDED,
            at=_local(JULY + dt.timedelta(days=decided), 23),
            source="staff",
            outcome=Outcome.GRANTED,
        )
    return case


def test_without_first_windows_nothing_moves() -> None:
    _case(0, window=None, decided=30)  # decided, but never shown a window
    assert adaptive_shifts(now=NOW) == AdaptiveShifts()


def test_decisions_after_the_latest_day_move_the_upper_shift_up() -> None:
    for i in range(20):
        _case(i, window=(20, 40), decided=50)
    shifts = adaptive_shifts(now=NOW)
    assert (shifts.answers_upper, shifts.misses_upper) == (20, 20)
    assert shifts.upper == pytest.approx(20 * STEP * (1 - TAIL))
    # Their lower bounds passed while the cases were open: hits, which narrow a little.
    assert (shifts.answers_lower, shifts.misses_lower) == (20, 0)
    assert shifts.lower == pytest.approx(-20 * STEP * TAIL)


def test_decisions_inside_the_window_narrow_it_and_early_ones_move_the_lower_shift() -> None:
    for i in range(10):
        _case(i, window=(20, 40), decided=30)
    inside = adaptive_shifts(now=NOW)
    assert inside.upper == pytest.approx(-10 * STEP * TAIL)
    assert inside.misses_upper == 0
    for i in range(10, 20):
        _case(i, window=(20, 40), decided=10)  # before the earliest day: a miss below
    shifts = adaptive_shifts(now=NOW)
    assert (shifts.answers_lower, shifts.misses_lower) == (20, 10)
    assert shifts.lower > 0 > inside.lower


def test_the_window_names_whole_days() -> None:
    # Decided late on its latest day: a hit; late on the day after: a miss above.
    _case(0, window=(20, 40), decided=40)
    assert adaptive_shifts(now=NOW).misses_upper == 0
    _case(1, window=(20, 40), decided=41)
    assert adaptive_shifts(now=NOW).misses_upper == 1
    # Decided late on its earliest day: not before it, so no miss below.
    _case(2, window=(20, 40), decided=20)
    assert adaptive_shifts(now=NOW).misses_lower == 0


def test_an_open_case_counts_once_its_bound_has_passed_and_a_withdrawn_one_never() -> None:
    _case(0, window=(20, 40))  # open on 20 November, long after 10 August: a miss above
    _case(1, window=(20, 400))  # open, its latest day still ahead: not answered yet
    withdrawn = _case(2, window=(20, 40))
    case_services.case_record_event(
        case=withdrawn, kind=EventKind.WITHDRAWN, at=_local(JULY, 12), source="staff"
    )
    shifts = adaptive_shifts(now=NOW)
    assert (shifts.answers_upper, shifts.misses_upper) == (1, 1)
    assert shifts.answers_lower == 2  # the two open cases were open on their earliest day
    # Before the latest day of the first case has passed, nothing is known about it.
    assert adaptive_shifts(now=_local(JULY + dt.timedelta(days=40), 12)).answers_upper == 0


def test_the_applicant_window_goes_through_the_shifts_the_backtest_measures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One function moves every window: the applicant's, the processing-times page's and
    # the as-deployed backtest's.
    assert vars(services)["adaptive_forecast"] is windows.adaptive_forecast
    assert vars(deployed)["adaptive_forecast"] is windows.adaptive_forecast
    history = [_case(i, window=(20, 60), decided=50) for i in range(20)]  # all inside
    applicant = case_services.case_create(
        reference="AD-OPEN", product="study", received_at=NOW, source="staff"
    )

    # The engine's own window for the open case is fixed, so only the shifts move it.
    def fixed(model: object, log: Any, *, state: object) -> engine.Forecast:
        n = log.n_cases
        return engine.Forecast(
            median=np.full(n, 20.0), lo80=np.full(n, 10.0), hi80=np.full(n, 40.0)
        )

    used: list[AdaptiveShifts | None] = []

    def spy(forecast: engine.Forecast, shifts: AdaptiveShifts | None) -> engine.Forecast:
        used.append(shifts)
        return windows.adaptive_forecast(forecast, shifts)

    monkeypatch.setattr(engine, "predict", fixed)  # the module services calls
    monkeypatch.setattr(services, "adaptive_forecast", spy)
    model_row = ForecastModel.objects.create(
        trained_at=NOW,
        data_until=NOW,
        training_cases=20,
        training_events=60,
        reason="first",
        artifact=b"",
    )
    model = cast(engine.ForecastModel, type("Model", (), {"outcome": None})())
    state = cast(ProcessState, None)  # only the (replaced) engine reads it

    def latest_day() -> dt.date:
        FirstWindow.objects.filter(case=applicant).delete()  # its own is not history
        log = load_service_log(now=NOW)
        services.cases_score(model_row=model_row, model=model, log=log, now=NOW, state=state)
        return CasePrediction.objects.get(case=applicant).latest_on

    hits = latest_day()
    assert used[-1] == adaptive_shifts(now=NOW)
    assert used[-1].upper < 0
    # The same decisions, but the windows shown had ended ten days before them.
    FirstWindow.objects.filter(case__in=history).update(latest_on=JULY + dt.timedelta(days=40))
    misses = latest_day()
    assert used[-1] == adaptive_shifts(now=NOW)
    assert used[-1].upper > 0
    assert misses > hits
