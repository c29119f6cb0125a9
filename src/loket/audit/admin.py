"""The processing log in the back office: read-only, for privacy officers only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from loket.audit.models import ProcessingRecord
from loket.audit.policies import records_visible_to
from loket.kernel.actors import request_actor


@admin.register(ProcessingRecord)
class ProcessingRecordAdmin(admin.ModelAdmin[ProcessingRecord]):
    """Read-only, and only for privacy officers (and superusers, through the policy)."""

    list_display = (
        "at",
        "activity",
        "operation",
        "actor_name",
        "actor_team",
        "subject_id",
        "object_ref",
    )
    list_filter = ("activity", "operation", "actor_kind")
    search_fields = ("subject_id", "object_ref", "actor_name", "trace_id")
    date_hierarchy = "at"

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[ProcessingRecord]:
        return records_visible_to(request_actor(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return records_visible_to(request_actor(request)).query.is_empty() is False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
