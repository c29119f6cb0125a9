"""Who may see which document, and who may answer a request: through the case policies, so a
document is visible exactly where its case is. Anything else is a 404 in every door."""

from __future__ import annotations

from django.db.models import QuerySet

from loket.cases.models import Case
from loket.cases.policies import cases_of_applicant, cases_visible_to
from loket.documents.models import Document
from loket.kernel.actors import Actor


def documents_visible_to(actor: Actor) -> QuerySet[Document]:
    """Staff and the operator's commands: every document; a person: those of their own cases;
    anyone else: none."""
    return Document.objects.filter(case__in=cases_visible_to(actor))


def documents_of_applicant(actor: Actor) -> QuerySet[Document]:
    """The documents of the actor's own applications: what the applicant's door shows (staff
    included: in that door they are applicants like anyone else)."""
    return Document.objects.filter(case__in=cases_of_applicant(actor))


def cases_answerable_by(actor: Actor) -> QuerySet[Case]:
    """The cases on which the actor may answer an information request: their own."""
    return cases_of_applicant(actor)
