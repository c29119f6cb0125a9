"""Who may read imported process logs: staff and the operator's commands (they may hold
personal data of the other process); nobody in the public or applicant doors."""

from __future__ import annotations

from django.db.models import QuerySet

from loket.kernel.actors import Actor
from loket.processlogs.models import ProcessLog


def process_logs_visible_to(actor: Actor) -> QuerySet[ProcessLog]:
    if actor.is_system or actor.is_staff:
        return ProcessLog.objects.all()
    return ProcessLog.objects.none()
