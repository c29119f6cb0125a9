"""Who may see which case: every door gets its cases, events and letters through here.

An object outside an actor's queryset does not exist for them: doors answer 404, never 403,
so a reference cannot be probed.
"""

from __future__ import annotations

from django.db.models import QuerySet

from loket.cases.models import Case, CaseEvent, Letter
from loket.kernel.actors import Actor, Role


def cases_of_applicant(actor: Actor) -> QuerySet[Case]:
    """The cases the actor applied for: what the applicant's door shows, to anyone signed in
    (staff included: in the applicant's pages they are applicants like anyone else)."""
    if actor.is_authenticated and actor.user_id is not None and not actor.is_system:
        return Case.objects.filter(applicant_id=actor.user_id)
    return Case.objects.none()


def case_of_applicant(actor: Actor, reference: str) -> Case:
    """One of the actor's own applications; ``Case.DoesNotExist`` for anyone else's."""
    return cases_of_applicant(actor).select_related("product").get(reference=reference)


def cases_visible_to(actor: Actor) -> QuerySet[Case]:
    """Staff and the operator's commands see every case; an applicant only their own; anyone
    else none. (Partners will see their organisation's cases here too.)"""
    if actor.is_system or actor.is_staff:
        return Case.objects.all()
    if actor.is_authenticated and actor.user_id is not None:
        return Case.objects.filter(applicant_id=actor.user_id)
    return Case.objects.none()


def case_visible_to(actor: Actor, reference: str) -> Case:
    """One case by reference; ``Case.DoesNotExist`` when the actor may not see it."""
    return cases_visible_to(actor).select_related("product").get(reference=reference)


def cases_recordable_by(actor: Actor) -> QuerySet[Case]:
    """Cases on which the actor may record events: case handlers (and the operator)."""
    if actor.is_system or actor.has_role(Role.HANDLER):
        return Case.objects.all()
    return Case.objects.none()


def events_visible_to(actor: Actor) -> QuerySet[CaseEvent]:
    """Case events: the whole log for staff and the operator, an applicant's own cases'."""
    return CaseEvent.objects.filter(case__in=cases_visible_to(actor))


def letters_of_applicant(actor: Actor) -> QuerySet[Letter]:
    """Letters about the actor's own applications."""
    return Letter.objects.filter(case__in=cases_of_applicant(actor))


def letters_visible_to(actor: Actor) -> QuerySet[Letter]:
    if actor.is_system or actor.is_staff:
        return Letter.objects.all()
    if actor.is_authenticated and actor.user_id is not None:
        return Letter.objects.filter(case__applicant_id=actor.user_id)
    return Letter.objects.none()
