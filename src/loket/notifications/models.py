"""The notifications outbox: one row per message, with its delivery lifecycle.

A message is written in the same transaction as the change that causes it and is sent
only after that transaction commits (see ``services.message_enqueue``). The row is the
record of what Loket told whom, in which language, and whether it arrived.

Lifecycle::

    created ──claim──> sending ──> delivered
       ^                  │
       └── retry due <────┤ transport down (refused, timeout, 4xx): backoff capped at an
       │                  │     hour, for days (``LOKET_OUTBOX_GIVE_UP_HOURS``, 72)
       └── once more <────┤ unconfirmed (timeout after the message went out): one retry
                          └──> failed: the dead letters staff see (refused 5xx, retries
                               used up, a second unconfirmed send, a bug repeated)
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.cases.models import Case


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    PORTAL = "portal", _("Portal inbox")


class MessageStatus(models.TextChoices):
    CREATED = "created", _("Created")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class MessageKind(models.TextChoices):
    DELAY_NOTICE = "delay_notice", _("Delay notice")
    TEAM_ALERT = "team_alert", _("Team alert")
    GENERIC = "generic", _("Message")
    # Updates to the applicant about a change in their case (``loket.updates``).
    APPLICATION_RECEIVED = "application_received", _("Application received")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    REPLY_REMINDER = "reply_reminder", _("Reminder: information needed")
    TERM_EXTENDED = "term_extended", _("Decision period extended")
    DECISION_MADE = "decision_made", _("Decision made")
    DOCUMENT_READY = "document_ready", _("Document ready to collect")
    LEGAL_DATE_PASSED = "legal_date_passed", _("Decision date passed")
    # Several of the updates above on one case in one day, told in one message.
    CASE_UPDATES = "case_updates", _("Updates about an application")


class FailureKind(models.TextChoices):
    """Why the last attempt failed; it decides what happens next (see ``services``)."""

    NONE = "", _("None")
    # The server could not be reached or said "try later" (4xx): it did not get the message.
    TRANSIENT = "transient", _("Mail server unavailable")
    # The message went out but the server's answer never came: it may have it already.
    UNCONFIRMED = "unconfirmed", _("Sent, but not confirmed by the mail server")
    # The server refused it for good (5xx): sending it again cannot help.
    REFUSED = "refused", _("Refused by the mail server")
    # Anything else: a bug or an unexpected library error.
    ERROR = "error", _("Unexpected error")


# For unexpected errors only: transport failures are bounded by time, not by count.
DEFAULT_MAX_ATTEMPTS = 5
SUBJECT_MAX_LENGTH = 200


class Message(models.Model):
    channel = models.CharField(max_length=10, choices=Channel.choices)
    kind = models.CharField(max_length=30, choices=MessageKind.choices, default=MessageKind.GENERIC)
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.CREATED
    )

    # Deleting an account deletes the messages addressed to it (privacy by default).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # The address the transport delivers to; empty for the portal inbox.
    recipient_address = models.EmailField(blank=True)
    # Subject and body are stored already written in the recipient's language.
    language = models.CharField(max_length=8)
    subject = models.CharField(max_length=SUBJECT_MAX_LENGTH)
    body = models.TextField()

    # Messages belong to a case; a pending notice for a deleted case is not sent.
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    # The caller's name for "this notice"; unique, so the same notice is never sent twice.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    # Throttling: a message enqueued with ``send_after`` is held (not sent) until then. While
    # it is held (created, never tried), the caller may rewrite it to fold more news into it
    # (``messages_rewrite_held``); the hold key names the group it collects, for example one
    # case on one day. At most one held message per hold key (a constraint below).
    # NULL, not "": messages without a hold key must not collide in that constraint.
    hold_key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001

    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=DEFAULT_MAX_ATTEMPTS)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # When a worker claimed the row; a row stuck in "sending" past a lease is reclaimed. The
    # claim's time is its token: a worker only finishes a row it still holds.
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The first attempt: retries after transport failures stop a horizon after it.
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(
        max_length=12, choices=FailureKind.choices, default=FailureKind.NONE, blank=True
    )
    # Sends whose outcome is unknown (timeout after DATA, worker lost mid-send): bounded, so
    # a server that acknowledges slowly gets at most two copies.
    unconfirmed_attempts = models.PositiveSmallIntegerField(default=0)

    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=MessageStatus.values),
                name="notifications_message_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values),
                name="notifications_message_channel_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=MessageKind.values),
                name="notifications_message_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(channel=Channel.PORTAL) | models.Q(recipient__isnull=False),
                name="notifications_portal_message_has_recipient",
            ),
            models.CheckConstraint(
                condition=~models.Q(channel=Channel.EMAIL) | ~models.Q(recipient_address=""),
                name="notifications_email_message_has_address",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=MessageStatus.CREATED)
                | models.Q(next_attempt_at__isnull=False),
                name="notifications_created_message_has_next_attempt",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=MessageStatus.DELIVERED)
                | models.Q(sent_at__isnull=False),
                name="notifications_delivered_message_has_sent_at",
            ),
            models.CheckConstraint(
                condition=models.Q(failure__in=FailureKind.values),
                name="notifications_message_failure_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(max_attempts__gte=1),
                name="notifications_message_max_attempts_positive",
            ),
            # One held message per hold key: news arriving while it is held folds into it.
            models.UniqueConstraint(
                fields=["hold_key"],
                condition=models.Q(status=MessageStatus.CREATED, attempts=0),
                name="notifications_one_held_message_per_hold_key",
            ),
        ]
        indexes = [
            # The worker's "what is due" query.
            models.Index(fields=["status", "next_attempt_at"], name="notif_status_next_idx"),
            # The dead letters (failed), newest first; and the health check's oldest pending.
            models.Index(fields=["status", "-created_at"], name="notif_status_created_idx"),
            # The portal inbox.
            models.Index(
                fields=["recipient", "channel", "-created_at"], name="notif_recipient_inbox_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk} {self.kind} ({self.status})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class LanguagePreference(models.Model):
    """The language a person chose in the portal; what we send them is written in it.

    No row means they never chose, and they are written to in Dutch (``LANGUAGE_CODE``).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="language_preference"
    )
    language = models.CharField(max_length=8)  # a code from settings.LANGUAGES
    chosen_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"
