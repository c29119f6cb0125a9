"""The language switch and the login remember an applicant's language for our messages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from loket.notifications.selectors import preferred_language
from loket.notifications.services import language_preference_set

pytestmark = pytest.mark.django_db


def test_the_switch_remembers_a_signed_in_applicants_choice(client: Client, amira: User) -> None:
    client.force_login(amira)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/en/cases/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/cases/"
    assert preferred_language(amira) == "en"
    client.post("/i18n/setlang/", {"language": "nl", "next": "/cases/"})
    assert preferred_language(amira) == "nl"


def test_the_switch_still_works_for_someone_not_signed_in(client: Client, amira: User) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/en/login/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert preferred_language(amira) == "nl"


def test_the_switch_ignores_a_language_loket_does_not_offer(client: Client, amira: User) -> None:
    client.force_login(amira)
    client.post("/i18n/setlang/", {"language": "de", "next": "/cases/"})
    assert preferred_language(amira) == "nl"


def test_signing_in_on_the_english_pages_is_a_choice_of_english(
    client: Client, amira: User
) -> None:
    response = client.post("/en/login/", {"username": "amira", "password": "amira-pass-2026"})
    assert response.status_code == 302
    assert preferred_language(amira) == "en"


def test_signing_in_on_the_dutch_pages_keeps_an_earlier_choice(client: Client, amira: User) -> None:
    language_preference_set(user=amira, language="en")
    response = client.post("/login/", {"username": "amira", "password": "amira-pass-2026"})
    assert response.status_code == 302
    assert preferred_language(amira) == "en"


def test_the_page_header_switch_posts_to_the_remembering_view(client: Client, amira: User) -> None:
    client.force_login(amira)
    page = client.get("/cases/").content.decode()
    assert 'action="/i18n/setlang/"' in page
