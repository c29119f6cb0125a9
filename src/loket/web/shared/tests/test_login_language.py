"""The language chosen on the login page survives the login: the person lands on the pages
in that language and it is stored for the messages we send them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from loket.notifications.selectors import preferred_language
from loket.notifications.services import language_preference_set
from loket.web.shared.auth import url_in_language

pytestmark = pytest.mark.django_db

LOGIN = {"username": "amira", "password": "amira-pass-2026"}


def _switch(client: Client, language: str, page: str) -> str:
    """Press the language switch in the header of ``page``; the page it leads to."""
    html = client.get(page).content.decode()
    marker = 'name="next" type="hidden" value="'
    start = html.index(marker) + len(marker)
    next_page = html[start : html.index('"', start)].replace("&amp;", "&")
    response = client.post("/i18n/setlang/", {"language": language, "next": next_page})
    assert response.status_code == 302
    return str(response["Location"])


def test_english_chosen_on_the_login_page_is_kept_after_the_login(
    client: Client, amira: User
) -> None:
    # Amira opens Loket: she is sent to the Dutch login page, with the Dutch page she asked
    # for in next. She switches to English there and logs in.
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1] == ("/login/?next=/cases/", 302)
    login_page = _switch(client, "en", "/login/?next=/cases/")
    assert login_page == "/en/login/?next=/cases/"
    response = client.post(login_page, LOGIN)
    assert response.status_code == 302
    assert response["Location"] == "/en/cases/"  # was /cases/: Dutch again
    assert preferred_language(amira) == "en"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert '<html lang="en"' in page.content.decode()


def test_without_next_the_login_goes_to_the_applications_in_the_login_pages_language(
    client: Client, amira: User
) -> None:
    assert client.post("/en/login/", LOGIN)["Location"] == "/en/cases/"
    client.logout()
    assert client.post("/login/", LOGIN)["Location"] == "/cases/"


def test_dutch_chosen_on_the_english_login_page_leads_to_dutch_pages_and_is_stored(
    client: Client, amira: User
) -> None:
    language_preference_set(user=amira, language="en")
    login_page = _switch(client, "nl", "/en/login/?next=/en/messages/")
    assert login_page == "/login/?next=/en/messages/"
    response = client.post(login_page, LOGIN)
    assert response["Location"] == "/messages/"
    assert preferred_language(amira) == "nl"  # chosen with the switch: stored


def test_the_dutch_login_page_alone_does_not_overwrite_an_earlier_choice(
    client: Client, amira: User
) -> None:
    language_preference_set(user=amira, language="en")
    response = client.post("/login/?next=/cases/", LOGIN)
    assert response["Location"] == "/cases/"
    assert preferred_language(amira) == "en"


def test_next_keeps_its_query_and_an_unsafe_next_is_ignored(client: Client, amira: User) -> None:
    response = client.post("/en/login/?next=/messages/%3Fpage%3D2", LOGIN)
    assert response["Location"] == "/en/messages/?page=2"
    client.logout()
    response = client.post("/en/login/?next=https://evil.example/cases/", LOGIN)
    assert response["Location"] == "/en/cases/"


def test_a_signed_in_person_on_the_login_page_goes_on_in_its_language(
    client: Client, amira: User
) -> None:
    client.force_login(amira)
    response = client.get("/en/login/?next=/cases/")
    assert response.status_code == 302
    assert response["Location"] == "/en/cases/"


@pytest.mark.parametrize(
    ("url", "language", "expected"),
    [
        ("/cases/", "en", "/en/cases/"),
        ("/en/cases/", "nl", "/cases/"),
        ("/en/cases/", "en", "/en/cases/"),
        ("/cases/KM-1/letters/3/?x=1#top", "en", "/en/cases/KM-1/letters/3/?x=1#top"),
        ("/staff/at-risk/?page=2", "en", "/en/staff/at-risk/?page=2"),
        ("/admin/", "en", "/admin/"),  # not a page of a door: as it was
        ("/no-such-page/", "en", "/no-such-page/"),
    ],
)
def test_url_in_language(url: str, language: str, expected: str) -> None:
    assert url_in_language(url, language) == expected
