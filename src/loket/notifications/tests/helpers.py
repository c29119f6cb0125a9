"""Test doubles for the outbox: a fake transport and a recording SMTP handler."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Protocol

from aiosmtpd.smtp import SMTP, Envelope, Session

from loket.notifications.models import Message
from loket.notifications.transports import Transport, TransportError


class FakeTransport(Transport):
    """Records what it was asked to send; fails the first ``fail_times`` calls."""

    def __init__(self, *, fail_times: int = 0, permanent: bool = False) -> None:
        self.sent: list[int] = []
        self.fail_times = fail_times
        self.permanent = permanent
        self.calls = 0

    def send(self, message: Message) -> None:
        self.calls += 1
        if self.calls <= self.fail_times:
            raise TransportError("mail server said no", permanent=self.permanent)
        self.sent.append(message.pk)


class InstallFakeEmail(Protocol):
    def __call__(self, *, fail_times: int = 0, permanent: bool = False) -> FakeTransport: ...


class RecordingHandler:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self, *, refuse: set[str] | None = None) -> None:
        self.envelopes: list[Envelope] = []
        self.refuse = refuse or set()

    async def handle_RCPT(  # noqa: N802 (aiosmtpd's hook name)
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 (aiosmtpd's hook name)
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def parsed(self) -> list[EmailMessage]:
        messages = []
        for envelope in self.envelopes:
            parsed = message_from_bytes(envelope.original_content or b"", policy=policy.default)
            assert isinstance(parsed, EmailMessage)
            messages.append(parsed)
        return messages
