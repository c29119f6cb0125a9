"""The case workflow, declared as data: (current status, event kind) -> new status.

Anything not in ``TRANSITIONS`` is refused. ``fold`` applies one event to a state and
``replay`` folds a whole log, so the current state of a case is always a pure function of
its events. The Case row's status/stage/outcome/decided_at/closed_at are this state, stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Final, Protocol

from loket.cases.domain.errors import CaseRuleError
from loket.cases.domain.vocabulary import EVENT_KINDS, OUTCOMES, CaseStatus, EventKind, Outcome

S = CaseStatus
K = EventKind

_OPEN: Final = (S.RECEIVED, S.IN_PROGRESS, S.WAITING_FOR_CLIENT)

# ``None`` is "no case yet": the log must start with ``received``.
TRANSITIONS: Final[Mapping[tuple[CaseStatus | None, EventKind], CaseStatus]] = {
    (None, K.RECEIVED): S.RECEIVED,
    (S.RECEIVED, K.STAGE_ENTERED): S.IN_PROGRESS,
    (S.IN_PROGRESS, K.STAGE_ENTERED): S.IN_PROGRESS,
    # The process may move on while the client is asked for something; the term stays suspended.
    (S.WAITING_FOR_CLIENT, K.STAGE_ENTERED): S.WAITING_FOR_CLIENT,
    (S.RECEIVED, K.INFORMATION_REQUESTED): S.WAITING_FOR_CLIENT,
    (S.IN_PROGRESS, K.INFORMATION_REQUESTED): S.WAITING_FOR_CLIENT,
    (S.WAITING_FOR_CLIENT, K.INFORMATION_RECEIVED): S.IN_PROGRESS,
    **{(status, K.TERM_EXTENDED): status for status in _OPEN},
    # A decision may also be taken while waiting (e.g. a refusal when no answer came).
    **{(status, K.DECIDED): S.DECIDED for status in _OPEN},
    **{(status, K.WITHDRAWN): S.WITHDRAWN for status in _OPEN},
    # After the decision only the document's journey remains (stages such as "ceremony").
    (S.DECIDED, K.STAGE_ENTERED): S.DECIDED,
    (S.DOCUMENT_READY, K.STAGE_ENTERED): S.DOCUMENT_READY,
    (S.DECIDED, K.DOCUMENT_READY): S.DOCUMENT_READY,
    (S.DECIDED, K.ISSUED): S.ISSUED,  # e.g. a sticker placed at the desk right away
    (S.DOCUMENT_READY, K.ISSUED): S.ISSUED,
}

# Events with days: the extension of the term, and the days the client has to reply to an
# information request (none: the default reply term; they do not change the legal date).
HAS_DAYS: Final = frozenset({K.TERM_EXTENDED, K.INFORMATION_REQUESTED})
# Only a granted application leads to a document.
NEEDS_GRANT: Final = frozenset({K.DOCUMENT_READY, K.ISSUED})
# Statuses after which nothing more happens (a refusal closes the case at its decision).
CLOSED_STATUSES: Final = frozenset({S.ISSUED, S.WITHDRAWN})


class TransitionError(CaseRuleError):
    """An event that the transition table does not allow in the case's current state."""

    def __init__(
        self, message: str, *, kind: str, at: dt.datetime | None, index: int | None
    ) -> None:
        super().__init__(message)
        self.kind = kind  # as given: ``str``, since an unknown kind is one of the errors
        self.at = at
        self.index = index


class EventLike(Protocol):
    """What ``fold`` reads from an event: a CaseEvent, an EventRow or any similar object.

    ``kind`` and ``outcome`` are ``str`` here, not the enums: a stored ``CaseEvent`` holds
    plain strings (and "" for no outcome, where an ``EventRow`` has ``None``); ``fold``
    checks them and keeps the enum members in ``CaseState``.
    """

    @property
    def kind(self) -> str: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def days(self) -> int | None: ...
    @property
    def outcome(self) -> str | None: ...
    @property
    def stage(self) -> str: ...


@dataclass(frozen=True, slots=True)
class CaseState:
    status: CaseStatus
    received_at: dt.datetime
    last_at: dt.datetime
    stage: str = ""
    outcome: Outcome | None = None
    decided_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    events: int = 1

    @property
    def is_open(self) -> bool:
        return self.status in _OPEN


def _describe(event: EventLike, index: int | None) -> str:
    where = f"event #{index + 1} " if index is not None else "event "
    return f"{where}'{event.kind}' at {event.at.isoformat()}"


def _fail(event: EventLike, index: int | None, why: str) -> TransitionError:
    return TransitionError(
        f"{_describe(event, index)}: {why}", kind=event.kind, at=event.at, index=index
    )


def allowed_kinds(status: CaseStatus | None) -> list[EventKind]:
    """The event kinds the table allows in ``status`` (for error messages and the UI)."""
    return [kind for (current, kind) in TRANSITIONS if current == status]


def fold(state: CaseState | None, event: EventLike, *, index: int | None = None) -> CaseState:
    """Apply one event to ``state`` (``None`` before the first event) and return the new state."""
    kind, new_status = _transition(state, event, index)
    outcome = _checked_fields(kind, event, index)
    if state is None:
        return CaseState(
            status=new_status, received_at=event.at, last_at=event.at, stage=event.stage
        )
    _check_follows(state, kind, event, index)

    changes: dict[str, object] = {"status": new_status, "last_at": event.at}
    if event.stage:
        changes["stage"] = event.stage
    if kind == K.DECIDED:
        changes["outcome"] = outcome
        changes["decided_at"] = event.at
        if outcome == Outcome.REFUSED:
            changes["closed_at"] = event.at
    if new_status in CLOSED_STATUSES:
        changes["closed_at"] = event.at
    return replace(state, events=state.events + 1, **changes)  # type: ignore[arg-type]


def _transition(
    state: CaseState | None, event: EventLike, index: int | None
) -> tuple[EventKind, CaseStatus]:
    """The event's kind and the status the table leads to from ``state``; raises if none."""
    if event.kind not in EVENT_KINDS:
        raise _fail(event, index, f"unknown event kind; use one of {', '.join(EventKind.values)}.")
    kind = EventKind(event.kind)
    current = state.status if state is not None else None
    new_status = TRANSITIONS.get((current, kind))
    if new_status is None:
        allowed = ", ".join(allowed_kinds(current)) or "none"
        when = f"a case that is '{current}'" if current else "a case that has not been received"
        raise _fail(event, index, f"not allowed for {when} (allowed: {allowed}).")
    return kind, new_status


def _checked_fields(kind: EventKind, event: EventLike, index: int | None) -> Outcome | None:
    """Check the event's days, outcome and stage against its kind; returns its outcome."""
    if kind == K.TERM_EXTENDED and (event.days is None or event.days <= 0):
        raise _fail(event, index, "a term extension needs a positive number of days.")
    if kind == K.DECIDED and event.outcome not in OUTCOMES:
        raise _fail(event, index, "a decision needs an outcome: 'granted' or 'refused'.")
    if event.days is not None and kind not in HAS_DAYS:
        raise _fail(event, index, "only a term extension or an information request has days.")
    if kind == K.INFORMATION_REQUESTED and event.days is not None and event.days <= 0:
        raise _fail(event, index, "the days to reply to a request must be positive.")
    if event.outcome and kind != K.DECIDED:
        raise _fail(event, index, "only a decision has an outcome.")
    if kind == K.STAGE_ENTERED and not event.stage:
        raise _fail(event, index, "a 'stage_entered' event needs the stage it enters.")
    return Outcome(event.outcome) if event.outcome else None


def _check_follows(state: CaseState, kind: EventKind, event: EventLike, index: int | None) -> None:
    """Check that the event may follow the case's earlier events (time order, a grant)."""
    if event.at < state.last_at:
        raise _fail(event, index, f"comes before the previous event ({state.last_at.isoformat()}).")
    if kind in NEEDS_GRANT and state.outcome != Outcome.GRANTED:
        raise _fail(event, index, "only a granted application gets a document.")


def replay(events: Iterable[EventLike]) -> CaseState:
    """The state after all ``events`` (in the order they happened); the log must not be empty."""
    state: CaseState | None = None
    for index, event in enumerate(events):
        state = fold(state, event, index=index)
    if state is None:
        raise CaseRuleError("A case needs at least its 'received' event.")
    return state
