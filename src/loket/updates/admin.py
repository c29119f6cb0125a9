"""Back-office view of the ledger: which update was told about which case, in which
message. Read-only: it is the record that keeps every update once-only."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from loket.kernel.actors import request_actor
from loket.updates.models import CaseUpdate
from loket.updates.policies import updates_visible_to


@admin.register(CaseUpdate)
class CaseUpdateAdmin(admin.ModelAdmin[CaseUpdate]):
    list_display = ["key", "case", "kind", "happened_at", "message", "created_at"]
    list_filter = ["kind"]
    search_fields = ["key", "case__reference"]
    list_select_related = ["case", "message"]
    raw_id_fields = ["case", "message"]
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[CaseUpdate]:
        return updates_visible_to(request_actor(request))

    def get_readonly_fields(self, request: HttpRequest, obj: CaseUpdate | None = None) -> list[str]:
        return [field.name for field in CaseUpdate._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: CaseUpdate | None = None) -> bool:
        return False
