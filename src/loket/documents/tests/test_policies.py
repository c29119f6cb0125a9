"""A document is visible exactly where its case is: its applicant, staff and commands."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from loket.cases.models import Case
from loket.documents.models import Document
from loket.documents.policies import (
    cases_answerable_by,
    documents_of_applicant,
    documents_visible_to,
)
from loket.kernel.actors import ANONYMOUS, actor_for_user, system_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(waiting_case: Case, amira: User) -> Document:
    return Document.objects.create(
        case=waiting_case,
        request_sequence=2,
        answer_sequence=3,
        storage_name="0" * 32,
        original_name="a.pdf",
        size=10,
        sha256="0" * 64,
        content_type="application/pdf",
        uploaded_by=amira,
        uploaded_at=waiting_case.received_at,
    )


def test_who_sees_a_document(
    document: Document, amira: User, waiting_case: Case, django_user_model: type[User]
) -> None:
    bram = django_user_model.objects.create_user("bram")
    handler = django_user_model.objects.create_user("hanneke", is_staff=True)
    owner, other, staff = (actor_for_user(u) for u in (amira, bram, handler))
    assert list(documents_visible_to(owner)) == [document]
    assert list(documents_visible_to(staff)) == [document]
    assert list(documents_visible_to(system_actor("loket export"))) == [document]
    assert not documents_visible_to(other).exists()
    assert not documents_visible_to(ANONYMOUS).exists()
    # In the applicant's door staff are applicants like anyone else.
    assert list(documents_of_applicant(owner)) == [document]
    assert not documents_of_applicant(staff).exists()
    assert list(cases_answerable_by(owner)) == [waiting_case]
    assert not cases_answerable_by(staff).exists()
    assert not cases_answerable_by(other).exists()
