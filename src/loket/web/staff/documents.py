"""Staff download of a document an applicant sent (listed on the record-event page)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from loket.audit.models import Activity
from loket.documents.policies import documents_visible_to
from loket.web.shared.access import request_actor, staff_only
from loket.web.shared.downloads import document_response
from loket.web.shared.processing import log_processing, processed_document


@require_GET
@staff_only
def document_download(request: HttpRequest, reference: str, document_id: int) -> HttpResponse:
    document = (
        documents_visible_to(request_actor(request))
        .filter(case__reference=reference, pk=document_id)
        .select_related("case")
        .first()
    )
    if document is None:
        raise Http404("No such document.")
    log_processing(request, Activity.DOCUMENT_READ, [processed_document(document)])
    return document_response(document)
