"""Reads of the processing log."""

from __future__ import annotations

from django.db.models import QuerySet

from loket.audit.models import ProcessingRecord
from loket.audit.policies import records_visible_to
from loket.kernel.actors import Actor, ActorKind


def looked_at_by_staff(
    *, actor: Actor, subject_id: int, object_ref: str | None = None
) -> QuerySet[ProcessingRecord]:
    """What staff of the service read or changed of this person's data, newest first:
    the team (never the employee's name, which is theirs) and when. ``object_ref`` narrows
    it to one case."""
    records = records_visible_to(actor).filter(
        subject_id=str(subject_id), actor_kind=ActorKind.STAFF.value
    )
    if object_ref is not None:
        records = records.filter(object_ref=object_ref)
    return records.only("at", "activity", "operation", "actor_team", "object_ref")


def records_of_subject(*, actor: Actor, subject_id: int) -> QuerySet[ProcessingRecord]:
    """Every record about one person (for an access request), oldest first."""
    return records_visible_to(actor).filter(subject_id=str(subject_id)).order_by("at", "pk")
