"""Reads over the outbox. (What a person may read is in ``policies``.)"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet

from loket.notifications.models import LanguagePreference, Message

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
