"""The open request: what was asked, when, and by which date to answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from loket.cases import services
from loket.cases.domain.replies import DEFAULT_REPLY_DAYS
from loket.cases.models import Case, CaseEvent
from loket.documents.selectors import open_request_for
from loket.documents.tests.conftest import ASKED, QUESTION, at

pytestmark = pytest.mark.django_db


def test_a_waiting_case_has_the_request_text_date_and_default_reply_date(
    waiting_case: Case,
) -> None:
    request = open_request_for(waiting_case)
    assert request is not None
    assert request.text == QUESTION  # as staff wrote it, without the spaces around it
    assert request.asked_on == ASKED
    assert request.sequence == 2
    assert request.default_term
    assert request.reply_days == DEFAULT_REPLY_DAYS == 21
    # 3 Oct + 21 days is Saturday 24 Oct; the reply date moves to Monday 26 Oct.
    assert request.reply_by == dt.date(2026, 10, 26)
    assert request.days_left(dt.date(2026, 10, 20)) == 6
    assert request.days_left(dt.date(2026, 10, 26)) == 0
    assert not request.is_late(dt.date(2026, 10, 26))
    assert request.is_late(dt.date(2026, 10, 27))


def test_the_requests_own_days_are_the_reply_term(waiting_case: Case) -> None:
    events = list(waiting_case.events.order_by("sequence"))
    # The transition table allows days only on extensions today; the selector is ready for a
    # request that carries its own term (an event read from elsewhere, not stored here).
    events[-1] = CaseEvent(
        case=waiting_case, sequence=2, kind="information_requested", at=at(ASKED), days=10
    )
    request = open_request_for(waiting_case, events)
    assert request is not None
    assert request.reply_days == 10
    assert not request.default_term
    assert request.reply_by == dt.date(2026, 10, 13)  # a Tuesday


def test_the_latest_of_several_requests_is_the_open_one(amira: User) -> None:
    case = services.case_create(
        reference="ST-2",
        product="study",
        received_at=at(dt.date(2026, 9, 1)),
        source="staff",
        applicant=amira,
    )
    for kind, day, note in [
        ("information_requested", dt.date(2026, 9, 2), "first"),
        ("information_received", dt.date(2026, 9, 5), ""),
        ("information_requested", dt.date(2026, 9, 9), "second"),
    ]:
        services.case_record_event(case=case, kind=kind, at=at(day), source="staff", note=note)
    case.refresh_from_db()
    request = open_request_for(case)
    assert request is not None
    assert (request.text, request.sequence, request.asked_on) == ("second", 4, dt.date(2026, 9, 9))


def test_no_open_request_unless_the_case_waits_for_the_client(
    waiting_case: Case, amira: User
) -> None:
    services.case_record_event(
        case=waiting_case, kind="information_received", at=at(dt.date(2026, 10, 8)), source="staff"
    )
    waiting_case.refresh_from_db()
    assert open_request_for(waiting_case) is None
    never_asked = services.case_create(
        reference="ST-3",
        product="study",
        received_at=at(dt.date(2026, 9, 1)),
        source="staff",
        applicant=amira,
    )
    assert open_request_for(never_asked) is None


def test_a_request_without_text_has_empty_text(amira: User) -> None:
    case = services.case_create(
        reference="ST-4",
        product="study",
        received_at=at(dt.date(2026, 9, 1)),
        source="staff",
        applicant=amira,
    )
    services.case_record_event(
        case=case, kind="information_requested", at=at(dt.date(2026, 9, 2)), source="staff"
    )
    case.refresh_from_db()
    request = open_request_for(case)
    assert request is not None
    assert request.text == ""
