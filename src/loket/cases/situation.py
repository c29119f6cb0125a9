"""Which situation a case is in for the person who applied, and the dates that go with it.

Pure functions of a case's stored fields and today, so the case page, the list page and
tests all agree. The vocabulary (``Situation``) lives in the catalogue, beside the texts the
page shows for each situation; the rules live here:

* withdrawn, issued (``card_issued``) and document ready (``card_ready``) follow the status;
* a decided case is ``granted`` or ``refused`` by its outcome;
* an open case waiting for the client is ``waiting_for_client`` (its term is suspended, so
  it cannot be late);
* any other open case whose legal date lies before today is ``overdue``;
* otherwise an open case is ``extended`` if its term was ever extended, else ``open``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from loket.cases.domain.calendar import roll_forward
from loket.cases.domain.vocabulary import CaseStatus, EventKind, Outcome
from loket.catalogue.models import BEFORE_DECISION, Situation

__all__ = [
    "BEFORE_DECISION",
    "Situation",
    "is_before_decision",
    "remedy_deadline",
    "situation_of",
    "term_was_extended",
]

_BY_STATUS: dict[str, Situation] = {
    CaseStatus.WITHDRAWN: Situation.WITHDRAWN,
    CaseStatus.ISSUED: Situation.CARD_ISSUED,
    CaseStatus.DOCUMENT_READY: Situation.CARD_READY,
    CaseStatus.WAITING_FOR_CLIENT: Situation.WAITING_FOR_CLIENT,
}
_RUNNING = frozenset({CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS})


def situation_of(
    *,
    status: CaseStatus | str,
    outcome: Outcome | str,
    legal_date: dt.date | None,
    extended: bool,
    today: dt.date,
) -> Situation:
    """The situation of a case with ``status`` and ``outcome`` (``""`` until decided), whose
    legal decision date is ``legal_date`` (None when unknown) and whose term was or was not
    ``extended``, on ``today``.

    A decided case without a recognised outcome cannot be told as granted or refused; it is
    reported as refused only when its outcome says so, and as granted only when it says so:
    anything else raises, since the page must not guess.
    """
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status == CaseStatus.DECIDED:
        if outcome == Outcome.GRANTED:
            return Situation.GRANTED
        if outcome == Outcome.REFUSED:
            return Situation.REFUSED
        raise ValueError(f"A decided case needs an outcome, not {outcome!r}.")
    if status not in _RUNNING:
        raise ValueError(f"Unknown case status {status!r}.")
    if legal_date is not None and legal_date < today:
        return Situation.OVERDUE
    return Situation.EXTENDED if extended else Situation.OPEN


def is_before_decision(situation: Situation | str) -> bool:
    """True while nothing has been decided: texts then may not presume the outcome."""
    return situation in BEFORE_DECISION


def term_was_extended(kinds: Iterable[str]) -> bool:
    """True when the case's events (their kinds) include a term extension."""
    return any(kind == EventKind.TERM_EXTENDED for kind in kinds)


def remedy_deadline(decided_on: dt.date, weeks: int) -> dt.date:
    """The last day to object or appeal against a decision sent on ``decided_on``.

    The term starts the day after the decision was sent (Awb art. 6:8) and lasts ``weeks``
    weeks, so it ends on the same weekday ``weeks`` weeks later; a last day on a Saturday,
    Sunday or public holiday moves to the next working day (Algemene termijnenwet art. 1).
    Sources and what a lawyer must verify: docs/legal-terms.md.
    """
    if weeks <= 0:
        raise ValueError("A remedy term needs a positive number of weeks.")
    return roll_forward(decided_on + dt.timedelta(weeks=weeks))
