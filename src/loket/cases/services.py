"""Every change to a case goes through here: typed, keyword-only, one transaction each.

The bulk path (``events_import``) lives in ``loket.cases.importing`` and is re-exported here,
so callers import all state changes from one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from loket.cases.domain.errors import CaseRuleError
from loket.cases.domain.transitions import fold, replay
from loket.cases.domain.vocabulary import EventKind, EventSource, Outcome, Track
from loket.cases.events import CaseEventRecorded, case_events_publish
from loket.cases.importing import EventImportError, ImportProblem, ImportResult, events_import
from loket.cases.models import Case, CaseEvent
from loket.cases.projection import PROJECTED_FIELDS, Projection, product_term, project
from loket.cases.references import require_valid_reference
from loket.catalogue.models import ProductType

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "CaseRuleError",
    "EventImportError",
    "ImportProblem",
    "ImportResult",
    "case_create",
    "case_record_event",
    "events_import",
]


def _require_aware(at: dt.datetime) -> None:
    if timezone.is_naive(at):
        raise CaseRuleError(f"Timestamp {at.isoformat()} has no time zone; pass an aware datetime.")


def _stage_codes(product: ProductType) -> list[str]:
    return list(product.stages.order_by("position").values_list("code", flat=True))


def _check_stage(product: ProductType, stage: str, codes: list[str]) -> None:
    if stage and stage not in codes:
        raise CaseRuleError(
            f"Stage '{stage}' does not exist for product '{product.code}'; "
            f"use one of: {', '.join(codes)}."
        )


@transaction.atomic
def case_create(
    *,
    reference: str,
    product: ProductType | str,
    received_at: dt.datetime,
    source: EventSource | str,
    applicant: User | None = None,
    track: Track | str = Track.STANDARD,
    channel: str = "",
    team: str = "",
    sponsor_name: str = "",
    handler_name: str = "",
    handler_email: str = "",
    stage: str = "",
    recorded_by: User | None = None,
    note: str = "",
) -> Case:
    """Open a case with its ``received`` event (a case exists from the day it is received)."""
    require_valid_reference(reference)
    _require_aware(received_at)
    if isinstance(product, str):
        product = ProductType.objects.get(code=product)
    codes = _stage_codes(product)
    _check_stage(product, stage, codes)
    event = CaseEvent(
        sequence=1,
        kind=EventKind.RECEIVED,
        at=received_at,
        stage=stage,
        source=source,
        note=note,
        recorded_by=recorded_by,
    )
    projection = project([event], term=product_term(product), first_stage=codes[0] if codes else "")
    case = Case.objects.create(
        reference=reference,
        product=product,
        applicant=applicant,
        track=track,
        channel=channel,
        team=team,
        sponsor_name=sponsor_name,
        handler_name=handler_name,
        handler_email=handler_email,
        **asdict(projection),
    )
    event.case = case
    event.save()
    case_events_publish([recorded(case, event)])
    return case


@transaction.atomic
def case_record_event(
    *,
    case: Case,
    kind: EventKind | str,
    at: dt.datetime,
    days: int | None = None,
    outcome: Outcome | str = "",  # "" (the column's blank) for every kind but a decision
    stage: str = "",
    source: EventSource | str,
    recorded_by: User | None = None,
    note: str = "",
) -> CaseEvent:
    """Append one event after checking it against the transition table and the term clock.

    Raises ``TransitionError`` or ``TermError`` (both ``CaseRuleError``, a ``ValueError``)
    and writes nothing when the event is not allowed.
    """
    _require_aware(at)
    # Lock the case so two handlers recording at once cannot take the same sequence number.
    locked = Case.objects.select_for_update().select_related("product").get(pk=case.pk)
    codes = _stage_codes(locked.product)
    _check_stage(locked.product, stage, codes)
    events = list(locked.events.order_by("sequence"))
    event = CaseEvent(
        case=locked,
        sequence=(events[-1].sequence if events else 0) + 1,
        kind=kind,
        at=at,
        days=days,
        outcome=outcome,
        stage=stage,
        source=source,
        note=note,
        recorded_by=recorded_by,
    )
    state = fold(replay(events), event, index=len(events))
    projection = project(
        [*events, event],
        term=product_term(locked.product),
        first_stage=codes[0] if codes else "",
        state=state,
    )
    event.save()
    _apply(locked, projection)
    locked.save(update_fields=list(PROJECTED_FIELDS))
    case_events_publish([recorded(locked, event)])
    # Keep the caller's instance in step with the row it passed in.
    _apply(case, projection)
    return event


def recorded(case: Case, event: CaseEvent) -> CaseEventRecorded:
    """The domain event for a stored ``event`` of ``case``."""
    return CaseEventRecorded(
        case_id=case.pk,
        reference=case.reference,
        sequence=event.sequence,
        kind=EventKind(event.kind),
        outcome=Outcome(event.outcome) if event.outcome else None,
        at=event.at,
        source=EventSource(event.source),
    )


def _apply(case: Case, projection: Projection) -> None:
    for field, value in asdict(projection).items():
        setattr(case, field, value)
