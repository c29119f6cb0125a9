"""Email through a real SMTP conversation with a local aiosmtpd server (no outside network)."""

from __future__ import annotations

import pytest

from loket.notifications.models import Channel, Message, MessageStatus
from loket.notifications.services import message_deliver, message_enqueue
from loket.notifications.tests.helpers import RecordingHandler

pytestmark = pytest.mark.django_db

SUBJECT = "Uw aanvraag duurt langer — besluit vóór 1 maart"
BODY = "Beste Amira,\n\nWij hebben meer tijd nodig. Excuses voor het ongemak: € 0,00 kosten.\n"


def queued(address: str = "amira@example.org") -> Message:
    return message_enqueue(
        channel=Channel.EMAIL,
        recipient_address=address,
        subject=SUBJECT,
        body=BODY,
        language="nl",
    )


def test_an_email_arrives_at_the_smtp_server_with_subject_recipient_and_utf8_body(
    smtp_server: RecordingHandler,
) -> None:
    message = message_deliver(message_id=queued().pk)

    assert message.status == MessageStatus.DELIVERED
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["amira@example.org"]
    assert envelope.mail_from == "noreply@loket.example"
    [received] = smtp_server.parsed()
    # Django folds an encoded subject onto a continuation line; unfolding leaves a space.
    assert str(received["Subject"]).strip() == SUBJECT
    assert received["To"] == "amira@example.org"
    assert received["Content-Language"] == "nl"
    assert received["Message-ID"] == f"<loket-message-{message.pk}@loket.example>"
    assert received.get_content_charset() == "utf-8"
    # SMTP carries lines ending in CRLF.
    assert received.get_content().replace("\r\n", "\n") == BODY


def test_an_address_the_server_refuses_fails_permanently(smtp_server: RecordingHandler) -> None:
    message = message_deliver(message_id=queued("nobody@example.org").pk)

    assert message.status == MessageStatus.FAILED
    assert message.attempts == 1
    assert "550" in message.last_error
    assert smtp_server.envelopes == []


def test_a_closed_port_is_a_transient_error_that_schedules_a_retry(closed_smtp_port: int) -> None:
    message = message_deliver(message_id=queued().pk)

    assert message.status == MessageStatus.CREATED
    assert message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at is not None
    assert message.sent_at is None
