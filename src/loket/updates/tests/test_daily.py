"""The daily job: a reminder before an unanswered request's reply date, and one message once
the legal date has passed. Each once, however often the job runs; never for a case that
waits for its applicant or is decided; never in words that contradict the delay notice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import formats, translation
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks
from time_machine import TimeMachineFixture

from loket.cases import services as case_services
from loket.cases.domain.vocabulary import EventKind, EventSource, Outcome
from loket.cases.models import Case
from loket.forecasts.notices import delay_notices_send
from loket.forecasts.tests.factories import late_prediction
from loket.notifications.models import Channel, Message, MessageKind
from loket.updates.models import CaseUpdate
from loket.updates.services import DailyResult, updates_daily_send

from .conftest import NOW, OpenCase, deliver_all, portal, updates_of

pytestmark = pytest.mark.django_db

Capture = DjangoCaptureOnCommitCallbacks
UTC = dt.UTC


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _dutch(day: dt.date) -> str:
    with translation.override("nl"):
        return formats.date_format(day, "j F Y")


# --- reminders ---------------------------------------------------------------------------


def _waiting(open_case: OpenCase, applicant: User | None) -> Case:
    """Asked on Monday 16 November for a copy of a contract; three weeks to reply, so by
    Monday 7 December: four days after ``NOW``."""
    case = open_case(applicant, received_at=_at(dt.date(2026, 11, 2)))
    case_services.case_record_event(
        case=case,
        kind=EventKind.INFORMATION_REQUESTED,
        at=_at(dt.date(2026, 11, 16)),
        source=EventSource.STAFF,
        note="Een kopie van uw arbeidscontract.",
    )
    return case


def test_a_reminder_goes_once_when_the_reply_date_is_five_days_away_or_less(
    anouk: User, open_case: OpenCase, frozen: TimeMachineFixture
) -> None:
    case = _waiting(open_case, anouk)
    # Six days before the reply date: not yet.
    assert updates_daily_send(now=NOW - dt.timedelta(days=2)) == DailyResult(0, 0)
    assert updates_daily_send(now=NOW) == DailyResult(reminders=1, legal_dates_passed=0)
    assert updates_daily_send(now=NOW) == DailyResult(0, 0)
    assert updates_daily_send(now=NOW + dt.timedelta(days=1)) == DailyResult(0, 0)

    messages = updates_of(case)
    assert sorted(m.channel for m in messages) == [Channel.EMAIL, Channel.PORTAL]
    for message in messages:
        assert message.kind == MessageKind.REPLY_REMINDER
        assert message.language == "nl"
        assert message.subject == (
            f"{case.reference}: herinnering, stuur uw informatie uiterlijk 7 december 2026"
        )
        assert "Op 16 november 2026 hebben wij u om informatie gevraagd" in message.body
        assert "Een kopie van uw arbeidscontract." in message.body
        assert "Stuur het uiterlijk 7 december 2026." in message.body
        assert f"/cases/{case.reference}/" in message.body
    assert deliver_all(frozen, after=dt.timedelta(minutes=16)) == 2


def test_no_reminder_once_the_information_came_or_the_case_was_decided(
    anouk: User, sam: User, open_case: OpenCase, frozen: TimeMachineFixture
) -> None:
    answered = _waiting(open_case, anouk)
    case_services.case_record_event(
        case=answered,
        kind=EventKind.INFORMATION_RECEIVED,
        at=_at(dt.date(2026, 11, 20)),
        source=EventSource.CLIENT,
    )
    decided = _waiting(open_case, sam)
    case_services.case_record_event(
        case=decided,
        kind=EventKind.DECIDED,
        outcome=Outcome.REFUSED,
        at=_at(dt.date(2026, 11, 30)),
        source=EventSource.STAFF,
    )
    assert updates_daily_send(now=NOW).reminders == 0
    assert not Message.objects.exists()


def test_no_reminder_after_the_reply_date_nor_without_an_account(
    anouk: User, open_case: OpenCase, frozen: TimeMachineFixture
) -> None:
    _waiting(open_case, None)
    _waiting(open_case, anouk)
    # 8 December: the reply date has passed; the team follows it up (the staff work list).
    assert updates_daily_send(now=NOW + dt.timedelta(days=5)).reminders == 0
    assert not Message.objects.exists()
    assert not CaseUpdate.objects.exists()


# --- the legal date passed ------------------------------------------------------------------

RECEIVED_IN_AUGUST = _at(dt.date(2026, 8, 3))  # 90 days: Sunday 1 November, so Monday 2 November


def test_one_message_once_the_legal_date_has_passed(
    anouk: User, open_case: OpenCase, frozen: TimeMachineFixture
) -> None:
    case = open_case(anouk, received_at=RECEIVED_IN_AUGUST)
    assert case.decision_due == dt.date(2026, 11, 2)
    late_prediction(case, at=NOW, days_after_due=(35, 45, 60))  # 7 Dec .. 1 Jan

    assert updates_daily_send(now=NOW) == DailyResult(reminders=0, legal_dates_passed=1)
    assert updates_daily_send(now=NOW) == DailyResult(0, 0)
    assert updates_daily_send(now=NOW + dt.timedelta(days=1)) == DailyResult(0, 0)

    messages = updates_of(case)
    assert len(messages) == 2
    for message in messages:
        assert message.kind == MessageKind.LEGAL_DATE_PASSED
        assert message.subject == f"{case.reference}: wij hebben niet op tijd besloten"
        body = message.body
        # Past tense, an apology, the window, what they can do, and the case page.
        assert "Wij moesten uiterlijk 2 november 2026 beslissen" in body
        assert "Die datum is voorbij" in body
        assert "Het spijt ons." in body
        assert "tussen 7 december 2026 en 1 januari 2027" in body
        assert "ingebrekestelling" in body
        assert "U hoeft niets te doen." in body
        assert f"http://127.0.0.1:8000/cases/{case.reference}/" in body
        # Nothing that speaks of the date as if it were still ahead.
        assert "halen" not in body
        assert "Wij moeten uiterlijk" not in body


def test_the_day_after_the_legal_date_is_the_first_day_it_is_told(
    anouk: User, open_case: OpenCase, frozen: TimeMachineFixture
) -> None:
    case = open_case(anouk, received_at=RECEIVED_IN_AUGUST)
    on_the_day = _at(dt.date(2026, 11, 2), hour=20)
    assert updates_daily_send(now=on_the_day).legal_dates_passed == 0
    assert updates_daily_send(now=on_the_day + dt.timedelta(hours=6)).legal_dates_passed == 1
    body = portal(updates_of(case)).body
    # No forecast for this case: no window is promised.
    assert "Wij kunnen nog niet zeggen wanneer wij beslissen." in body


def test_a_forecast_window_that_has_begun_or_passed_is_not_told_as_ahead(
    anouk: User, sam: User, open_case: OpenCase, frozen: TimeMachineFixture
) -> None:
    begun = open_case(anouk, received_at=RECEIVED_IN_AUGUST)
    late_prediction(begun, at=NOW, days_after_due=(20, 35, 40))  # 22 Nov .. 12 Dec
    passed = open_case(sam, received_at=RECEIVED_IN_AUGUST)
    late_prediction(passed, at=NOW, days_after_due=(5, 10, 20))  # ended 22 Nov
    assert updates_daily_send(now=NOW).legal_dates_passed == 2
    assert (
        "Wij verwachten nu uiterlijk 12 december 2026 een besluit."
        in portal(updates_of(begun)).body
    )
    english = portal(updates_of(passed)).body
    assert "We cannot say yet when we will decide." in english
    assert "22 November" not in english


def test_no_legal_date_message_while_waiting_for_the_applicant_or_once_decided(
    anouk: User,
    sam: User,
    django_user_model: type[User],
    open_case: OpenCase,
    frozen: TimeMachineFixture,
) -> None:
    waiting = open_case(anouk, received_at=RECEIVED_IN_AUGUST)
    case_services.case_record_event(
        case=waiting,
        kind=EventKind.INFORMATION_REQUESTED,
        at=_at(dt.date(2026, 11, 10)),
        source=EventSource.STAFF,
    )
    decided = open_case(sam, received_at=RECEIVED_IN_AUGUST)
    case_services.case_record_event(
        case=decided,
        kind=EventKind.DECIDED,
        outcome=Outcome.GRANTED,
        at=_at(dt.date(2026, 11, 10)),
        source=EventSource.STAFF,
    )
    open_case(None, received_at=RECEIVED_IN_AUGUST)  # no account: the team phones them
    assert waiting.decision_due is not None
    assert waiting.decision_due < NOW.date()

    assert updates_daily_send(now=NOW) == DailyResult(0, 0)
    assert not Message.objects.exists()


def test_the_legal_date_message_agrees_with_the_delay_notice_sent_before(
    anouk: User,
    open_case: OpenCase,
    frozen: TimeMachineFixture,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    before = NOW - dt.timedelta(days=13)  # 20 November
    case = open_case(anouk, received_at=_at(dt.date(2026, 9, 1)))
    assert case.decision_due == dt.date(2026, 11, 30)
    late_prediction(case, at=before, days_after_due=(10, 20, 30))  # 10 .. 30 December

    assert delay_notices_send(now=before) == 1
    assert updates_daily_send(now=before).legal_dates_passed == 0
    # After the legal date: no second delay notice, and the legal-date message instead.
    assert delay_notices_send(now=NOW) == 0
    assert updates_daily_send(now=NOW).legal_dates_passed == 1

    notice = Message.objects.get(case=case, kind=MessageKind.DELAY_NOTICE, channel=Channel.PORTAL)
    passed = Message.objects.get(
        case=case, kind=MessageKind.LEGAL_DATE_PASSED, channel=Channel.PORTAL
    )
    due, earliest, latest = (
        _dutch(day) for day in (dt.date(2026, 11, 30), dt.date(2026, 12, 10), dt.date(2026, 12, 30))
    )
    window = f"tussen {earliest} en {latest}"
    for message in (notice, passed):
        # The same legal date, the same window, the same advice.
        assert f"uiterlijk {due}" in message.body
        assert window in message.body
        assert "ingebrekestelling" in message.body
        assert "8 van de 10" in message.body
