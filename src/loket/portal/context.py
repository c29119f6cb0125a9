"""Template context for every portal page."""

from __future__ import annotations

from django.http import HttpRequest

from loket.portal import data


def inbox(request: HttpRequest) -> dict[str, int]:
    """The number of unread messages, for the "Messages" link in the menu."""
    return {"unread_messages": data.inbox_unread_count(request.user)}
