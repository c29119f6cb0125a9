"""Who may read the processing log.

A person sees the records about themselves (the page "who looked at my case"); a privacy
officer sees all of them (to answer an access request, or to check a complaint); the
operator's commands see all. Nobody else, not even a case handler: the log says what
handlers did, and is not theirs to browse.
"""

from __future__ import annotations

from django.db.models import QuerySet

from loket.audit.models import ProcessingRecord
from loket.kernel.actors import Actor, ActorKind, Role


def records_visible_to(actor: Actor) -> QuerySet[ProcessingRecord]:
    if actor.is_system or actor.has_role(Role.PRIVACY_OFFICER):
        return ProcessingRecord.objects.all()
    if actor.kind is ActorKind.PERSON and actor.user_id is not None:
        return ProcessingRecord.objects.filter(subject_id=str(actor.user_id))
    return ProcessingRecord.objects.none()
