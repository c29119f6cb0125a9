"""Writing the processing log. Doors call these for every read and change of personal data;
the back office does through ``loket.audit.admin_logging``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from loket.audit.models import Activity, Operation, ProcessingRecord
from loket.kernel.actors import Actor
from loket.kernel.requests import get_request_id


@dataclass(frozen=True, slots=True)
class Processed:
    """One thing processed: whose data (the applicant's account id, or None) and which
    record (kind and reference)."""

    subject_id: int | None
    object_type: str
    object_ref: str


def _record(
    actor: Actor,
    activity: Activity,
    operation: Operation,
    item: Processed,
    *,
    trace_id: str,
    detail: str,
) -> ProcessingRecord:
    return ProcessingRecord(
        # The request being served (the request-id middleware), unless the caller names one.
        trace_id=(trace_id or get_request_id() or "")[:64],
        operation=operation,
        activity=activity,
        actor_kind=actor.kind.value,
        actor_id=actor.user_id,
        actor_name=actor.label[:150],
        actor_team=", ".join(sorted(actor.teams))[:120],
        subject_id="" if item.subject_id is None else str(item.subject_id),
        object_type=item.object_type,
        object_ref=item.object_ref[:200],
        detail=detail[:500],
    )


def processing_record(
    *,
    actor: Actor,
    activity: Activity,
    operation: Operation,
    item: Processed,
    trace_id: str = "",
    detail: str = "",
) -> ProcessingRecord:
    """Log one read or change of ``item`` by ``actor``."""
    record = _record(actor, activity, operation, item, trace_id=trace_id, detail=detail)
    record.save()
    return record


def processing_record_many(
    *,
    actor: Actor,
    activity: Activity,
    operation: Operation,
    items: Iterable[Processed],
    trace_id: str = "",
    detail: str = "",
) -> int:
    """Log a read of many items at once (a work list page): one query."""
    records = [
        _record(actor, activity, operation, item, trace_id=trace_id, detail=detail)
        for item in items
    ]
    ProcessingRecord.objects.bulk_create(records)
    return len(records)
