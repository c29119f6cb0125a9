"""Answering a request: good files are stored with the event, a bad file stores nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django import Settings

from loket.cases.models import Case, CaseEvent, CaseStatus
from loket.cases.selectors import case_term_clock
from loket.documents import storage
from loket.documents.models import Document
from loket.documents.services import (
    ANSWER_SOURCE,
    AlreadySubmittedError,
    Answer,
    Problem,
    RequestClosedError,
    UploadRejectedError,
    clean_file_name,
    request_answer_submit,
)
from loket.documents.tests import samples
from loket.documents.tests.conftest import ASKED, at, stored_files
from loket.kernel.models import FormSubmission

pytestmark = pytest.mark.django_db

ANSWERED = at(dt.date(2026, 10, 20), 14)


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    # The browser's content type is whatever the browser says: the service never reads it.
    return SimpleUploadedFile(name, data, content_type=content_type)


def submit(
    case: Case, amira: User, *files: SimpleUploadedFile, token: uuid.UUID | None = None
) -> Answer:
    return request_answer_submit(
        case=case, request_sequence=2, files=files, answered_by=amira, token=token, at=ANSWERED
    )


def assert_nothing_stored(case: Case, upload_dir: Path) -> None:
    assert Document.objects.count() == 0
    assert stored_files(upload_dir) == []
    assert list(case.events.values_list("kind", flat=True)) == ["received", "information_requested"]
    case.refresh_from_db()
    assert case.status == CaseStatus.WAITING_FOR_CLIENT


BAD_FILES = [
    ("loonstrook.pdf", samples.exe(), Problem.WRONG_TYPE),  # a program renamed to .pdf
    ("paspoort.png", samples.png()[:-12], Problem.DAMAGED),  # a PNG cut off before its end
    ("leeg.pdf", b"", Problem.EMPTY),
    ("scan.jpg", samples.jpeg() + b"\x00" * (10 * 1024 * 1024), Problem.TOO_BIG),
]


@pytest.mark.parametrize(("name", "data", "problem"), BAD_FILES)
def test_a_bad_file_is_refused_by_name_and_nothing_is_stored(
    waiting_case: Case, amira: User, upload_dir: Path, name: str, data: bytes, problem: Problem
) -> None:
    token = uuid.uuid4()
    with pytest.raises(UploadRejectedError) as refused:
        submit(waiting_case, amira, upload(name, data), token=token)
    [found] = refused.value.problems
    assert (found.name, found.problem) == (name, problem)
    assert name in found.message
    assert_nothing_stored(waiting_case, upload_dir)
    assert not FormSubmission.objects.filter(token=token).exists()  # the form can be sent again


def test_one_bad_file_among_good_ones_stores_none_of_them(
    waiting_case: Case, amira: User, upload_dir: Path
) -> None:
    with pytest.raises(UploadRejectedError) as refused:
        submit(
            waiting_case,
            amira,
            upload("loonstrook-augustus.pdf", samples.pdf()),
            upload("virus.pdf", samples.exe()),
            upload("foto.png", samples.png()),
        )
    assert [p.name for p in refused.value.problems] == ["virus.pdf"]
    assert_nothing_stored(waiting_case, upload_dir)


def test_the_size_limit_is_a_setting(
    waiting_case: Case, amira: User, upload_dir: Path, settings: Settings
) -> None:
    settings.LOKET_UPLOAD_MAX_BYTES = 100
    with pytest.raises(UploadRejectedError) as refused:
        submit(waiting_case, amira, upload("scan.pdf", samples.pdf()))
    assert refused.value.problems[0].problem == Problem.TOO_BIG
    assert "100" in refused.value.problems[0].message
    assert_nothing_stored(waiting_case, upload_dir)


def test_good_files_are_stored_outside_the_web_root_and_the_clock_runs_again(
    waiting_case: Case, amira: User, upload_dir: Path, settings: Settings
) -> None:
    due_while_waiting = waiting_case.decision_due
    files = {
        "loonstrook augustus.pdf": samples.pdf("augustus"),
        "loonstrook-september.PNG": samples.png(),
        "foto.jpeg": samples.jpeg(progressive=True),
    }
    answer = submit(
        waiting_case,
        amira,
        *(upload(name, data, "application/octet-stream") for name, data in files.items()),
    )

    event = answer.event
    assert (event.kind, event.sequence, event.source) == ("information_received", 3, ANSWER_SOURCE)
    assert event.at == ANSWERED
    assert event.recorded_by == amira
    waiting_case.refresh_from_db()
    assert waiting_case.status == CaseStatus.IN_PROGRESS
    # The term was suspended from 3 to 20 October: the legal date moves 17 days later.
    clock = case_term_clock(waiting_case, as_of=dt.date(2026, 12, 1))
    assert clock.suspensions[-1].days == (ANSWERED.date() - ASKED).days == 17
    assert waiting_case.decision_due == clock.due
    assert due_while_waiting is not None
    assert waiting_case.decision_due is not None
    assert waiting_case.decision_due > due_while_waiting

    documents = list(Document.objects.order_by("pk"))
    assert [d.original_name for d in documents] == list(files)
    assert [d.content_type for d in documents] == ["application/pdf", "image/png", "image/jpeg"]
    static_root = Path(settings.STATIC_ROOT).resolve()
    for document, data in zip(documents, files.values(), strict=True):
        assert (document.request_sequence, document.answer_sequence) == (2, 3)
        assert document.uploaded_by == amira
        assert document.uploaded_at == ANSWERED
        assert document.size == len(data)
        assert document.sha256 == hashlib.sha256(data).hexdigest()
        path = storage.path_of(document.storage_name)
        assert path.is_relative_to(upload_dir)
        assert not path.resolve().is_relative_to(static_root)
        assert path.name == document.storage_name  # a random name, not the person's
        assert uuid.UUID(hex=path.name)
        assert path.read_bytes() == data
        assert path.stat().st_mode & 0o777 == 0o600
    assert len(stored_files(upload_dir)) == 3


def test_a_double_submit_stores_once(waiting_case: Case, amira: User, upload_dir: Path) -> None:
    token = uuid.uuid4()
    submit(waiting_case, amira, upload("a.pdf", samples.pdf()), token=token)
    with pytest.raises(AlreadySubmittedError):
        submit(waiting_case, amira, upload("a.pdf", samples.pdf()), token=token)
    assert Document.objects.count() == 1
    assert len(stored_files(upload_dir)) == 1
    assert waiting_case.events.filter(kind="information_received").count() == 1


def test_an_answer_to_a_request_that_is_not_open_stores_nothing(
    waiting_case: Case, amira: User, upload_dir: Path
) -> None:
    with pytest.raises(RequestClosedError):
        request_answer_submit(
            case=waiting_case,
            request_sequence=1,
            files=[upload("a.pdf", samples.pdf())],
            answered_by=amira,
            at=ANSWERED,
        )
    assert_nothing_stored(waiting_case, upload_dir)


def test_a_failure_after_the_files_are_written_removes_them(
    waiting_case: Case, amira: User, upload_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(Document.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError, match="database gone"):
        submit(waiting_case, amira, upload("a.pdf", samples.pdf()), upload("b.png", samples.png()))
    assert_nothing_stored(waiting_case, upload_dir)
    assert CaseEvent.objects.filter(kind="information_received").count() == 0


def test_an_answer_needs_files_and_no_more_than_the_limit(
    waiting_case: Case, amira: User, settings: Settings
) -> None:
    with pytest.raises(ValueError, match="at least one file"):
        submit(waiting_case, amira)
    settings.LOKET_UPLOAD_MAX_FILES = 2
    with pytest.raises(ValueError, match="At most 2 files"):
        submit(waiting_case, amira, *(upload(f"{n}.pdf", samples.pdf()) for n in range(3)))


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("loonstrook.pdf", "loonstrook.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\amira\\Desktop\\scan 1.jpg", "scan 1.jpg"),
        ("bad\x00name\n.pdf", "badname.pdf"),
        ("", "document"),
        (None, "document"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_the_persons_file_name_is_kept_without_folders_or_control_characters(
    given: str | None, kept: str
) -> None:
    assert clean_file_name(given) == kept
