"""case_create and case_record_event: one event at a time, checked, in one transaction."""

from __future__ import annotations

import datetime as dt

import pytest

from loket.cases.domain.errors import CaseRuleError
from loket.cases.domain.termclock import TermError
from loket.cases.domain.transitions import TransitionError
from loket.cases.models import Case, CaseEvent, CaseStatus
from loket.cases.services import case_create, case_record_event

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def case() -> Case:
    # 2 March 2026 + 90 days = Sunday 31 May, so the legal date is Monday 1 June.
    return case_create(
        reference="KM-1", product="knowledge-migrant", received_at=at(2026, 3, 2), source="staff"
    )


def test_a_new_case_starts_with_its_received_event_at_the_first_stage(case: Case) -> None:
    assert case.status == CaseStatus.RECEIVED
    assert case.stage == "received"
    assert case.decision_due == dt.date(2026, 6, 1)
    assert list(case.events.values_list("sequence", "kind")) == [(1, "received")]


def test_recording_an_answered_information_request_moves_the_due_date_by_the_waiting_days(
    case: Case,
) -> None:
    case_record_event(case=case, kind="information_requested", at=at(2026, 3, 10), source="staff")
    case_record_event(case=case, kind="information_received", at=at(2026, 3, 20), source="staff")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.decision_due == dt.date(2026, 6, 10)  # 31 May + 10 = 10 June (Wednesday)


def test_an_extension_moves_the_due_date(case: Case) -> None:
    case_record_event(case=case, kind="term_extended", days=30, at=at(2026, 5, 1), source="staff")
    case.refresh_from_db()
    assert case.decision_due == dt.date(2026, 6, 30)


def test_an_extension_beyond_the_maximum_is_refused_and_nothing_is_written(case: Case) -> None:
    with pytest.raises(TermError):
        case_record_event(
            case=case, kind="term_extended", days=91, at=at(2026, 5, 1), source="staff"
        )
    assert case.events.count() == 1
    case.refresh_from_db()
    assert case.decision_due == dt.date(2026, 6, 1)


def test_an_illegal_transition_is_refused_and_nothing_is_written(case: Case) -> None:
    with pytest.raises(TransitionError, match="'issued'"):
        case_record_event(case=case, kind="issued", at=at(2026, 3, 3), source="staff")
    assert case.events.count() == 1


def test_a_stage_that_the_product_does_not_have_is_refused(case: Case) -> None:
    with pytest.raises(CaseRuleError, match="does not exist"):
        case_record_event(
            case=case, kind="stage_entered", stage="ceremony", at=at(2026, 3, 3), source="staff"
        )


def test_a_naive_timestamp_is_refused(case: Case) -> None:
    with pytest.raises(CaseRuleError, match="time zone"):
        case_record_event(
            case=case,
            kind="withdrawn",
            at=dt.datetime(2026, 3, 3, 9),
            source="staff",
        )


def test_a_decision_sets_outcome_and_decided_at_and_keeps_the_legal_date(case: Case) -> None:
    event = case_record_event(
        case=case, kind="decided", outcome="granted", at=at(2026, 4, 1), source="staff"
    )
    assert isinstance(event, CaseEvent)
    assert event.sequence == 2
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.DECIDED, "granted")
    assert case.decided_at == at(2026, 4, 1)
    assert case.decision_due == dt.date(2026, 6, 1)
    assert case.closed_at is None


def test_the_callers_case_instance_is_updated_too(case: Case) -> None:
    case_record_event(
        case=case, kind="stage_entered", stage="intake", at=at(2026, 3, 3), source="staff"
    )
    assert (case.status, case.stage) == (CaseStatus.IN_PROGRESS, "intake")
