"""One small class per delivery channel.

The contract (after healthchecks' ``hc/api/transports.py``): ``send(message)`` delivers
one ``Message`` or raises ``TransportError``. ``permanent=True`` means that trying again
cannot help (the address is refused); ``uncertain=True`` that the message may have arrived
although the send failed (the server's answer to DATA never came), so a retry could be a
second copy; anything else means it did not arrive and is retried with backoff. A transport
never touches the message's status: the outbox services own the lifecycle.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from email.utils import parseaddr
from typing import Any, ClassVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

from loket.notifications.models import Channel, Message


class TransportError(Exception):
    def __init__(self, message: str, *, permanent: bool = False, uncertain: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.uncertain = uncertain


class Transport:
    channel: ClassVar[Channel]
    # True when delivery only writes to Loket's own database, so it happens inside the
    # caller's transaction and rolls back with it; False for anything that leaves the
    # process, which must wait until after commit.
    delivers_in_transaction: ClassVar[bool] = False

    def send(self, message: Message) -> None:
        raise NotImplementedError


class PortalTransport(Transport):
    """The portal inbox is the outbox row itself: storing it is delivering it."""

    channel = Channel.PORTAL
    delivers_in_transaction = True

    def send(self, message: Message) -> None:
        if message.recipient_id is None:
            raise TransportError("A portal message needs a recipient account.", permanent=True)


class EmailTransport(Transport):
    """Plain-text email through Django's configured email backend (SMTP in production)."""

    channel = Channel.EMAIL

    def send(self, message: Message) -> None:
        if not message.recipient_address:
            raise TransportError("No email address to send to.", permanent=True)
        connection = get_connection(fail_silently=False)
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient_address],
            headers={
                # A stable Message-ID lets a mail server drop the duplicate if a retry
                # follows a send whose acknowledgement was lost.
                "Message-ID": _message_id(message),
                "Content-Language": message.language,
                "Auto-Submitted": "auto-generated",
            },
            connection=connection,
        )
        phase = _Phase()
        try:
            if isinstance(connection, SMTPBackend):
                # Opened here, so the conversation can be watched: a failure before DATA
                # means the server does not have the message; one after may mean it does.
                connection.open()
                phase.watch(connection.connection)
            try:
                email.send(fail_silently=False)
            finally:
                connection.close()
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise TransportError(
                f"Recipient refused: {error.recipients}",
                permanent=all(code >= 500 for code in codes),
            ) from error
        except smtplib.SMTPResponseException as error:
            # A definite answer: 5xx is the server's final word; 4xx asks us to try later.
            raise TransportError(
                f"SMTP {error.smtp_code}: {error.smtp_error!r}", permanent=error.smtp_code >= 500
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            # Connection refused, timeouts, dropped connections: worth another try. After
            # DATA began, though, the server may have taken the message without our hearing.
            raise TransportError(
                f"{type(error).__name__}: {error}", uncertain=phase.data_started
            ) from error


class _Phase:
    """Notes whether an SMTP conversation got as far as DATA."""

    def __init__(self) -> None:
        self.data_started = False

    def watch(self, smtp: smtplib.SMTP | None) -> None:
        if smtp is None:
            return
        original: Callable[..., Any] = smtp.data

        def data(*args: Any, **kwargs: Any) -> Any:
            self.data_started = True
            return original(*args, **kwargs)

        # Only this connection's method is wrapped (smtplib's sendmail calls self.data).
        setattr(smtp, "data", data)  # noqa: B010 (mypy refuses assigning to a method)


def _message_id(message: Message) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "loket.invalid"
    return f"<loket-message-{message.pk}@{domain}>"


TRANSPORTS: dict[str, Transport] = {
    Channel.EMAIL.value: EmailTransport(),
    Channel.PORTAL.value: PortalTransport(),
}


def transport_for(channel: str) -> Transport:
    return TRANSPORTS[channel]
