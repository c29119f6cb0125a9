"""Recording an event from the staff form: the service's refusals worded for the handler."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from loket.cases import services
from loket.cases.domain.errors import CaseRuleError
from loket.cases.domain.termclock import TermError
from loket.cases.domain.transitions import TransitionError, allowed_kinds
from loket.cases.models import Case, CaseEvent, CaseStatus, EventKind, EventSource


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
