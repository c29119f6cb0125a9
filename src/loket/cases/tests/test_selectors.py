"""Who sees which case, the case page's timeline and the live term clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User

from loket.cases.models import Case
from loket.cases.selectors import (
    case_get_for_applicant,
    case_term_clock,
    case_timeline,
    cases_for_applicant,
)
from loket.cases.services import case_create, case_record_event

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def amira() -> User:
    return get_user_model().objects.create_user(username="amira")


@pytest.fixture
def bram() -> User:
    return get_user_model().objects.create_user(username="bram")


@pytest.fixture
def case(amira: User) -> Case:
    return case_create(
        reference="FAM-1",
        product="family",
        received_at=at(2026, 3, 2),
        source="staff",
        applicant=amira,
    )


def test_an_applicant_sees_only_their_own_cases(case: Case, amira: User, bram: User) -> None:
    assert list(cases_for_applicant(amira)) == [case]
    assert list(cases_for_applicant(bram)) == []
    assert list(cases_for_applicant(AnonymousUser())) == []


def test_someone_elses_case_does_not_exist_for_you(case: Case, bram: User) -> None:
    assert case.applicant is not None
    assert case_get_for_applicant(case.applicant, "FAM-1") == case
    with pytest.raises(Case.DoesNotExist):
        case_get_for_applicant(bram, "FAM-1")


def test_the_timeline_marks_earlier_stages_done_and_the_current_one(case: Case) -> None:
    case_record_event(
        case=case, kind="stage_entered", stage="intake", at=at(2026, 3, 3), source="staff"
    )
    case_record_event(
        case=case, kind="stage_entered", stage="assessment", at=at(2026, 3, 9), source="staff"
    )
    timeline = case_timeline(case)
    states = {step.stage.code: step.state for step in timeline.steps}
    assert states == {
        "received": "done",
        "intake": "done",
        "assessment": "current",
        "decision": "upcoming",
        "document": "upcoming",
        "issued": "upcoming",
    }
    assert timeline.next_step is not None
    assert timeline.next_step.stage.code == "decision"
    assert [e.kind for e in timeline.events] == ["received", "stage_entered", "stage_entered"]


def test_the_live_term_clock_counts_an_open_request_up_to_today(case: Case) -> None:
    case_record_event(case=case, kind="information_requested", at=at(2026, 3, 10), source="staff")
    clock = case_term_clock(case, as_of=dt.date(2026, 3, 30))
    assert clock.is_suspended
    assert clock.suspended_days == 20
    assert clock.due == dt.date(2026, 6, 22)  # 31 May + 20 = Saturday 20 June, so Monday 22


def test_a_ready_document_closes_its_stage_and_later_stages_say_they_follow_a_decision() -> None:
    from loket.cases.selectors import case_timeline

    ready = case_create(
        reference="ST-READY", product="study", received_at=at(2026, 3, 2), source="staff"
    )
    case_record_event(
        case=ready, kind="stage_entered", stage="decision", at=at(2026, 3, 20), source="staff"
    )
    timeline = case_timeline(ready)
    assert timeline.next_step is not None
    assert timeline.next_step.stage.code == "document"
    assert timeline.next_step.after_decision  # not "next" before the decision
    case_record_event(
        case=ready, kind="decided", outcome="granted", at=at(2026, 3, 25), source="staff"
    )
    case_record_event(
        case=ready, kind="stage_entered", stage="document", at=at(2026, 3, 26), source="staff"
    )
    case_record_event(case=ready, kind="document_ready", at=at(2026, 4, 2), source="staff")
    ready.refresh_from_db()
    states = {step.stage.code: step.state for step in case_timeline(ready).steps}
    assert states["document"] == "done"  # made: what is left is collecting it
    assert states["issued"] == "upcoming"
