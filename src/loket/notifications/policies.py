"""Who may see which message: a person their own portal inbox; staff every message."""

from __future__ import annotations

from django.db.models import QuerySet

from loket.kernel.actors import Actor
from loket.notifications.models import Channel, Message, MessageStatus


def inbox_visible_to(actor: Actor) -> QuerySet[Message]:
    """The actor's own portal inbox (delivered portal messages addressed to them), newest
    first. Staff have no inbox here: they read messages about a case in the back office."""
    if not actor.is_authenticated or actor.user_id is None or actor.is_system:
        return Message.objects.none()
    return (
        Message.objects.filter(
            recipient_id=actor.user_id, channel=Channel.PORTAL, status=MessageStatus.DELIVERED
        )
        .select_related("case")
        .order_by("-sent_at", "-pk")  # the date the inbox shows
    )


def messages_visible_to(actor: Actor) -> QuerySet[Message]:
    """Every message on every channel: staff and the operator; a person only their inbox."""
    if actor.is_system or actor.is_staff:
        return Message.objects.all()
    return inbox_visible_to(actor)


def dead_letters_visible_to(actor: Actor) -> QuerySet[Message]:
    """Messages that could not be delivered (failed), newest first: staff and the operator,
    who decide whether to send one again. Nobody else sees them."""
    if not (actor.is_system or actor.is_staff):
        return Message.objects.none()
    return (
        Message.objects.filter(status=MessageStatus.FAILED)
        .select_related("case")
        .order_by("-created_at", "-pk")
    )
