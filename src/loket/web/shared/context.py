"""Template context for every page: the request's Actor and the unread-message count."""

from __future__ import annotations

from django.http import HttpRequest

from loket.kernel.actors import Actor, request_actor
from loket.notifications.policies import inbox_visible_to


def actor_and_inbox(request: HttpRequest) -> dict[str, Actor | int]:
    """``actor`` (who is looking) and ``unread_messages`` for the "Messages" menu link."""
    actor = request_actor(request)
    unread = 0
    if actor.is_authenticated:
        unread = inbox_visible_to(actor).filter(read_at__isnull=True).count()
    return {"actor": actor, "unread_messages": unread}
