"""The transition table and the pure replay of a case's log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loket.cases.domain.transitions import (
    CLOSED_STATUSES,
    TRANSITIONS,
    CaseState,
    TransitionError,
    fold,
    replay,
)
from loket.cases.domain.vocabulary import CaseStatus, EventKind

from .conftest import at


@dataclass(frozen=True)
class Ev:
    kind: str
    at: dt.datetime
    days: int | None = None
    outcome: str = ""
    stage: str = ""


def log(*events: Ev) -> CaseState:
    return replay(events)


RECEIVED = Ev("received", at(2026, 3, 1))


def test_every_transition_uses_declared_statuses_and_kinds() -> None:
    for (current, kind), new in TRANSITIONS.items():
        assert current is None or current in CaseStatus.values
        assert kind in EventKind.values
        assert new in CaseStatus.values


def test_a_closed_case_has_no_way_out() -> None:
    assert not [key for key in TRANSITIONS if key[0] in CLOSED_STATUSES]


def test_a_received_event_opens_the_case() -> None:
    state = log(RECEIVED)
    assert state.status == CaseStatus.RECEIVED
    assert state.received_at == RECEIVED.at


def test_a_log_must_start_with_received() -> None:
    with pytest.raises(TransitionError, match="has not been received"):
        log(Ev("stage_entered", at(2026, 3, 1), stage="intake"))


def test_a_second_received_event_is_refused_and_the_error_names_the_event() -> None:
    with pytest.raises(TransitionError, match=r"event #2 'received'") as error:
        log(RECEIVED, Ev("received", at(2026, 3, 2)))
    assert error.value.kind == "received"
    assert error.value.index == 1


def test_entering_a_stage_puts_the_case_in_progress_at_that_stage() -> None:
    state = log(RECEIVED, Ev("stage_entered", at(2026, 3, 2), stage="intake"))
    assert (state.status, state.stage) == (CaseStatus.IN_PROGRESS, "intake")


def test_an_information_request_makes_the_case_wait_for_the_client_until_answered() -> None:
    waiting = log(RECEIVED, Ev("information_requested", at(2026, 3, 10)))
    assert waiting.status == CaseStatus.WAITING_FOR_CLIENT
    answered = fold(waiting, Ev("information_received", at(2026, 3, 20)))
    assert answered.status == CaseStatus.IN_PROGRESS


def test_an_information_request_may_give_the_days_to_reply() -> None:
    """The staff form stores the reply term in the request's days (none: the default)."""
    waiting = log(RECEIVED, Ev("information_requested", at(2026, 3, 10), days=14))
    assert waiting.status == CaseStatus.WAITING_FOR_CLIENT
    with pytest.raises(TransitionError, match="days to reply"):
        log(RECEIVED, Ev("information_requested", at(2026, 3, 10), days=0))
    with pytest.raises(TransitionError, match="only a term extension or an information request"):
        log(RECEIVED, Ev("withdrawn", at(2026, 3, 10), days=14))


def test_a_decision_needs_an_outcome() -> None:
    with pytest.raises(TransitionError, match="outcome"):
        log(RECEIVED, Ev("decided", at(2026, 4, 1)))


def test_an_extension_needs_days() -> None:
    with pytest.raises(TransitionError, match="positive number of days"):
        log(RECEIVED, Ev("term_extended", at(2026, 4, 1)))


def test_a_granted_case_is_decided_and_stays_open_until_the_document_is_issued() -> None:
    state = log(
        RECEIVED,
        Ev("decided", at(2026, 4, 1), outcome="granted"),
        Ev("document_ready", at(2026, 4, 5)),
    )
    assert state.status == CaseStatus.DOCUMENT_READY
    assert state.decided_at == at(2026, 4, 1)
    assert state.closed_at is None
    issued = fold(state, Ev("issued", at(2026, 4, 9)))
    assert issued.status == CaseStatus.ISSUED
    assert issued.closed_at == at(2026, 4, 9)


def test_a_refused_case_is_closed_at_its_decision_and_gets_no_document() -> None:
    state = log(RECEIVED, Ev("decided", at(2026, 4, 1), outcome="refused"))
    assert state.closed_at == at(2026, 4, 1)
    with pytest.raises(TransitionError, match="only a granted application"):
        fold(state, Ev("document_ready", at(2026, 4, 2)))


def test_a_withdrawn_case_accepts_no_more_events() -> None:
    state = log(RECEIVED, Ev("withdrawn", at(2026, 3, 5)))
    assert state.status == CaseStatus.WITHDRAWN
    assert state.closed_at == at(2026, 3, 5)
    with pytest.raises(TransitionError, match="'withdrawn'"):
        fold(state, Ev("stage_entered", at(2026, 3, 6), stage="intake"))


def test_a_decision_may_be_taken_while_waiting_for_the_client() -> None:
    state = log(
        RECEIVED,
        Ev("information_requested", at(2026, 3, 10)),
        Ev("decided", at(2026, 5, 1), outcome="refused"),
    )
    assert state.status == CaseStatus.DECIDED


def test_an_event_earlier_than_the_previous_one_is_refused() -> None:
    with pytest.raises(TransitionError, match="comes before the previous event"):
        log(RECEIVED, Ev("stage_entered", at(2026, 2, 1), stage="intake"))


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(TransitionError, match="unknown event kind"):
        log(RECEIVED, Ev("approved", at(2026, 3, 2)))


def test_an_extension_is_not_possible_after_the_decision() -> None:
    with pytest.raises(TransitionError):
        log(
            RECEIVED,
            Ev("decided", at(2026, 4, 1), outcome="granted"),
            Ev("term_extended", at(2026, 4, 2), days=10),
        )


def test_only_a_decision_has_an_outcome() -> None:
    with pytest.raises(TransitionError, match="only a decision has an outcome"):
        log(RECEIVED, Ev("withdrawn", at(2026, 3, 2), outcome="granted"))


kinds = st.sampled_from(EventKind.values)
event_lists = st.lists(
    st.tuples(
        kinds,
        st.integers(min_value=0, max_value=30),
        st.sampled_from(["", "granted", "refused"]),
    ),
    max_size=12,
)


def build(plan: list[tuple[str, int, str]]) -> list[Ev]:
    events, moment = [RECEIVED], RECEIVED.at
    for kind, gap, outcome in plan:
        moment += dt.timedelta(days=gap)
        events.append(
            Ev(
                kind,
                moment,
                days=10 if kind == EventKind.TERM_EXTENDED else None,
                outcome=outcome if kind == EventKind.DECIDED else "",
                stage="intake" if kind == EventKind.STAGE_ENTERED else "",
            )
        )
    return events


@given(event_lists)
def test_any_log_either_replays_to_a_consistent_state_or_names_the_refused_event(
    plan: list[tuple[str, int, str]],
) -> None:
    events = build(plan)
    refused: TransitionError | None = None
    try:
        state = replay(events)
    except TransitionError as error:
        refused = error
    if refused is not None:
        assert refused.index is not None
        assert refused.kind == events[refused.index].kind
        return
    assert state.status in CaseStatus.values
    assert (state.decided_at is not None) == bool(state.outcome)
    closed = state.status in CLOSED_STATUSES or state.outcome == "refused"
    assert (state.closed_at is not None) == closed
