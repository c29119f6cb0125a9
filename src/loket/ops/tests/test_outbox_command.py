from __future__ import annotations

import signal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from loket.notifications.models import Channel, Message, MessageStatus
from loket.notifications.services import message_enqueue
from loket.notifications.tests.helpers import InstallFakeEmail
from loket.ops.management.commands import outbox

pytestmark = pytest.mark.django_db


def queued(address: str) -> Message:
    return message_enqueue(
        channel=Channel.EMAIL, recipient_address=address, subject="S", body="B", language="en"
    )


def run_outbox(*args: str) -> str:
    out = StringIO()
    call_command("outbox", *args, stdout=out)
    return out.getvalue()


def test_the_outbox_worker_delivers_every_due_message_once(fake_email: InstallFakeEmail) -> None:
    fake = fake_email()
    messages = [queued(f"user{n}@example.org") for n in range(3)]

    output = run_outbox("--once")

    assert "Processed 3 message(s)." in output
    assert sorted(fake.sent) == sorted(m.pk for m in messages)
    assert run_outbox().endswith("Processed 0 message(s).\n")
    for message in messages:
        message.refresh_from_db()
        assert message.status == MessageStatus.DELIVERED


def test_the_outbox_worker_stops_at_its_limit(fake_email: InstallFakeEmail) -> None:
    fake = fake_email()
    for n in range(3):
        queued(f"user{n}@example.org")

    run_outbox("--limit", "2")

    assert len(fake.sent) == 2


def test_the_outbox_worker_reports_a_failure_and_moves_on(fake_email: InstallFakeEmail) -> None:
    fake_email(fail_times=1, permanent=True)
    queued("a@example.org")
    queued("b@example.org")

    output = run_outbox()

    assert "failed (mail server said no)" in output
    assert "Processed 2 message(s)." in output


def test_the_looping_worker_delivers_and_stops_cleanly_on_sigterm(
    fake_email: InstallFakeEmail, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = fake_email()
    message = queued("a@example.org")
    sigint_before = signal.getsignal(signal.SIGINT)

    def idle(seconds: float) -> None:
        # Nothing left to do: stop the loop the way a process manager would.
        signal.raise_signal(signal.SIGTERM)

    monkeypatch.setattr(outbox, "time", SimpleNamespace(sleep=idle))
    run_outbox("--loop", "--interval", "0")

    assert fake.sent == [message.pk]
    assert signal.getsignal(signal.SIGINT) is sigint_before
