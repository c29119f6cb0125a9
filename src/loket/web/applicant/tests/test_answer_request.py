"""Answering an information request in the portal, through the Django test client: the page
says what was asked and by when, a bad file stores nothing and says what is wrong, a good
answer resumes the case, a double submit stores once, and only the right people get a file."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from loket.audit.models import ProcessingRecord
from loket.cases import services
from loket.cases.models import Case, CaseStatus
from loket.documents import storage
from loket.documents.models import Document
from loket.documents.selectors import open_request_for
from loket.documents.tests import samples
from loket.web.conftest import url

pytestmark = pytest.mark.django_db

QUESTION = "Please send your payslips of August and September."


@pytest.fixture(autouse=True)
def upload_dir(settings: Settings, tmp_path: Path) -> Path:
    settings.LOKET_UPLOAD_DIR = tmp_path / "uploads"
    return tmp_path / "uploads"


@pytest.fixture
def waiting_case(amira: User) -> Case:
    """Amira's study application, waiting ten days for her payslips."""
    now = timezone.now().replace(microsecond=0)
    case = services.case_create(
        reference="ST-2026-0200",
        product="study",
        received_at=now - dt.timedelta(days=40),
        source="staff",
        applicant=amira,
    )
    services.case_record_event(
        case=case,
        kind="information_requested",
        at=now - dt.timedelta(days=10),
        source="staff",
        note=QUESTION,
    )
    case.refresh_from_db()
    return case


def files(*items: tuple[str, bytes]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, data, content_type="application/pdf") for name, data in items]


def token_of(page: str) -> str:
    found = re.search(r'name="submission_token" value="([0-9a-f-]+)"', page)
    assert found is not None
    return found.group(1)


def post_answer(
    client: Client, case: Case, uploads: list[SimpleUploadedFile], lang: str = "en", **extra: str
) -> tuple[str, object]:
    answer_url = url("applicant:answer-request", lang, reference=case.reference)
    page = client.get(answer_url).content.decode()
    data = {
        "submission_token": token_of(page),
        "request_sequence": str(open_request_for(case).sequence),  # type: ignore[union-attr]
        "documents": uploads,
        **extra,
    }
    return answer_url, client.post(answer_url, data)


def test_the_case_page_says_what_was_asked_and_by_when(
    client: Client, amira: User, waiting_case: Case
) -> None:
    client.force_login(amira)
    page = client.get(url("applicant:case-detail", "en", reference=waiting_case.reference))
    html = page.content.decode()
    request = open_request_for(waiting_case)
    assert request is not None
    assert QUESTION in html
    assert f"Send the information no later than {request.reply_by:%A} " in html
    answer_url = url("applicant:answer-request", "en", reference=waiting_case.reference)
    assert f'href="{answer_url}"' in html
    assert "Send the documents online" in html


def test_the_answer_page_has_an_accessible_form(
    client: Client, amira: User, waiting_case: Case
) -> None:
    client.force_login(amira)
    page = client.get(url("applicant:answer-request", "en", reference=waiting_case.reference))
    assert page.status_code == 200
    html = page.content.decode()
    assert QUESTION in html
    assert 'enctype="multipart/form-data"' in html
    assert '<label class="utrecht-form-label" for="id_documents">Your documents</label>' in html
    assert re.search(r'<input type="file" name="documents"[^>]* multiple', html)
    assert 'aria-describedby="id_documents-help"' in html
    assert "at most 10 files, each at most 10.0" in html


BAD = [
    ("loonstrook.pdf", samples.exe(), "is not a PDF, JPEG or PNG file"),
    ("paspoort.png", samples.png()[:-12], "is damaged or not complete"),
    ("leeg.pdf", b"", "is empty"),
    ("scan.jpg", samples.jpeg() + b"\x00" * (10 * 1024 * 1024), "is too big"),
]


@pytest.mark.parametrize(("name", "data", "says"), BAD)
def test_a_bad_file_is_named_with_what_is_wrong_and_nothing_is_stored(
    client: Client,
    amira: User,
    waiting_case: Case,
    upload_dir: Path,
    name: str,
    data: bytes,
    says: str,
) -> None:
    client.force_login(amira)
    _, response = post_answer(
        client, waiting_case, files(("good.pdf", samples.pdf()), (name, data))
    )
    assert response.status_code == 200  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "Something is not right yet" in html  # the error summary
    assert f"The file {name} {says}" in html
    assert 'href="#id_documents"' in html
    assert 'aria-invalid="true"' in html
    assert "We have not received your files." in html
    assert Document.objects.count() == 0
    assert not upload_dir.exists() or not any(p.is_file() for p in upload_dir.rglob("*"))
    waiting_case.refresh_from_db()
    assert waiting_case.status == CaseStatus.WAITING_FOR_CLIENT


def test_the_message_is_dutch_on_the_dutch_page(
    client: Client, amira: User, waiting_case: Case
) -> None:
    client.force_login(amira)
    _, response = post_answer(client, waiting_case, files(("virus.pdf", samples.exe())), lang="nl")
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "Het bestand virus.pdf is geen PDF-, JPEG- of PNG-bestand." in html


def test_no_file_or_too_many_files_is_said_on_the_form(
    client: Client, amira: User, waiting_case: Case, settings: Settings
) -> None:
    client.force_login(amira)
    _, response = post_answer(client, waiting_case, [])
    assert "Choose at least one file to send." in response.content.decode()  # type: ignore[attr-defined]
    settings.LOKET_UPLOAD_MAX_FILES = 2
    three = files(*((f"{n}.pdf", samples.pdf()) for n in range(3)))
    _, response = post_answer(client, waiting_case, three)
    assert "You chose 3 files. You can send 2 files at a time." in response.content.decode()  # type: ignore[attr-defined]
    assert Document.objects.count() == 0


def test_a_good_answer_is_stored_and_the_case_goes_on(
    client: Client, amira: User, waiting_case: Case, upload_dir: Path
) -> None:
    due_while_waiting = waiting_case.decision_due
    client.force_login(amira)
    sent = {"payslip-august.pdf": samples.pdf("augustus"), "payslip-september.jpg": samples.jpeg()}
    _, response = post_answer(client, waiting_case, files(*sent.items()))
    case_url = url("applicant:case-detail", "en", reference=waiting_case.reference)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response["Location"] == case_url  # type: ignore[index]
    page = client.get(case_url).content.decode()
    assert "Thank you. We received your 2 documents." in page
    assert QUESTION not in page  # nothing is asked any more

    waiting_case.refresh_from_db()
    assert waiting_case.status == CaseStatus.IN_PROGRESS
    assert waiting_case.decision_due is not None
    assert due_while_waiting is not None
    assert waiting_case.decision_due >= due_while_waiting + dt.timedelta(days=10)
    event = waiting_case.events.order_by("sequence").last()
    assert event is not None
    assert event.kind == "information_received"
    assert event.recorded_by == amira
    documents = list(Document.objects.order_by("pk"))
    assert [d.original_name for d in documents] == list(sent)
    for document, data in zip(documents, sent.values(), strict=True):
        path = storage.path_of(document.storage_name)
        assert path.is_relative_to(upload_dir)
        assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert document.sha256 == hashlib.sha256(data).hexdigest()
    uploads = ProcessingRecord.objects.filter(activity="document.upload").order_by("pk")
    assert [(r.operation, r.subject_id) for r in uploads] == [("change", str(amira.pk))] * 2
    assert [r.object_ref for r in uploads] == [
        f"{waiting_case.reference}/{d.pk}" for d in documents
    ]


def test_a_double_submit_stores_once(
    client: Client, amira: User, waiting_case: Case, upload_dir: Path
) -> None:
    client.force_login(amira)
    answer_url, first = post_answer(client, waiting_case, files(("a.pdf", samples.pdf())))
    assert first.status_code == 302  # type: ignore[attr-defined]
    # The same form (same one-time token) sent again, as a double click or a retry does.
    page_token = first.wsgi_request.POST["submission_token"]  # type: ignore[attr-defined]
    second = client.post(
        answer_url,
        {
            "submission_token": page_token,
            "request_sequence": "2",
            "documents": files(("a.pdf", samples.pdf())),
        },
        follow=True,
    )
    assert "You already sent these documents. We received them once." in second.content.decode()
    assert Document.objects.count() == 1
    assert len([p for p in upload_dir.rglob("*") if p.is_file()]) == 1
    assert waiting_case.events.filter(kind="information_received").count() == 1


def test_without_an_open_request_the_page_says_nothing_is_asked(
    client: Client, amira: User, story_case: Case
) -> None:
    client.force_login(amira)
    page = client.get(url("applicant:answer-request", "en", reference=story_case.reference))
    assert page.status_code == 200
    html = page.content.decode()
    assert "We are not waiting for information from you for this application." in html
    assert '<form method="post" enctype' not in html


@pytest.fixture
def sent_document(client: Client, amira: User, waiting_case: Case) -> Document:
    client.force_login(amira)
    post_answer(client, waiting_case, files(("paspoort scan.pdf", samples.pdf())))
    client.logout()
    return Document.objects.get()


def test_the_applicant_downloads_her_document_as_an_attachment(
    client: Client, amira: User, sent_document: Document
) -> None:
    client.force_login(amira)
    reference = sent_document.case.reference
    download = url(
        "applicant:document-download", "en", reference=reference, document_id=sent_document.pk
    )
    response = client.get(download)
    assert response.status_code == 200
    assert response.content == samples.pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="paspoort scan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    answer_page = client.get(url("applicant:answer-request", "en", reference=reference))
    assert f'href="{download}"' in answer_page.content.decode()  # listed as sent


def test_another_applicant_gets_not_found_for_the_page_and_the_file(
    client: Client, bram: User, waiting_case: Case, sent_document: Document
) -> None:
    client.force_login(bram)
    reference = waiting_case.reference
    answer_url = url("applicant:answer-request", "en", reference=reference)
    assert client.get(answer_url).status_code == 404
    assert (
        client.post(answer_url, {"documents": files(("a.pdf", samples.pdf()))}).status_code == 404
    )
    download = url(
        "applicant:document-download", "en", reference=reference, document_id=sent_document.pk
    )
    assert client.get(download).status_code == 404
    staff_download = url(
        "staff:staff-document-download", "en", reference=reference, document_id=sent_document.pk
    )
    assert client.get(staff_download).status_code == 404
    assert Document.objects.count() == 1


def test_staff_see_the_documents_on_the_case_and_download_them(
    client: Client, handler: User, sent_document: Document
) -> None:
    client.force_login(handler)
    reference = sent_document.case.reference
    page = client.get(url("staff:staff-record-event", "en", reference=reference)).content.decode()
    download = url(
        "staff:staff-document-download", "en", reference=reference, document_id=sent_document.pk
    )
    assert "Documents from the applicant" in page
    assert f'href="{download}"' in page
    assert "paspoort scan.pdf" in page
    response = client.get(download)
    assert response.status_code == 200
    assert response.content == samples.pdf()
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    # In the applicant's door staff are applicants like anyone else: not their case.
    applicant_download = url(
        "applicant:document-download", "en", reference=reference, document_id=sent_document.pk
    )
    assert client.get(applicant_download).status_code == 404


def test_a_document_of_another_case_is_not_found_under_this_reference(
    client: Client, handler: User, sent_document: Document, story_case: Case
) -> None:
    client.force_login(handler)
    wrong = url(
        "staff:staff-document-download",
        "en",
        reference=story_case.reference,
        document_id=sent_document.pk,
    )
    assert client.get(wrong).status_code == 404
