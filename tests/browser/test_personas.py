"""The demo's personas in a real browser: what each one's case page, letters and inbox say,
in Dutch and English, the PDF letter download, and answering a question by upload (eva).

The data is the demo's own: the module runs ``loket demo --no-serve`` (the command itself,
about 4 minutes of CPU for simulation, loading and forecasting) and then the served demo's first
background round (the day's messages to applicants, the outbox), once for the whole module.
Every persona logs in through the login form. The sentences checked are ``persona_texts.PERSONAS``;
``docs/personas.md`` shows the same ones (a test here keeps the two equal). Dates and numbers
change with the day the demo is built, so a sentence writes them as «date» and «n».

Runs Debian's Chromium (``/usr/bin/chromium``) through Playwright; it never downloads a
browser. The module fixture commits the data and starts its own live server, as in
``test_accessibility.py`` (see its notes), and deletes every row it added at the end.
"""

from __future__ import annotations

import io
import os
import re
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import Model, ProtectedError, RestrictedError
from django.test.utils import modify_settings, override_settings
from django.utils import timezone

from tests.browser.chromium import CHROMIUM, launched_chromium
from tests.browser.persona_texts import (
    ASKED,
    DECIDE_BY,
    NOT_A_PDF,
    NOTHING_RECEIVED,
    PERSONAS,
    UPLOADED,
    Persona,
    Say,
    docs_section,
    missing,
    pattern,
    persona_named,
)

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are then refused as "async unsafe" unless allowed.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,  # the demo's year of cases and its first forecast: minutes
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"
    ),
    # Not transactional: the module's data must outlive each test (see the module fixture).
    pytest.mark.django_db,
]


# --- The demo, once for the module -------------------------------------------------------


@dataclass
class Site:
    url: str
    uploads: Path


def _rows() -> dict[type[Model], set[Any]]:
    return {
        model: set(model._base_manager.values_list("pk", flat=True))
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _delete_rows_added_since(before: dict[type[Model], set[Any]]) -> None:
    """Delete every row the module added (the demo's cases, people, forecasts, messages,
    sessions...), leaving what the migrations and other modules made."""
    from loket.audit.purge import append_only_purge
    from loket.cases.models import Case

    # Case events, letters and the processing log are append-only: only a purge deletes.
    with append_only_purge():
        Case.objects.exclude(pk__in=before[Case]).delete()  # most rows, by cascade
        for _ in range(3):  # what one model protects goes in a later round
            blocked = False
            for model, pks in before.items():
                try:
                    model._base_manager.exclude(pk__in=pks).delete()
                except (ProtectedError, RestrictedError):
                    blocked = True
            if not blocked:
                return


def _build_the_demo() -> None:
    """``loket demo --no-serve``, then the first round of the served demo's background loop
    (``loket.ops.background.demo_background_loop``): the day's messages, the outbox."""
    from loket.ops.background import deliver_due_messages
    from loket.updates.services import updates_daily_send

    call_command("demo", "--no-serve", stdout=io.StringIO())
    updates_daily_send(now=timezone.now())
    deliver_due_messages()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def site(
    browser: Any, django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[Site]:
    """The demo's data, committed, and a live server; made after Playwright started (see
    ``test_accessibility.site`` for why). Messages are not held: the inbox shows what the
    demo's shows 15 minutes after it started (LOKET_UPDATES_HOLD_MINUTES)."""
    from pytest_django.live_server_helper import LiveServer

    uploads = tmp_path_factory.mktemp("uploads")
    with (
        django_db_blocker.unblock(),
        override_settings(LOKET_UPLOAD_DIR=uploads, LOKET_UPDATES_HOLD_MINUTES=0),
        modify_settings(ALLOWED_HOSTS={"append": "localhost"}),
    ):
        before = _rows()
        server = None
        try:
            _build_the_demo()
            server = LiveServer("localhost")
            yield Site(url=server.url, uploads=uploads)
        finally:
            for context in browser.contexts:
                context.close()
            time.sleep(0.5)
            if server is not None:
                server.stop()
            _delete_rows_added_since(before)
            # The connection made while Playwright runs belongs to this context, not to the
            # thread: close it, or PostgreSQL cannot drop the test database at the end.
            connection.close()


def _log_in(browser: Any, site: Site, username: str) -> Any:
    """A new tab, logged in as ``username`` through the (Dutch) login form."""
    from playwright.sync_api import expect

    from loket.ops.demo import demo_password

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{site.url}/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(demo_password(username))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn aanvragen")
    return page


def _open_case(page: Any, site: Site, language: str, status: Say | None) -> str:
    """Open the case with badge ``status`` from "My applications"; its reference."""
    page.goto(f"{site.url}{'/en' if language == 'en' else ''}/cases/")
    cards = page.locator(".loket-case-card")
    if status is not None:
        badge = re.compile(rf"(^|\s){re.escape(status(language))}\s*$")
        cards = cards.filter(has=page.locator(".utrecht-status-badge", has_text=badge))
    assert cards.count() == 1, f"{language}: {cards.count()} cases with status {status}"
    cards.get_by_role("link").first.click()
    page.wait_for_load_state()
    return str(page.url.rstrip("/").rsplit("/", 1)[-1])


# --- The tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.username for p in PERSONAS])
def test_persona_reads_what_the_docs_table_says(site: Site, browser: Any, persona: Persona) -> None:
    page = _log_in(browser, site, persona.username)
    references: list[str] = []
    problems: list[str] = []
    for language in ("nl", "en"):
        for case in persona.cases:
            reference = _open_case(page, site, language, case.status)
            references.append(reference)
            assert page.locator("html").get_attribute("lang") == language
            text = page.locator("main").inner_text()
            for sentence in missing(text, (s(language) for s in case.sentences)):
                problems.append(f"{language} {reference}: not on the page: {sentence}")
            items = page.locator(".loket-letters__item > a:not([download])")
            titles = {t.strip() for t in items.all_inner_texts()}
            for title in {t(language) for t in case.letters} - titles:
                problems.append(f"{language} {reference}: no letter {title!r} in {titles}")
        page.goto(f"{site.url}{'/en' if language == 'en' else ''}/messages/")
        subjects = [s.strip() for s in page.locator(".loket-message__subject").all_inner_texts()]
        for title in persona.inbox:
            if not any(pattern(title, references).fullmatch(s) for s in subjects):
                problems.append(f"{language}: no message {title!r} in {subjects}")
    page.context.close()
    assert problems == [], f"{persona.username}:\n" + "\n".join(problems)


def test_every_sentence_checked_is_in_the_docs_table() -> None:
    missing = []
    for persona in PERSONAS:
        section = docs_section(persona.username)
        texts: list[str] = list(persona.inbox)
        for case in persona.cases:
            says = [*case.sentences, *case.letters, *([case.status] if case.status else [])]
            texts += [s.nl for s in says] + [s.en for s in says]
        missing += [f"{persona.username}: {t}" for t in texts if t not in section]
    upload = docs_section("eva")
    for say in (UPLOADED, NOT_A_PDF, NOTHING_RECEIVED):
        missing += [f"eva (upload): {t}" for t in (say.nl, say.en) if t not in upload]
    assert missing == [], "not in docs/personas.md:\n" + "\n".join(missing)


def _pdf_text(data: bytes) -> bytes:
    """The PDF's bytes with its compressed streams unpacked (metadata, outline, info)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        try:
            parts.append(zlib.decompress(data[match.end() : end]))
        except zlib.error:
            continue  # not a Flate stream (an image, a font program)
    return b"\n".join(parts)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_eva_downloads_a_letter_as_pdf(site: Site, browser: Any, language: str) -> None:
    page = _log_in(browser, site, "eva")
    reference = _open_case(page, site, language, persona_named("eva").cases[0].status)
    title = ASKED(language)
    download_name = "Downloaden (PDF)" if language == "nl" else "Download (PDF)"
    link = page.get_by_role("link", name=f"{download_name} {title}", exact=True)
    with page.expect_download() as info:
        link.click()
    download = info.value
    data = Path(download.path()).read_bytes()
    assert download.suggested_filename.startswith(reference.lower())
    # Named in the language the letter was sent in (Dutch); a copy in another gets its code.
    suffix = "" if language == "nl" else f"-{language}"
    assert download.suggested_filename.endswith(f"-information_request{suffix}.pdf")
    assert data.startswith(b"%PDF-")
    assert b"%%EOF" in data[-1024:]
    assert len(data) > 5_000  # a page of text with its fonts, not an empty file
    inside = _pdf_text(data)
    assert f"<pdf:Keywords>{reference}</pdf:Keywords>".encode() in inside
    assert f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}<'.encode() in inside
    assert f"/Lang ({language})".encode() in inside
    response = page.request.get(site.url + str(link.get_attribute("href")))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body() == data  # same letter, same bytes
    page.context.close()


def _stored_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def _small_pdf() -> bytes:
    from loket.letters.pdf import weasyprint

    html = "<html lang='nl'><title>Paspoort</title><p>Kopie van mijn paspoort.</p></html>"
    return bytes(weasyprint().HTML(string=html).write_pdf())


def test_eva_answers_the_question_by_upload(site: Site, browser: Any) -> None:
    """A bad file (a .pdf that is text) is refused with a clear message and nothing is kept;
    a real PDF is received, and the case runs again: the page no longer waits for her."""
    from playwright.sync_api import expect

    from loket.cases.models import Case, CaseStatus
    from loket.documents.models import Document

    eva = persona_named("eva").cases[0]
    page = _log_in(browser, site, "eva")
    reference = _open_case(page, site, "nl", eva.status)
    case = Case.objects.get(reference=reference)
    assert case.status == CaseStatus.WAITING_FOR_CLIENT

    page.get_by_role("link", name="Stuur de documenten online").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stuur de informatie die wij vroegen")
    fake = {"name": "nep.pdf", "mimeType": "application/pdf", "buffer": b"Dit is geen PDF.\n"}
    page.get_by_label("Uw documenten", exact=True).set_input_files(files=[fake])
    page.get_by_role("button", name="Documenten versturen").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text(NOTHING_RECEIVED.nl)
    expect(summary).to_contain_text(NOT_A_PDF.nl)
    assert Document.objects.filter(case=case).count() == 0
    assert _stored_files(site.uploads) == []
    case.refresh_from_db()
    assert case.status == CaseStatus.WAITING_FOR_CLIENT

    page.goto(f"{site.url}/en/cases/{reference}/answer/")
    page.get_by_label("Your documents", exact=True).set_input_files(files=[fake])
    page.get_by_role("button", name="Send documents").click()
    expect(page.locator("#error-summary")).to_contain_text(NOT_A_PDF.en)
    real = {"name": "paspoort.pdf", "mimeType": "application/pdf", "buffer": _small_pdf()}
    page.get_by_label("Your documents", exact=True).set_input_files(files=[real])
    page.get_by_role("button", name="Send documents").click()

    expect(page).to_have_url(f"{site.url}/en/cases/{reference}/")
    expect(page.locator(".loket-messages")).to_contain_text(UPLOADED.en)
    text = " ".join(page.locator("main").inner_text().split())
    waiting = [s.en for s in eva.sentences[:2]]  # "We are waiting...", "Send us..."
    assert [s for s in waiting if s in text] == []
    assert missing(text, [DECIDE_BY.en]) == []
    badge = page.locator(".loket-case-head .utrecht-status-badge").inner_text()
    assert not badge.strip().endswith(eva.status.en if eva.status else "?"), badge
    documents = Document.objects.filter(case=case)
    assert [d.original_name for d in documents] == ["paspoort.pdf"]
    assert len(_stored_files(site.uploads)) == 1
    case.refresh_from_db()
    assert case.status != CaseStatus.WAITING_FOR_CLIENT
    last = case.events.order_by("-sequence").first()
    assert last is not None
    assert last.kind == "information_received"
    page.context.close()


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.username for p in PERSONAS])
def test_every_persona_page_passes_axe_and_fits_320_px(
    site: Site, browser: Any, persona: Persona
) -> None:
    """The axe sweep (test_accessibility.py) checks the case page as it is before a decision
    and while waiting; the personas add refused, overdue, extended, card ready, withdrawn."""
    from tests.browser.test_case_page import _assert_accessible

    page = _log_in(browser, site, persona.username)
    for language in ("nl", "en"):
        for case in persona.cases:
            # By status only where a persona has several cases: eva's upload test may have
            # answered her question before this test runs, so her status can have moved on.
            status = case.status if len(persona.cases) > 1 else None
            reference = _open_case(page, site, language, status)
            for width in (320, 1280):
                page.set_viewport_size({"width": width, "height": 900})
                what = f"{persona.username} {reference} {language} {width} px"
                _assert_accessible(page, what)
                sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert sideways <= 0, f"{what}: scrolls {sideways} px sideways"
            page.set_viewport_size({"width": 1280, "height": 900})
    page.context.close()
