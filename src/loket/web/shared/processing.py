"""The doors' side of the processing log: every page and download that shows or changes
someone's personal data calls :func:`log_processing` with what it processed."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest

from loket.audit.models import Activity, Operation
from loket.audit.services import Processed, processing_record_many
from loket.cases.models import Case
from loket.documents.models import Document
from loket.kernel.actors import request_actor


def processed_case(case: Case) -> Processed:
    return Processed(subject_id=case.applicant_id, object_type="case", object_ref=case.reference)


def processed_document(document: Document) -> Processed:
    case = document.case
    return Processed(
        subject_id=case.applicant_id,
        object_type="document",
        object_ref=f"{case.reference}/{document.pk}",
    )


def log_processing(
    request: HttpRequest,
    activity: Activity,
    items: Iterable[Processed],
    *,
    operation: Operation = Operation.READ,
    detail: str = "",
) -> None:
    processing_record_many(
        actor=request_actor(request),
        activity=activity,
        operation=operation,
        items=items,
        detail=detail,
    )
