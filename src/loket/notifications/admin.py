"""Back-office view of the outbox: read-only, plus a retry for failed messages."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from loket.kernel.actors import request_actor
from loket.notifications.models import Message, MessageStatus
from loket.notifications.policies import messages_visible_to
from loket.notifications.services import message_retry


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    list_display = [
        "pk",
        "created_at",
        "channel",
        "kind",
        "status",
        "recipient_address",
        "recipient",
        "case",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "channel", "kind", "language"]
    search_fields = ["recipient_address", "subject", "dedupe_key", "case__reference"]
    list_select_related = ["recipient", "case"]
    raw_id_fields = ["recipient", "case"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    actions = ["retry_failed"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Message]:
        # The back office reads through the same policy as every other door.
        return messages_visible_to(request_actor(request))

    def get_readonly_fields(self, request: HttpRequest, obj: Message | None = None) -> list[str]:
        # The row is a record of what was sent; staff read it, they do not edit it.
        return [field.name for field in Message._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Message | None = None) -> bool:
        # The outbox is the record of what was said to whom; it goes with the account.
        return False

    @admin.action(description=_("Retry selected failed messages"), permissions=["change"])
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        ids = list(queryset.filter(status=MessageStatus.FAILED).values_list("pk", flat=True))
        retried = sum(message_retry(message_id=message_id) for message_id in ids)
        self.message_user(
            request,
            ngettext(
                "%(count)d message queued for another try.",
                "%(count)d messages queued for another try.",
                retried,
            )
            % {"count": retried},
            messages.SUCCESS if retried else messages.WARNING,
        )
