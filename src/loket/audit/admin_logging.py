"""The back office's side of the processing log: a ModelAdmin mixin that records each look
at a record's page and each change saved, with what changed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, HttpResponse

from loket.audit.models import Activity, Operation
from loket.audit.services import Processed, processing_record
from loket.kernel.actors import request_actor


class ProcessingLoggedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Subclasses say what a record is about with :meth:`processed`."""

    def processed(self, obj: Any) -> Processed:
        raise NotImplementedError

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                processing_record(
                    actor=request_actor(request),
                    activity=Activity.ADMIN_VIEW,
                    operation=Operation.READ,
                    item=self.processed(obj),
                )
        return response

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = self.processed(self.model._default_manager.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        after = self.processed(obj)
        changed = ", ".join(form.changed_data) if change else "added"
        actor = request_actor(request)
        # A record that moved to another person (a case's applicant) is a change of both.
        detail = f"changed: {changed}"
        subjects = [after]
        if before is not None and before.subject_id != after.subject_id:
            subjects = [before, after]
            detail += f"; person {before.subject_id} -> {after.subject_id}"
        for item in subjects:
            processing_record(
                actor=actor,
                activity=Activity.ADMIN_CHANGE,
                operation=Operation.CHANGE,
                item=item,
                detail=detail,
            )
