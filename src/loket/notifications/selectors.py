"""Reads over the outbox. (What a person may read is in ``policies``.)"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import Coalesce

from loket.notifications.models import LanguagePreference, Message, MessageStatus

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from loket.cases.models import Case


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


def preferred_languages(user_ids: Iterable[int]) -> dict[int, str]:
    """``preferred_language`` for many people in one query: user id -> language."""
    ids = set(user_ids)
    offered = dict(settings.LANGUAGES)
    chosen = dict(
        LanguagePreference.objects.filter(user_id__in=ids).values_list("user_id", "language")
    )
    return {
        user_id: chosen[user_id] if chosen.get(user_id) in offered else settings.LANGUAGE_CODE
        for user_id in ids
    }


@dataclass(frozen=True, slots=True)
class Backlog:
    """What the outbox still has to send (for the health check: counts only, no persons)."""

    pending: int
    oldest_due_since: datetime | None
    failed: int

    def oldest_age(self, now: datetime) -> timedelta | None:
        return now - self.oldest_due_since if self.oldest_due_since else None


def outbox_backlog(*, now: datetime) -> Backlog:
    """Messages due and not yet delivered (new, waiting for a retry, or being sent), with
    the moment the oldest of them fell due; held messages not due yet are not backlog. One
    query over the status index."""
    pending = Q(status=MessageStatus.SENDING) | Q(
        status=MessageStatus.CREATED, next_attempt_at__lte=now
    )
    # A message waiting for a retry is pending too: it has been due since its first attempt.
    retrying = Q(status=MessageStatus.CREATED, attempts__gt=0)
    figures = Message.objects.filter(
        Q(status__in=[MessageStatus.CREATED, MessageStatus.SENDING, MessageStatus.FAILED])
    ).aggregate(
        pending=Count("pk", filter=pending | retrying),
        oldest=Min(Coalesce("first_attempt_at", "next_attempt_at"), filter=pending | retrying),
        failed=Count("pk", filter=Q(status=MessageStatus.FAILED)),
    )
    return Backlog(
        pending=figures["pending"], oldest_due_since=figures["oldest"], failed=figures["failed"]
    )
