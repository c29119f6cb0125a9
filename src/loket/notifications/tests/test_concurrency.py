"""Several workers side by side never send a message twice (PostgreSQL: real row locks)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection

from loket.notifications import services
from loket.notifications.models import Channel, Message, MessageStatus
from loket.notifications.services import message_deliver, message_deliver_next, message_enqueue
from loket.notifications.transports import TRANSPORTS, Transport

pytestmark = pytest.mark.django_db(transaction=True)


class SlowRecordingTransport(Transport):
    def __init__(self) -> None:
        self.sent: list[int] = []
        self.lock = threading.Lock()

    def send(self, message: Message) -> None:
        time.sleep(0.01)  # long enough for the other workers to race for the same rows
        with self.lock:
            self.sent.append(message.pk)


@pytest.fixture
def slow_email(monkeypatch: pytest.MonkeyPatch) -> SlowRecordingTransport:
    if connection.vendor != "postgresql":
        pytest.skip("threads need a server database; SQLite serialises writers anyway")
    transport = SlowRecordingTransport()
    monkeypatch.setitem(TRANSPORTS, "email", transport)
    # As if the task queue were down: the messages wait in the table for the workers.
    monkeypatch.setattr(services, "_schedule_delivery", lambda *, message_id: None)
    return transport


def queued(count: int) -> list[Message]:
    return [
        message_enqueue(
            channel=Channel.EMAIL,
            recipient_address=f"user{n}@example.org",
            subject="S",
            body="B",
            language="en",
        )
        for n in range(count)
    ]


def run_in_threads(count: int, work: Callable[[], None]) -> None:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            work()
        except BaseException as error:  # collected and re-raised in the test thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def test_workers_side_by_side_send_every_message_exactly_once(
    slow_email: SlowRecordingTransport,
) -> None:
    messages = queued(20)

    def drain() -> None:
        while message_deliver_next() is not None:
            pass

    run_in_threads(4, drain)

    assert Counter(slow_email.sent) == Counter({m.pk: 1 for m in messages})
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.DELIVERED}


def test_two_tasks_for_the_same_message_send_it_once(slow_email: SlowRecordingTransport) -> None:
    [message] = queued(1)

    def deliver() -> None:
        message_deliver(message_id=message.pk)

    run_in_threads(2, deliver)

    assert slow_email.sent == [message.pk]
