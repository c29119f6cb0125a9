"""Background jobs. They take ids, not objects, and the services keep them idempotent."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from loket.notifications.models import Message, MessageStatus
from loket.notifications.services import message_deliver


@task()
def deliver_message(message_id: int) -> str:
    """Send one outbox message; returns its status afterwards."""
    try:
        message = message_deliver(message_id=message_id)
    except Message.DoesNotExist:
        # Deleted with its case or its recipient: nothing left to send.
        return "missing"
    if message.status == MessageStatus.CREATED and message.next_attempt_at is not None:
        backend = deliver_message.get_backend()
        # Where the backend can defer, the retry is queued for its time; otherwise the
        # ``loket outbox`` worker finds it in the table when it falls due.
        if backend.supports_defer:
            retry = deliver_message.using(run_after=message.next_attempt_at)
            transaction.on_commit(lambda: retry.enqueue(message_id), robust=True)
    return str(message.status)
