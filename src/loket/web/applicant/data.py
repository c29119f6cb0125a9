"""What the applicant's pages read, each through a policy with the request's Actor.

Views call only this module, so the door has one seam towards the domain apps: it delegates
to their policies and selectors and adds only what the pages need (preloading for the list
page, 404 instead of DoesNotExist).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from loket.audit.models import Activity
from loket.audit.selectors import looked_at_by_staff
from loket.cases import selectors
from loket.cases.domain.errors import CaseRuleError
from loket.cases.domain.termclock import TermClock
from loket.cases.domain.vocabulary import EventKind
from loket.cases.models import OPEN_STATUSES, Case, CaseEvent, Letter
from loket.cases.policies import case_of_applicant, cases_of_applicant, letters_of_applicant
from loket.cases.situation import Situation, situation_of, term_was_extended
from loket.catalogue.models import SituationText, Stage
from loket.catalogue.selectors import situation_text
from loket.forecasts.models import CasePrediction
from loket.forecasts.selectors import prediction_for_case
from loket.kernel.actors import Actor
from loket.notifications import services as inbox_services
from loket.notifications.models import Message, MessageKind
from loket.notifications.policies import inbox_visible_to


def cases_for(actor: Actor) -> QuerySet[Case]:
    """The actor's own applications, newest first, with what the list page shows preloaded.

    Two queries whatever the number of cases: the cases with their product and whether
    their term was ever extended (``term_extended``), and the stages.
    """
    extended = CaseEvent.objects.filter(case=OuterRef("pk"), kind=EventKind.TERM_EXTENDED)
    return (
        cases_of_applicant(actor)
        .select_related("product")
        .annotate(term_extended=Exists(extended))
        .prefetch_related(Prefetch("product__stages", queryset=Stage.objects.order_by("position")))
        .order_by("-received_at")
    )


def listed_case_situation(case: Case, *, today: dt.date) -> Situation:
    """The situation of a case from ``cases_for``, from its stored fields alone (its stored
    legal date is exact for every case whose term runs: only a waiting case's moves)."""
    return situation_of(
        status=case.status,
        outcome=case.outcome,
        legal_date=case.decision_due,
        extended=bool(getattr(case, "term_extended", False)),
        today=today,
    )


def case_situation(
    case: Case, *, clock: TermClock | None, events: Sequence[CaseEvent], today: dt.date
) -> Situation:
    """The case's situation today, with the legal date as the case page shows it."""
    return situation_of(
        status=case.status,
        outcome=case.outcome,
        legal_date=clock.due if clock is not None else case.decision_due,
        extended=term_was_extended(e.kind for e in events),
        today=today,
    )


def case_situation_text(case: Case, situation: Situation) -> SituationText | None:
    """The catalogue's text for the case's product, situation and current stage."""
    return situation_text(product=case.product, situation=situation, stage=case.stage)


def case_get(actor: Actor, reference: str) -> Case:
    """The actor's own application ``reference``; anyone else's (or none at all) is a 404.

    Never a 403: a 403 would tell a stranger that the reference exists.
    """
    try:
        return case_of_applicant(actor, reference)
    except Case.DoesNotExist:
        raise Http404("No such case.") from None


def case_timeline(case: Case) -> selectors.CaseTimeline:
    """The case's events and its stages marked done / current / to come."""
    return selectors.case_timeline(case)


def case_letters(actor: Actor, case: Case) -> list[Letter]:
    return list(letters_of_applicant(actor).filter(case=case).order_by("-sent_at"))


def case_letter(actor: Actor, case: Case, letter_id: int) -> Letter:
    letter = letters_of_applicant(actor).filter(case=case, pk=letter_id).first()
    if letter is None:
        raise Http404("No such letter.")
    return letter


def case_term_clock(
    case: Case, *, as_of: dt.date, events: Sequence[CaseEvent] | None = None
) -> TermClock | None:
    """The legal decision date with its suspensions and extension, or None without a term."""
    try:
        return selectors.case_term_clock(case, as_of, events)
    except CaseRuleError:
        # A log that breaks a term rule is a back-office problem; the applicant still gets
        # the rest of the page, without a date we cannot stand behind.
        return None


@dataclass(frozen=True, slots=True)
class CaseForecast:
    """What the case page's ``forecast`` slot shows. Same field names as
    ``loket.forecasts.models.CasePrediction``, so a prediction can be passed as it is."""

    expected_on: dt.date
    earliest_on: dt.date
    latest_on: dt.date


def case_forecast(
    actor: Actor, case: Case, *, as_of: dt.date
) -> CaseForecast | CasePrediction | None:
    """The expected decision window for the case page, or None.

    Only open cases show one: a decided case has its decision. A window that already lies
    in the past (the daily refresh has not run yet) is not shown rather than shown wrong.
    """
    if case.decided_at is not None or case.status not in OPEN_STATUSES:
        return None
    prediction = prediction_for_case(actor=actor, case=case)
    if prediction is None or prediction.latest_on < as_of:
        return None
    return prediction


INBOX_PAGE_SIZE = 25


def inbox_read(actor: Actor, page: str | None) -> tuple[Page[Message], set[int]]:
    """One page of the actor's portal messages (newest first) and which of them were new;
    showing them marks them read, so the "new" label shows exactly once. Older unread
    messages stay counted in the menu until their page is opened."""
    shown = Paginator(inbox_visible_to(actor), INBOX_PAGE_SIZE).get_page(page)
    new = {m.pk for m in shown if m.read_at is None}
    if new and actor.user_id is not None:
        inbox_services.messages_mark_read(message_ids=sorted(new), user_id=actor.user_id)
    return shown, new


def case_message_count(actor: Actor, case: Case) -> int:
    """How many portal messages the actor has about ``case``."""
    return inbox_visible_to(actor).filter(case=case).count()


def case_delay_notice_sent(actor: Actor, case: Case) -> bool:
    """Whether the actor has a delay notice about ``case`` in their messages, so the page
    can say "we sent you a message about this" only when that is true."""
    return inbox_visible_to(actor).filter(case=case, kind=MessageKind.DELAY_NOTICE).exists()


@dataclass(frozen=True, slots=True)
class LookedAt:
    at: dt.datetime
    team: str
    what: str  # "looked at your case", in the page's language


# How the page says each processing activity, after "<team>".
_LOOKED_AT_WHAT: dict[str, Any] = {
    Activity.CASE_VIEW: gettext_lazy("looked at your case."),
    Activity.CASE_LIST: gettext_lazy("saw your case in a work list."),
    Activity.CASE_RECORD_EVENT: gettext_lazy("recorded a step in your case."),
    Activity.LETTER_READ: gettext_lazy("read a letter about your case."),
    Activity.DOCUMENT_READ: gettext_lazy("looked at a document you sent."),
    Activity.ADMIN_VIEW: gettext_lazy("looked at your case in the back office."),
    Activity.ADMIN_CHANGE: gettext_lazy("changed your case in the back office."),
    Activity.EXPORT: gettext_lazy("exported your case."),
    Activity.ACCESS_REQUEST: gettext_lazy("made a copy of your data for your request."),
}
LOOKED_AT_SHOWN = 10


def case_looked_at(actor: Actor, case: Case) -> list[LookedAt]:
    """The last times staff read or changed this case (for "Who looked at your case")."""
    if case.applicant_id is None:
        return []
    records = looked_at_by_staff(
        actor=actor, subject_id=case.applicant_id, object_ref=case.reference
    )[:LOOKED_AT_SHOWN]
    return [
        LookedAt(
            at=record.at,
            team=record.actor_team,
            what=str(_LOOKED_AT_WHAT.get(record.activity, gettext_lazy("used your data."))),
        )
        for record in records
    ]
