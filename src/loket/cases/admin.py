"""Back office for cases: read-mostly. Events are facts and change only through
``loket.cases.services`` (which checks the transition table and the term clock), so the
admin shows them but cannot add, change or delete them; nor does it edit the projection.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from loket.audit.admin_logging import ProcessingLoggedAdmin
from loket.audit.services import Processed
from loket.cases.models import Case, CaseEvent, Letter
from loket.cases.policies import cases_visible_to
from loket.cases.projection import PROJECTED_FIELDS
from loket.kernel.actors import request_actor


class _RecordsInline(admin.TabularInline):  # type: ignore[type-arg]
    """Records of a case (events, sent letters): shown, never added, changed or deleted."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CaseEventInline(_RecordsInline):
    model = CaseEvent
    ordering = ("sequence",)
    fields = ("sequence", "kind", "at", "days", "outcome", "stage", "source", "recorded_by", "note")
    readonly_fields = fields


class LetterInline(_RecordsInline):
    model = Letter
    fields = ("kind", "title_nl", "title_en", "sent_at")
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(ProcessingLoggedAdmin):
    list_display = ("reference", "product", "status", "stage", "received_at", "decision_due")
    list_filter = ("status", "product", "track")
    search_fields = ("reference", "sponsor_name", "handler_name")
    date_hierarchy = "received_at"
    list_select_related = ("product",)
    raw_id_fields = ("applicant",)
    readonly_fields = (*PROJECTED_FIELDS, "reference", "product", "created_at")
    inlines = (CaseEventInline, LetterInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Case]:
        # The back office reads through the same policy as every other door.
        return cases_visible_to(request_actor(request)).select_related("product")

    def processed(self, obj: Case) -> Processed:
        return Processed(subject_id=obj.applicant_id, object_type="case", object_ref=obj.reference)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a case starts with its 'received' event: use case_create or import

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
