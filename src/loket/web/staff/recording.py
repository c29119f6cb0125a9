"""Recording an event from the staff form: the service's refusals worded for the handler.

The case domain explains a refusal in developer English ("event #9 'received' at ...: not
allowed for a case that is 'in_progress' ..."), which is right for a log or an import report
but not for a handler. Each refusal here becomes one plain sentence that says what is
possible now, in the handler's language; the developer text goes to the log.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth.models import User
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from loket.cases import services
from loket.cases.domain.errors import CaseRuleError
from loket.cases.domain.termclock import TermError
from loket.cases.domain.transitions import NEEDS_GRANT, TransitionError
from loket.cases.models import Case, CaseEvent, EventKind, EventSource, Outcome
from loket.cases.projection import product_term
from loket.kernel.time import local_date
from loket.web.staff.forms import possible_now, recordable_kinds

logger = logging.getLogger(__name__)


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

    A broken rule comes back as :class:`EventRefusedError`, in plain words and aimed at the
    form field it is about.
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
    except CaseRuleError as error:
        logger.info("staff event refused on case %s: %s", case.reference, error)
        # Another handler may have recorded something meanwhile: explain the case as it is.
        case.refresh_from_db()
        if isinstance(error, TransitionError):
            raise _transition_refused(case, EventKind(kind), at) from error
        if isinstance(error, TermError) and kind == EventKind.TERM_EXTENDED:
            raise _extension_refused(case) from error
        raise EventRefusedError(
            _(
                "This event cannot be recorded like this. Check what you filled in. "
                "Does it still not work? Ask a colleague who knows this case."
            )
        ) from error


def _transition_refused(case: Case, kind: EventKind, at: dt.datetime) -> EventRefusedError:
    if kind not in recordable_kinds(case):
        if kind in NEEDS_GRANT and case.outcome == Outcome.REFUSED:
            first = _("The application was refused, so there is no residence document.")
        elif kind in NEEDS_GRANT and not case.outcome:
            first = _("There is no decision yet, so there is no residence document yet.")
        else:
            first = _("You cannot record '%(kind)s' now, because the case is '%(status)s'.") % {
                "kind": kind.label,
                "status": case.get_status_display(),
            }
        return EventRefusedError(f"{first} {possible_now(case)}", "kind")
    last = case.events.order_by("-sequence").first()
    if last is not None and at < last.at:
        return EventRefusedError(
            _(
                "This date is before the last event on this case (%(date)s). "
                "Enter a later date and time."
            )
            % {"date": formats.date_format(timezone.localtime(last.at), "j F Y H:i")},
            "at",
        )
    return EventRefusedError(_("This event does not fit this case now. Check what you filled in."))


def _extension_refused(case: Case) -> EventRefusedError:
    # The maximum of the term version this case keeps (the one in force when it was received).
    limit = product_term(case.product).in_force(local_date(case.received_at)).max_extension_days
    if limit == 0:
        message = _("The decision term of this product cannot be extended.")
    else:
        used = (
            case.events.filter(kind=EventKind.TERM_EXTENDED).aggregate(days=Sum("days"))["days"]
            or 0
        )
        message = _(
            "The decision term can be extended by %(limit)s days at most, in all. This case "
            "was extended by %(used)s days already, so %(left)s days are left."
        ) % {"limit": limit, "used": used, "left": max(0, limit - used)}
    return EventRefusedError(message, "days")
