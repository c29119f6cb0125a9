"""Answering an information request: the applicant's files and the ``information_received``
event, written together or not at all.

Every file is checked before anything is written: its type is read from its bytes (PDF, JPEG
or PNG, and whole), it may not be empty or larger than ``settings.LOKET_UPLOAD_MAX_BYTES``.
One bad file refuses the whole answer. The files are written under random names before the
transaction commits and removed again if it does not, so a refused or failed answer leaves
neither rows nor files; a one-time form token makes a double submit store once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Final, Protocol

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from loket.cases.domain.vocabulary import EventKind, EventSource
from loket.cases.models import Case, CaseEvent
from loket.cases.projection import PROJECTED_FIELDS
from loket.cases.services import case_record_event
from loket.documents import filetypes, storage
from loket.documents.models import Document
from loket.documents.selectors import open_request_for
from loket.kernel.submissions import form_submission_consume

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The source of the ``information_received`` event an applicant records in the portal.
ANSWER_SOURCE: Final = EventSource.CLIENT


class UploadedFile(Protocol):
    """What the service reads from an upload (Django's ``UploadedFile`` has it)."""

    @property
    def name(self) -> str | None: ...
    @property
    def size(self) -> int | None: ...
    def chunks(self, chunk_size: int | None = ...) -> Iterable[bytes]: ...


class Problem(StrEnum):
    EMPTY = "empty"
    TOO_BIG = "too_big"
    WRONG_TYPE = "wrong_type"
    DAMAGED = "damaged"


@dataclass(frozen=True, slots=True)
class FileProblem:
    """What is wrong with one file, in words the applicant understands (B1)."""

    name: str
    problem: Problem
    limit_bytes: int

    @property
    def message(self) -> str:
        texts: dict[Problem, Promise] = {
            Problem.EMPTY: _("The file %(name)s is empty. Choose the right file and try again."),
            Problem.TOO_BIG: _(
                "The file %(name)s is too big. A file can be %(limit)s at most. Make it smaller "
                "(for example, scan it at a lower quality) or send it in parts."
            ),
            Problem.WRONG_TYPE: _(
                "The file %(name)s is not a PDF, JPEG or PNG file. We look at what is in the "
                "file, not at its name. Save it as PDF, JPEG or PNG and try again."
            ),
            Problem.DAMAGED: _(
                "The file %(name)s is damaged or not complete. Save or scan it again and try again."
            ),
        }
        return str(texts[self.problem]) % {
            "name": self.name,
            "limit": filesizeformat(self.limit_bytes),
        }


class UploadRejectedError(ValueError):
    """One or more files were refused; nothing was stored."""

    def __init__(self, problems: Sequence[FileProblem]) -> None:
        super().__init__("; ".join(f"{p.name}: {p.problem}" for p in problems))
        self.problems = tuple(problems)


class AlreadySubmittedError(Exception):
    """This form was sent before; the first answer stands and nothing more was stored."""


class RequestClosedError(ValueError):
    """The case is no longer waiting for an answer to this request; nothing was stored."""


@dataclass(frozen=True, slots=True)
class Answer:
    event: CaseEvent
    documents: tuple[Document, ...]


@dataclass(frozen=True, slots=True)
class _Checked:
    name: str
    data: bytes
    content_type: str


MAX_NAME_LENGTH: Final = 255


def clean_file_name(name: str | None) -> str:
    """The name the person gave the file, without folders or control characters, at most
    255 characters (the extension kept). Only ever shown, never used as a path."""
    raw = name or ""
    base = PureWindowsPath(PurePosixPath(raw).name).name
    text = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    if len(text) > MAX_NAME_LENGTH:
        stem, dot, extension = text.rpartition(".")
        keep = extension[:16] if dot and stem else ""
        text = (
            text[: MAX_NAME_LENGTH - len(keep) - 1] + "." + keep if keep else text[:MAX_NAME_LENGTH]
        )
    return text or "document"


def upload_check(file: UploadedFile, *, max_bytes: int) -> _Checked | FileProblem:
    """Read one file and judge it by its content."""
    name = clean_file_name(file.name)
    size = file.size or 0
    if size > max_bytes:
        return FileProblem(name, Problem.TOO_BIG, max_bytes)
    data = b"".join(file.chunks())
    if len(data) > max_bytes:
        return FileProblem(name, Problem.TOO_BIG, max_bytes)
    if not data:
        return FileProblem(name, Problem.EMPTY, max_bytes)
    sniffed = filetypes.sniff(data)
    if sniffed.content_type is None:
        return FileProblem(name, Problem.WRONG_TYPE, max_bytes)
    if not sniffed.complete:
        return FileProblem(name, Problem.DAMAGED, max_bytes)
    return _Checked(name=name, data=data, content_type=sniffed.content_type)


def request_answer_submit(
    *,
    case: Case,
    request_sequence: int,
    files: Sequence[UploadedFile],
    answered_by: User | None,
    token: uuid.UUID | None = None,
    at: dt.datetime | None = None,
) -> Answer:
    """Store ``files`` as the answer to the case's open request ``request_sequence`` and
    record ``information_received`` (which resumes the term clock), in one transaction.

    Raises ``UploadRejectedError`` (a file is empty, too big, not a PDF/JPEG/PNG, or damaged),
    ``RequestClosedError`` (the request is answered or no longer open),
    ``AlreadySubmittedError`` (``token`` was used before) or a ``CaseRuleError`` from the case
    service; in every case nothing is stored, neither rows nor files.

    Runs its own transaction (``durable``): the files it writes are removed if that
    transaction does not commit, which it can only know when it is the outermost one.
    """
    max_files: int = settings.LOKET_UPLOAD_MAX_FILES
    max_bytes: int = settings.LOKET_UPLOAD_MAX_BYTES
    if not files:
        raise ValueError("An answer needs at least one file.")
    if len(files) > max_files:
        raise ValueError(f"At most {max_files} files in one answer.")
    checked: list[_Checked] = []
    problems: list[FileProblem] = []
    for file in files:
        result = upload_check(file, max_bytes=max_bytes)
        if isinstance(result, FileProblem):
            problems.append(result)
        else:
            checked.append(result)
    if problems:
        raise UploadRejectedError(problems)

    at = at or timezone.now()
    written: list[str] = []
    try:
        with transaction.atomic(durable=True):
            if token is not None:
                try:
                    with transaction.atomic():
                        form_submission_consume(
                            token=token, user_id=answered_by.pk if answered_by else None
                        )
                except IntegrityError as used:
                    raise AlreadySubmittedError(str(token)) from used
            locked = Case.objects.select_for_update().get(pk=case.pk)
            request = open_request_for(locked)
            if request is None or request.sequence != request_sequence:
                raise RequestClosedError(
                    f"Case {locked.reference} has no open request #{request_sequence}."
                )
            names = ", ".join(c.name for c in checked)
            event = case_record_event(
                case=locked,
                kind=EventKind.INFORMATION_RECEIVED,
                at=at,
                source=ANSWER_SOURCE,
                recorded_by=answered_by,
                note=f"Sent in the portal: {names}"[:2000],
            )
            documents = []
            for item in checked:
                storage_name = storage.file_write(item.data)
                written.append(storage_name)
                documents.append(
                    Document(
                        case=locked,
                        request_sequence=request.sequence,
                        answer_sequence=event.sequence,
                        storage_name=storage_name,
                        original_name=item.name,
                        size=len(item.data),
                        sha256=hashlib.sha256(item.data).hexdigest(),
                        content_type=item.content_type,
                        uploaded_by=answered_by,
                        uploaded_at=at,
                    )
                )
            Document.objects.bulk_create(documents)
    except BaseException:
        for storage_name in written:
            storage.file_remove(storage_name)
        raise
    # Keep the caller's instance in step with the row (status, decision_due).
    case.refresh_from_db(fields=list(PROJECTED_FIELDS))
    return Answer(event=event, documents=tuple(documents))
