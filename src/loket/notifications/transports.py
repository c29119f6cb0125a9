"""One small class per delivery channel.

The contract (after healthchecks' ``hc/api/transports.py``): ``send(message)`` delivers
one ``Message`` or raises ``TransportError``. ``permanent=True`` means that trying again
cannot help (the address is refused); anything else is retried with backoff until the
message's ``max_attempts`` are used up. A transport never touches the message's status:
the outbox services own the lifecycle.
"""

from __future__ import annotations

import smtplib
from email.utils import parseaddr
from typing import ClassVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from loket.notifications.models import Channel, Message


class TransportError(Exception):
    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent


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
            connection=get_connection(fail_silently=False),
        )
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise TransportError(
                f"Recipient refused: {error.recipients}",
                permanent=all(code >= 500 for code in codes),
            ) from error
        except smtplib.SMTPResponseException as error:
            # 5xx is the server's final answer; 4xx asks us to try again later.
            raise TransportError(
                f"SMTP {error.smtp_code}: {error.smtp_error!r}", permanent=error.smtp_code >= 500
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            # Connection refused, timeouts, dropped connections: worth another try.
            raise TransportError(f"{type(error).__name__}: {error}") from error


def _message_id(message: Message) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "loket.invalid"
    return f"<loket-message-{message.pk}@{domain}>"


TRANSPORTS: dict[str, Transport] = {
    Channel.EMAIL.value: EmailTransport(),
    Channel.PORTAL.value: PortalTransport(),
}


def transport_for(channel: str) -> Transport:
    return TRANSPORTS[channel]
