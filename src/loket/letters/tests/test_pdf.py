"""A letter as a tagged, accessible PDF (PDF/UA-1): marked, with a structure tree, the
document's language and title; the same letter always gives the same bytes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from loket.cases import services
from loket.cases.domain.vocabulary import EventKind, EventSource, LetterKind, Outcome
from loket.cases.models import Case, Letter
from loket.letters import pdf as letters_pdf
from loket.letters.checks import pdf_library_loads
from loket.letters.pdf import PdfUnavailableError, letter_html, letter_pdf
from loket.letters.selectors import letter_filename, letter_language

from .conftest import at
from .pdfcheck import catalog, pdf_objects

if TYPE_CHECKING:
    from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(
    amira: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> Case:
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_create(
            reference="S2026-FA-001092",
            product="family",
            received_at=at(2026, 2, 2),
            source=EventSource.STAFF,
            applicant=amira,
            handler_name="Hanneke de Vries",
            handler_email="h.devries@loket.example",
            team="Gezin",
        )
        services.case_record_event(
            case=case,
            kind=EventKind.DECIDED,
            at=at(2026, 4, 1),
            outcome=Outcome.REFUSED,
            note="- Uw inkomen is te laag.\n- Uw partner woont niet in Nederland.",
            source=EventSource.STAFF,
        )
    return case


def _letter(case: Case) -> Letter:
    return case.letters.select_related("case").get(kind=LetterKind.DECISION_REFUSAL)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_pdf_is_tagged_with_language_and_title(refused: Case, language: str) -> None:
    letter = _letter(refused)
    pdf = letter_pdf(letter, language)
    assert pdf.startswith(b"%PDF-")
    root = catalog(pdf)
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true\s*>>", root), root
    assert b"/StructTreeRoot" in root
    assert f"/Lang ({language})".encode() in root
    assert re.search(rb"/DisplayDocTitle\s+true", root)  # the title, not the file name
    objects = pdf_objects(pdf)
    title = letter.title_in(language).encode("latin-1", "replace")
    assert b"/Title (" + title + b")" in objects
    assert b"pdfuaid:part" in objects  # the XMP metadata claims PDF/UA-1
    # The structure tree has the letter's headings, paragraphs and list.
    for tag in (b"/H1", b"/H2", b"/P", b"/L", b"/LI"):
        assert b"/S " + tag in objects or b"/S" + tag in objects, tag


def test_the_same_letter_gives_the_same_pdf(refused: Case) -> None:
    letter = _letter(refused)
    assert letter_pdf(letter, "nl") == letter_pdf(letter, "nl")


def test_the_pdf_frame_has_the_contact_and_reference(refused: Case) -> None:
    html = letter_html(_letter(refused), "nl")
    assert '<html lang="nl">' in html
    assert "Contactpersoon: Hanneke de Vries" in html
    assert "Team Gezin" in html
    assert "S2026-FA-001092" in html
    assert "<li>Uw inkomen is te laag.</li>" in html
    english = letter_html(_letter(refused), "en")
    assert "Contact person: Hanneke de Vries" in english


def test_notes_are_escaped_in_the_pdf(refused: Case) -> None:
    letter = _letter(refused)
    letter.body_nl = "Beste <b>Amira</b>,"
    assert "Beste &lt;b&gt;Amira&lt;/b&gt;," in letter_html(letter, "nl")


def test_the_file_name_is_reference_date_kind(refused: Case) -> None:
    letter = _letter(refused)
    assert letter.language == "nl"
    assert letter_filename(letter, "nl") == "s2026-fa-001092-2026-04-01-decision_refusal.pdf"
    assert letter_filename(letter, "en") == "s2026-fa-001092-2026-04-01-decision_refusal-en.pdf"


def test_a_letter_is_shown_in_the_page_language_or_else_as_sent(refused: Case) -> None:
    letter = _letter(refused)
    assert letter_language(letter, "en") == "en"
    assert letter_language(letter, "nl") == "nl"
    assert letter_language(letter, "de") == "nl"
    assert letter_language(letter, None) == "nl"


def test_without_pango_the_error_says_what_to_install(
    refused: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail() -> None:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(letters_pdf, "_load_weasyprint", fail)
    with pytest.raises(PdfUnavailableError, match=r"apt-get install libpango-1\.0-0"):
        letter_pdf(_letter(refused), "nl")


def test_the_system_check_warns_without_pango(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(letters_pdf, "_library_found", lambda name: False)
    [warning] = pdf_library_loads()
    assert warning.id == "letters.W001"
    assert "pango-1.0" in str(warning.hint)


def test_the_check_is_quiet_where_weasyprint_loads() -> None:
    assert pdf_library_loads() == []
