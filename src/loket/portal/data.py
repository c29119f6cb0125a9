"""The portal's reads and writes, in one place.

Views call only this module, so the portal has one seam towards ``loket.cases``: it delegates
to ``loket.cases.selectors`` and ``loket.cases.services`` and adds only what the pages need
(preloading for the list page, 404 instead of DoesNotExist, errors worded for the form).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from loket.cases import selectors, services
from loket.cases.domain.errors import CaseRuleError
from loket.cases.domain.termclock import TermClock, TermError
from loket.cases.domain.transitions import TransitionError, allowed_kinds
from loket.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    CaseStatus,
    EventKind,
    EventSource,
    Letter,
)
from loket.catalogue.models import Stage
from loket.notifications import selectors as inbox_selectors
from loket.notifications import services as inbox_services
from loket.notifications.models import Message
from loket.predictions.models import CasePrediction
from loket.predictions.selectors import prediction_for_case

AnyUser = AbstractBaseUser | AnonymousUser


def cases_for_applicant(user: AnyUser) -> QuerySet[Case]:
    """The applicant's own cases, newest first, with what the list page shows preloaded.

    Two queries whatever the number of cases: the cases with their product, and the stages.
    """
    return (
        selectors.cases_for_applicant(user)
        .prefetch_related(Prefetch("product__stages", queryset=Stage.objects.order_by("position")))
        .order_by("-received_at")
    )


def case_get_for_applicant(user: AnyUser, reference: str) -> Case:
    """The applicant's case ``reference``; someone else's case or none at all is a 404.

    Never a 403: a 403 would tell a stranger that the reference exists.
    """
    try:
        return selectors.case_get_for_applicant(user, reference)
    except Case.DoesNotExist:
        raise Http404("No such case.") from None


def case_exists(reference: str) -> bool:
    return Case.objects.filter(reference=reference).exists()


def case_get_for_staff(reference: str) -> Case:
    case = Case.objects.select_related("product").filter(reference=reference).first()
    if case is None:
        raise Http404("No such case.")
    return case


def case_timeline(case: Case) -> selectors.CaseTimeline:
    """The case's events and its stages marked done / current / to come."""
    return selectors.case_timeline(case)


def case_letters(case: Case) -> list[Letter]:
    return list(case.letters.order_by("-sent_at"))


def case_letter(case: Case, letter_id: int) -> Letter:
    letter = case.letters.filter(pk=letter_id).first()
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
    ``loket.predictions.models.CasePrediction``, so a prediction can be passed as it is."""

    expected_on: dt.date
    earliest_on: dt.date
    latest_on: dt.date


def case_forecast(case: Case, *, as_of: dt.date) -> CaseForecast | CasePrediction | None:
    """The expected decision window for the case page, or None.

    Only open cases show one: a decided case has its decision. A window that already lies
    in the past (the daily refresh has not run yet) is not shown rather than shown wrong.
    """
    if case.decided_at is not None or case.status not in OPEN_STATUSES:
        return None
    prediction = prediction_for_case(case)
    if prediction is None or prediction.latest_on < as_of:
        return None
    return prediction


class EventRefusedError(Exception):
    """The event breaks a rule of the case (its transitions or its term)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def record_event(
    *,
    case: Case,
    kind: str,
    at: dt.datetime,
    days: int | None,
    outcome: str,
    stage: str,
    note: str,
    recorded_by: User | None,
) -> CaseEvent:
    """Append one event recorded by a member of staff through ``case_record_event``.

    A broken rule comes back as :class:`EventRefusedError`, worded for the handler and aimed at
    the form field it is about.
    """
    try:
        return services.case_record_event(
            case=case,
            kind=kind,
            at=at,
            days=days,
            outcome=outcome,
            stage=stage,
            source=EventSource.STAFF,
            recorded_by=recorded_by,
            note=note,
        )
    except TransitionError as error:
        allowed = ", ".join(str(EventKind(k).label) for k in allowed_kinds(CaseStatus(case.status)))
        message = _(
            "'%(kind)s' is not possible now. The case is '%(status)s'. "
            "Possible now: %(allowed)s. (%(detail)s)"
        ) % {
            "kind": EventKind(kind).label,
            "status": case.get_status_display(),
            "allowed": allowed or "—",
            "detail": error,
        }
        raise EventRefusedError(message, "kind") from error
    except TermError as error:
        message = _("The decision term cannot change like this. (%(detail)s)") % {"detail": error}
        raise EventRefusedError(message, "days") from error
    except CaseRuleError as error:
        raise EventRefusedError(str(error)) from error


INBOX_PAGE_SIZE = 25


def inbox_read(user: AnyUser, page: str | None) -> tuple[Page[Message], set[int]]:
    """One page of the user's portal messages (newest first) and which of them were new;
    showing them marks them read, so the "new" label shows exactly once. Older unread
    messages stay counted in the menu until their page is opened."""
    if not isinstance(user, AbstractBaseUser):
        return Paginator(Message.objects.none(), INBOX_PAGE_SIZE).get_page(1), set()
    shown = Paginator(inbox_selectors.messages_for_user(user), INBOX_PAGE_SIZE).get_page(page)
    new = {m.pk for m in shown if m.read_at is None}
    if new:
        inbox_services.messages_mark_read(message_ids=sorted(new), user=user)
    return shown, new


def inbox_unread_count(user: AnyUser) -> int:
    if not isinstance(user, AbstractBaseUser):
        return 0
    return inbox_selectors.unread_message_count(user)


def case_message_count(user: AnyUser, case: Case) -> int:
    """How many portal messages the user has about ``case``."""
    if not isinstance(user, AbstractBaseUser):
        return 0
    return inbox_selectors.messages_for_user(user).filter(case=case).count()
