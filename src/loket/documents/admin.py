"""Back office: documents are evidence sent by the applicant, so the admin lists them (through
the policy) but cannot add, change or delete them. Staff download them from the case's page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from loket.documents.models import Document
from loket.documents.policies import documents_visible_to
from loket.kernel.actors import request_actor


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin[Document]):
    list_display = ("original_name", "case", "content_type", "size", "uploaded_at")
    list_filter = ("content_type",)
    search_fields = ("case__reference", "original_name", "sha256")
    date_hierarchy = "uploaded_at"
    list_select_related = ("case",)
    readonly_fields = (
        "case",
        "request_sequence",
        "answer_sequence",
        "original_name",
        "size",
        "sha256",
        "content_type",
        "uploaded_by",
        "uploaded_at",
    )
    exclude = ("storage_name",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        return documents_visible_to(request_actor(request)).select_related("case")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
