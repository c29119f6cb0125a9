"""What the applicant's pages read, each through a policy with the request's Actor.

Views call only this module, so the door has one seam towards the domain apps: it delegates
to their policies and selectors and adds only what the pages need (preloading for the list
page, 404 instead of DoesNotExist).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from loket.cases import selectors
from loket.cases.domain.errors import CaseRuleError
from loket.cases.domain.termclock import TermClock
from loket.cases.models import OPEN_STATUSES, Case, CaseEvent, Letter
from loket.cases.policies import case_of_applicant, cases_of_applicant, letters_of_applicant
from loket.catalogue.models import Stage
from loket.forecasts.models import CasePrediction
from loket.forecasts.selectors import prediction_for_case
from loket.kernel.actors import Actor
from loket.notifications import services as inbox_services
from loket.notifications.models import Message
from loket.notifications.policies import inbox_visible_to


def cases_for(actor: Actor) -> QuerySet[Case]:
    """The actor's own applications, newest first, with what the list page shows preloaded.

    Two queries whatever the number of cases: the cases with their product, and the stages.
    """
    return (
        cases_of_applicant(actor)
        .select_related("product")
        .prefetch_related(Prefetch("product__stages", queryset=Stage.objects.order_by("position")))
        .order_by("-received_at")
    )


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
