"""Reads over the outbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet

from loket.notifications.models import Channel, LanguagePreference, Message, MessageStatus

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from loket.cases.models import Case


def messages_for_user(user: AbstractBaseUser) -> QuerySet[Message]:
    """The user's portal inbox, newest first."""
    return (
        Message.objects.filter(
            recipient_id=user.pk, channel=Channel.PORTAL, status=MessageStatus.DELIVERED
        )
        .select_related("case")
        .order_by("-sent_at", "-pk")  # the date the inbox shows
    )


def unread_message_count(user: AbstractBaseUser) -> int:
    return messages_for_user(user).filter(read_at__isnull=True).count()


def messages_for_case(case: Case) -> QuerySet[Message]:
    """Everything sent about a case, on every channel (for staff)."""
    return Message.objects.filter(case=case).order_by("-created_at", "-pk")


def preferred_language(user: AbstractBaseUser | None) -> str:
    """The language to write to ``user`` in: the one they chose, else Dutch."""
    if user is None:
        return settings.LANGUAGE_CODE
    chosen = (
        LanguagePreference.objects.filter(user_id=user.pk)
        .values_list("language", flat=True)
        .first()
    )
    # A choice of a language Loket no longer offers falls back too.
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
