"""The public track record: did the first window we showed hold the decision?"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from loket.cases import services as case_services
from loket.cases.models import Case
from loket.forecasts import services
from loket.forecasts.models import FirstWindow
from loket.forecasts.published import published_figures_forget
from loket.forecasts.selectors import TRACK_RECORD_MIN_DECISIONS, forecast_track_record
from loket.kernel.actors import ANONYMOUS

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


def _decided_case(
    i: int, *, decided_day: int, window: tuple[int, int, int], waited_days: int = 1
) -> Case:
    """A study case received on 1 July, shown a window (days after 1 July) on 2 July, and
    decided ``decided_day`` days after 1 July."""
    july = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)
    case = case_services.case_create(
        reference=f"ST-{i:04d}", product="study", received_at=july, source="staff"
    )
    earliest, expected, latest = (july.date() + dt.timedelta(days=d) for d in window)
    FirstWindow.objects.create(
        case=case,
        shown_on=dt.date(2026, 7, 1) + dt.timedelta(days=waited_days),
        waited_days=waited_days,
        earliest_on=earliest,
        expected_on=expected,
        latest_on=latest,
    )
    case_services.case_record_event(
        case=case,
        kind="decided",
        at=july + dt.timedelta(days=decided_day),
        source="staff",
        outcome="granted",
    )
    return case


def test_decisions_are_counted_within_later_or_earlier_than_the_first_window() -> None:
    for i in range(TRACK_RECORD_MIN_DECISIONS):
        # 14 inside (day 30 in 20..40), 4 later (day 50), 2 earlier (day 10).
        day = 30 if i < 14 else (50 if i < 18 else 10)
        _decided_case(i, decided_day=day, window=(20, 30, 40))
    [record] = forecast_track_record(actor=ANONYMOUS, now=NOW)
    assert record.product.code == "study"
    assert (record.decisions, record.within, record.later, record.earlier) == (20, 14, 4, 2)
    assert record.in_ten == 7
    assert TrackRecordRound(15, 20) == 8  # 7.5 rounds up, not to even


def TrackRecordRound(within: int, decisions: int) -> int:  # noqa: N802 - reads as a check
    from loket.catalogue.models import ProductType
    from loket.forecasts.selectors import TrackRecord

    product = ProductType.objects.get(code="study")
    return TrackRecord(product, decisions, within, decisions - within, 0).in_ten


def test_windows_first_shown_late_in_the_wait_do_not_count() -> None:
    # Cases already open when forecasting started got their first window weeks in: it
    # would flatter the record, so they are left out.
    for i in range(TRACK_RECORD_MIN_DECISIONS):
        _decided_case(i, decided_day=30, window=(20, 30, 40), waited_days=15)
    assert forecast_track_record(actor=ANONYMOUS, now=NOW) == []


def test_too_few_decisions_are_not_published() -> None:
    for i in range(TRACK_RECORD_MIN_DECISIONS - 1):
        _decided_case(i, decided_day=30, window=(20, 30, 40))
    assert forecast_track_record(actor=ANONYMOUS, now=NOW) == []


def test_the_page_shows_the_track_record_in_both_languages(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    assert "Nog niet." in client.get("/processing-times/").content.decode()
    for i in range(TRACK_RECORD_MIN_DECISIONS):
        _decided_case(i, decided_day=30 if i % 5 else 60, window=(20, 30, 40))
    with django_capture_on_commit_callbacks(execute=True):
        published_figures_forget()  # as the refresh does when it publishes
    with timezone.override("Europe/Amsterdam"):
        english = " ".join(client.get("/en/processing-times/").content.decode().split())
        dutch = " ".join(client.get("/processing-times/").content.decode().split())
    assert "Did our forecasts come true?" in english
    assert "8 in 10 in the period" in english
    assert "Kwamen onze voorspellingen uit?" in dutch
    assert "8 van de 10 in de periode" in dutch


@pytest.mark.slow
def test_a_refresh_keeps_the_first_window_of_a_case(simulated_service: None) -> None:
    from loket.forecasts.tests.conftest import NOW as SIM_NOW

    services.forecasts_refresh(now=SIM_NOW)
    first = {w.case_id: w.latest_on for w in FirstWindow.objects.all()}
    assert first
    services.forecasts_refresh(now=SIM_NOW + dt.timedelta(days=3))
    again = {w.case_id: (w.latest_on, w.shown_on) for w in FirstWindow.objects.all()}
    for case_id, latest in first.items():
        assert again[case_id][0] == latest  # never overwritten
        assert again[case_id][1] == timezone.localdate(SIM_NOW)
    waited = FirstWindow.objects.values_list("waited_days", flat=True)
    assert min(waited) >= 0
    assert max(waited) > 2  # cases already open for a while when forecasting began
