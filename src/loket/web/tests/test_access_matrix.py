"""Every page of every door, for every kind of actor, generated from the URL configuration.

A new URL fails this test until it is given its row in ``EXPECTED``: nobody adds a page
without saying who may see it. Someone else's case, or a page of another audience, is a 404
(never a 403, which would confirm that it exists); a page that needs a login sends an
anonymous visitor to the login page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from pytest_django import Settings

from loket.cases.models import Case
from loket.documents import storage
from loket.documents.models import Document

pytestmark = pytest.mark.django_db

DOORS: Final = ("applicant", "staff", "public", "accounts")
ACTORS: Final = ("anonymous", "owner", "other_applicant", "staff")
LOGIN: Final = "login"  # a redirect to the login page

# Per URL name: the answer for each actor, in the order of ACTORS. Case pages are asked for
# the owner's case, so "other_applicant" and "staff" (in the applicant's door) get 404.
EXPECTED: Final[dict[str, tuple[int | str, ...]]] = {
    "applicant:home": (302, 302, 302, 302),
    "applicant:my-cases": (LOGIN, 200, 200, 200),
    "applicant:inbox": (LOGIN, 200, 200, 200),
    "applicant:case-detail": (LOGIN, 200, 404, 404),
    "applicant:letter-detail": (LOGIN, 200, 404, 404),
    "applicant:letter-download": (LOGIN, 200, 404, 404),
    "applicant:answer-request": (LOGIN, 200, 404, 404),  # 200: says nothing is asked now
    "applicant:document-download": (LOGIN, 200, 404, 404),
    "staff:staff-find-case": (LOGIN, 404, 404, 200),
    "staff:staff-record-event": (LOGIN, 404, 404, 200),
    "staff:at-risk": (LOGIN, 404, 404, 200),
    "staff:overdue": (LOGIN, 404, 404, 200),
    "staff:waiting": (LOGIN, 404, 404, 200),
    "staff:received": (LOGIN, 404, 404, 200),
    "staff:undelivered": (LOGIN, 404, 404, 200),
    # Privacy officers only (web/staff/tests/test_access_request.py): a handler gets 404.
    "staff:access-request": (LOGIN, 404, 404, 404),
    "staff:staff-document-download": (LOGIN, 404, 404, 200),
    "public:processing-times": (200, 200, 200, 200),
    "public:contact": (200, 200, 200, 200),
    "public:privacy": (200, 200, 200, 200),
    "public:accessibility": (200, 200, 200, 200),
    "public:health": (200, 200, 200, 200),  # JSON, counts only
    "accounts:login": (200, 302, 302, 302),  # signed in already: on to the own cases
    "accounts:logout": (200, 200, 200, 200),  # GET asks to confirm; logging out is a POST
    # Staff's second factor: applicants have none; staff who typed their code go on.
    "accounts:second-factor": (LOGIN, 404, 404, 302),
    # The OpenID Connect login (DigiD): 404 while LOKET_OIDC_ISSUER is unset, as here; with a
    # provider, tests/oidc/ checks both against a real one.
    "accounts:oidc-start": (404, 404, 404, 404),
    "accounts:oidc-callback": (404, 404, 404, 404),
}


@dataclass(frozen=True)
class Door:
    name: str  # namespace:url_name
    params: tuple[str, ...]


def door_urls() -> Iterator[Door]:
    """Every named URL in the doors' namespaces, from the live URL configuration."""

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> Iterator[Door]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, entry.namespace or namespace)
            elif entry.name and namespace in DOORS:
                yield Door(f"{namespace}:{entry.name}", tuple(entry.pattern.converters))

    yield from walk(get_resolver().url_patterns, "")


def test_every_door_url_has_a_row_in_the_matrix() -> None:
    found = {door.name for door in door_urls()}
    assert found == set(EXPECTED), (
        f"pages without a row: {sorted(found - set(EXPECTED))}; "
        f"rows without a page: {sorted(set(EXPECTED) - found)}"
    )


@pytest.fixture
def people(amira: User, bram: User, handler: User) -> dict[str, User | None]:
    return {"anonymous": None, "owner": amira, "other_applicant": bram, "staff": handler}


@pytest.fixture
def story_document(story_case: Case, settings: Settings, tmp_path: Path) -> Document:
    """A document the owner sent for her case (stored in a temporary upload folder)."""
    settings.LOKET_UPLOAD_DIR = tmp_path / "uploads"
    return Document.objects.create(
        case=story_case,
        request_sequence=3,
        answer_sequence=4,
        storage_name=storage.file_write(b"%PDF-1.7\n%%EOF\n"),
        original_name="payslip.pdf",
        size=15,
        sha256="0" * 64,
        content_type="application/pdf",
        uploaded_at=story_case.received_at,
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_door_answers_each_actor_as_the_matrix_says(
    client: Client,
    people: dict[str, User | None],
    story_case: Case,
    story_document: Document,
    language: str,
) -> None:
    letter = story_case.letters.get()
    values = {
        "reference": story_case.reference,
        "letter_id": letter.pk,
        "document_id": story_document.pk,
    }
    failures = []
    for door in door_urls():
        with translation.override(language):
            path = reverse(door.name, kwargs={p: values[p] for p in door.params} or None)
            login = reverse("accounts:login")
        for actor, expected in zip(ACTORS, EXPECTED[door.name], strict=True):
            client.logout()
            user = people[actor]
            if user is not None:
                client.force_login(user)
            response = client.get(path)
            got: int | str = response.status_code
            if got == 302 and response["Location"].startswith(login):
                got = LOGIN if expected == LOGIN else got
            if got != expected:
                failures.append(f"{actor} GET {path}: {got}, expected {expected}")
    assert failures == []


def test_a_case_that_is_not_yours_is_not_found_even_for_staff_in_the_applicants_door(
    client: Client, handler: User, story_case: Case
) -> None:
    client.force_login(handler)
    with translation.override("en"):
        page = reverse("applicant:case-detail", kwargs={"reference": story_case.reference})
        staff_page = reverse("staff:staff-record-event", kwargs={"reference": story_case.reference})
    assert client.get(page).status_code == 404
    assert client.get(staff_page).status_code == 200


def test_a_reference_that_does_not_exist_is_not_found_in_every_door(
    client: Client, amira: User, handler: User
) -> None:
    client.force_login(amira)
    assert client.get("/en/cases/NO-SUCH-CASE/").status_code == 404
    client.force_login(handler)
    assert client.get("/en/staff/cases/NO-SUCH-CASE/events/new/").status_code == 404
