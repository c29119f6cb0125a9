"""How every door hands out a stored document: as an attachment, never shown or sniffed."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from loket.documents import storage
from loket.documents.models import Document


def document_response(document: Document) -> HttpResponse:
    """The stored file of ``document`` (which the caller got through a policy) as a download.

    ``Content-Disposition: attachment`` with the name the person gave it, the type found in
    its bytes, ``nosniff``, a sandboxing CSP in case a browser shows it anyway, and no caching
    (it is personal data). Read whole: uploads are small (``LOKET_UPLOAD_MAX_BYTES``).
    """
    try:
        data = storage.path_of(document.storage_name).read_bytes()
    except FileNotFoundError as missing:
        raise Http404("The file is missing.") from missing
    response = HttpResponse(data, content_type=document.content_type)
    disposition = content_disposition_header(as_attachment=True, filename=document.original_name)
    response["Content-Disposition"] = disposition or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
