"""Documents that applicants send in answer to an information request.

The file itself lives outside the web root, in ``settings.LOKET_UPLOAD_DIR``, under a random
name (``storage_name``); the row keeps what the person called it, its size, its SHA-256 and
the type found in its bytes. Rows are written only by ``loket.documents.services`` and are
read through ``loket.documents.policies``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.cases.models import Case
from loket.documents import filetypes


class ContentType(models.TextChoices):
    PDF = filetypes.PDF, "PDF"
    JPEG = filetypes.JPEG, "JPEG"
    PNG = filetypes.PNG, "PNG"


class Document(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    # The ``information_requested`` event this answers, and the ``information_received``
    # event that was recorded when it came in (both by their sequence in the case's log).
    request_sequence = models.PositiveIntegerField()
    answer_sequence = models.PositiveIntegerField()
    storage_name = models.CharField(max_length=64, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField("SHA-256", max_length=64)
    content_type = models.CharField(_("type"), max_length=40, choices=ContentType.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("received on"))

    class Meta:
        ordering = ["case", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content_type__in=ContentType.values),
                name="documents_document_content_type_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(size__gt=0), name="documents_document_not_empty"
            ),
        ]
        indexes = [models.Index(fields=["case", "uploaded_at"], name="documents_case_uploaded_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.original_name}"
