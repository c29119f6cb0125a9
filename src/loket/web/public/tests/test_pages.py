"""The contact page, the privacy statement and the accessibility statement, and the footer
that links them from every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from loket.cases import services
from loket.web.conftest import at

pytestmark = pytest.mark.django_db

PAGES = ("/contact/", "/privacy/", "/accessibility/")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("page", PAGES)
def test_public_pages_answer_everyone_in_both_languages(
    client: Client, amira: User, prefix: str, page: str
) -> None:
    response = client.get(prefix + page)
    assert response.status_code == 200
    assert f'<html lang="{"en" if prefix else "nl"}"' in response.content.decode()
    client.force_login(amira)
    assert client.get(prefix + page).status_code == 200


def test_contact_page_gives_the_number_its_hours_and_says_it_is_a_demo(client: Client) -> None:
    html = client.get("/en/contact/").content.decode()
    assert 'href="tel:+31880430430"' in html
    text = _text(html)
    assert "088 043 04 30 (demo number)" in text
    assert "Monday to Friday" in text
    assert "from 9:00 to 17:00" in text
    assert "made up: nobody answers them" in text
    assert 'href="mailto:contact@loket.example"' in html


def test_contact_page_in_dutch(client: Client) -> None:
    text = _text(client.get("/contact/").content.decode())
    assert "088 043 04 30 (demonummer)" in text
    assert "Maandag tot en met vrijdag" in text


@override_settings(
    LOKET_CONTACT={
        "phone": "020 123 45 67",
        "phone_uri": "tel:+31201234567",
        "email": "vragen@gemeente.example",
    }
)
def test_a_deployment_sets_its_own_contact_details_and_they_are_not_called_a_demo(
    client: Client,
) -> None:
    html = client.get("/en/contact/").content.decode()
    assert 'href="tel:+31201234567"' in html
    assert "020 123 45 67" in html
    assert "demo number" not in html
    assert "made up" not in html
    assert "088 043 04 30" not in client.get("/en/processing-times/").content.decode()


@pytest.mark.parametrize(
    "path", ["/login/", "/processing-times/", "/contact/", "/privacy/", "/accessibility/"]
)
def test_every_footer_has_the_number_and_links_to_the_three_pages(
    client: Client, path: str
) -> None:
    for prefix in ("", "/en"):
        html = client.get(prefix + path).content.decode()
        footer = html[html.index('<footer class="loket-footer">') :]
        assert 'href="tel:+31880430430"' in footer
        for page in PAGES:
            assert f'href="{prefix}{page}"' in footer


def test_the_footer_of_a_signed_in_page_too(client: Client, amira: User) -> None:
    client.force_login(amira)
    html = client.get("/cases/").content.decode()
    footer = html[html.index('<footer class="loket-footer">') :]
    assert 'href="tel:+31880430430"' in footer
    assert 'href="/privacy/"' in footer


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("page", [*PAGES, "/login/", "/processing-times/"])
def test_call_us_never_comes_without_the_number(client: Client, prefix: str, page: str) -> None:
    text = _text(client.get(prefix + page).content.decode())
    calls = re.findall(r"(?:Bel ons|Call us)[^.]{0,40}", text, flags=re.IGNORECASE)
    assert calls, "the page says how to call"
    for call in calls:
        assert "088 043 04 30" in call, call


def test_the_current_page_is_marked_in_the_footer(client: Client) -> None:
    html = client.get("/en/privacy/").content.decode()
    assert 'href="/en/privacy/" aria-current="page"' in html
    assert 'href="/en/contact/" aria-current' not in html


def test_privacy_statement_is_a_model_text_with_the_gdpr_rights_and_the_authority(
    client: Client,
) -> None:
    text = _text(client.get("/en/privacy/").content.decode())
    assert "model text for the demo" in text
    assert "Article 6(1)(e)" in text
    for right in ("see which data", "correct", "delete", "object"):
        assert right in text
    assert "Dutch Data Protection Authority (Autoriteit Persoonsgegevens)" in text
    assert "Archiefwet" in text
    nl = _text(client.get("/privacy/").content.decode())
    assert "Autoriteit Persoonsgegevens" in nl
    assert "Privacyverklaring" in nl


def test_accessibility_statement_follows_the_government_model(client: Client) -> None:
    text = _text(client.get("/en/accessibility/").content.decode())
    assert "model text for the demo" in text
    assert "C: first measures taken" in text
    assert "3 December 2026" in text
    assert "axe-core (version 4.12)" in text
    assert "320 pixels" in text
    assert "1280 pixels" in text
    assert "Known problems" in text
    assert "088 043 04 30" in text
    assert "contact@loket.example" in text
    assert "Nationale ombudsman" in text
    nl = _text(client.get("/accessibility/").content.decode())
    assert "Toegankelijkheidsverklaring" in nl
    assert "3 december 2026" in nl


def test_a_case_without_a_contact_person_gives_the_number_too(client: Client, amira: User) -> None:
    services.case_create(
        reference="KM-2026-0009",
        product="knowledge-migrant",
        received_at=at(dt.date(2026, 2, 2)),
        source="staff",
        applicant=amira,
    )
    client.force_login(amira)
    for path, expected in [
        ("/cases/KM-2026-0009/", "Bel ons op 088 043 04 30 (demonummer), maandag"),
        ("/en/cases/KM-2026-0009/", "Call us on 088 043 04 30 (demo number), Monday"),
    ]:
        assert expected in _text(client.get(path).content.decode())
