"""Who may see which update: staff and commands all (the back office); a person the updates
of their own cases (through the case policy); anonymous none."""

from __future__ import annotations

from django.db.models import QuerySet

from loket.cases.policies import cases_visible_to
from loket.kernel.actors import Actor
from loket.updates.models import CaseUpdate


def updates_visible_to(actor: Actor) -> QuerySet[CaseUpdate]:
    if actor.is_system or actor.is_staff:
        return CaseUpdate.objects.all()
    return CaseUpdate.objects.filter(case__in=cases_visible_to(actor))
