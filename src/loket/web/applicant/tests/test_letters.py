"""Letters on the applicant's pages: listed on the case page, readable in the page's
language, downloadable as a tagged PDF by the owner only (404 for anyone else)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from loket.cases import services
from loket.cases.domain.vocabulary import EventKind, EventSource, LetterKind, Outcome
from loket.cases.models import Case, Letter
from loket.letters import pdf as letters_pdf
from loket.letters.tests.pdfcheck import catalog
from loket.web.conftest import at, url

pytestmark = pytest.mark.django_db

REASON = "- Uw inkomen is te laag.\n- Uw partner woont niet in Nederland."


@pytest.fixture
def refused(
    amira: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> Case:
    """A refused family case, its letters made by the domain events as in production."""
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_create(
            reference="S2026-FA-001092",
            product="family",
            received_at=at(dt.date(2026, 2, 2)),
            source=EventSource.STAFF,
            applicant=amira,
            handler_name="Hanneke de Vries",
            handler_email="h.devries@loket.example",
            team="Gezin",
        )
        services.case_record_event(
            case=case,
            kind=EventKind.DECIDED,
            at=at(dt.date(2026, 4, 1)),
            outcome=Outcome.REFUSED,
            note=REASON,
            source=EventSource.STAFF,
        )
    return case


def _refusal(case: Case) -> Letter:
    return case.letters.get(kind=LetterKind.DECISION_REFUSAL)


def test_the_case_page_lists_both_letters(client: Client, amira: User, refused: Case) -> None:
    client.force_login(amira)
    page = client.get(url("applicant:case-detail", reference=refused.reference)).content.decode()
    assert "Wij hebben uw aanvraag ontvangen" in page
    assert "Besluit: uw aanvraag is afgewezen" in page
    english = client.get(url("applicant:case-detail", "en", reference=refused.reference))
    assert "Decision: your application is refused" in english.content.decode()


def test_the_letter_page_shows_its_headings_and_lists(
    client: Client, amira: User, refused: Case
) -> None:
    client.force_login(amira)
    letter = _refusal(refused)
    page = client.get(
        url("applicant:letter-detail", reference=refused.reference, letter_id=letter.pk)
    ).content.decode()
    assert (
        '<h1 class="utrecht-heading-1" id="letter-title">Besluit: uw aanvraag is afgewezen' in page
    )
    assert '<h2 class="utrecht-heading-2">Waarom hebben wij uw aanvraag afgewezen?</h2>' in page
    assert '<li class="utrecht-unordered-list__item">Uw inkomen is te laag.</li>' in page
    english = client.get(
        url("applicant:letter-detail", "en", reference=refused.reference, letter_id=letter.pk)
    ).content.decode()
    assert "Do you disagree with the decision?" in english


@pytest.mark.parametrize(("lang", "suffix"), [("nl", ""), ("en", "-en")])
def test_the_owner_downloads_a_tagged_pdf(
    client: Client, amira: User, refused: Case, lang: str, suffix: str
) -> None:
    client.force_login(amira)
    letter = _refusal(refused)
    response = client.get(
        url("applicant:letter-download", lang, reference=refused.reference, letter_id=letter.pk)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    name = f"s2026-fa-001092-2026-04-01-decision_refusal{suffix}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["Cache-Control"] == "private, no-store"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    root = catalog(pdf)
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true\s*>>", root)
    assert b"/StructTreeRoot" in root
    assert f"/Lang ({lang})".encode() in root


def test_another_applicant_gets_404(client: Client, bram: User, refused: Case) -> None:
    client.force_login(bram)
    letter = _refusal(refused)
    for name in ("applicant:letter-detail", "applicant:letter-download"):
        response = client.get(url(name, reference=refused.reference, letter_id=letter.pk))
        assert response.status_code == 404, name


def test_a_letter_of_another_case_is_404_under_ones_own_reference(
    client: Client, amira: User, refused: Case
) -> None:
    other = services.case_create(
        reference="OTHER-1", product="study", received_at=refused.received_at, source="staff"
    )
    foreign = Letter.objects.create(
        case=other, title_nl="t", title_en="t", body_nl="b", body_en="b", sent_at=timezone.now()
    )
    client.force_login(amira)
    response = client.get(
        url("applicant:letter-download", reference=refused.reference, letter_id=foreign.pk)
    )
    assert response.status_code == 404


def test_without_pango_the_download_says_so_plainly(
    client: Client, amira: User, refused: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail() -> None:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(letters_pdf, "_load_weasyprint", fail)
    client.force_login(amira)
    letter = _refusal(refused)
    response = client.get(
        url("applicant:letter-download", "en", reference=refused.reference, letter_id=letter.pk)
    )
    assert response.status_code == 503
    assert "We cannot make this letter into a PDF right now." in response.content.decode()
