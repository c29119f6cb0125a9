"""Real commits and rollbacks (no test-wrapping transaction), with the immediate task backend."""

from __future__ import annotations

import pytest
from django.core.mail import EmailMessage
from django.db import transaction

from loket.notifications.models import Channel, Message, MessageStatus
from loket.notifications.services import message_enqueue

pytestmark = pytest.mark.django_db(transaction=True)


class RolledBackError(Exception):
    pass


def enqueue() -> Message:
    return message_enqueue(
        channel=Channel.EMAIL,
        recipient_address="amira@example.org",
        subject="Besluit genomen",
        body="Er is een besluit genomen.",
        language="nl",
    )


def enqueue_then_roll_back() -> None:
    with transaction.atomic():
        enqueue()
        raise RolledBackError


def test_a_committed_message_is_sent_by_the_task_right_after_commit(
    mailoutbox: list[EmailMessage],
) -> None:
    with transaction.atomic():
        message = enqueue()
        assert mailoutbox == []

    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert len(mailoutbox) == 1


def test_a_rolled_back_message_is_neither_stored_nor_sent(
    mailoutbox: list[EmailMessage],
) -> None:
    with pytest.raises(RolledBackError):
        enqueue_then_roll_back()

    assert not Message.objects.exists()
    assert mailoutbox == []
