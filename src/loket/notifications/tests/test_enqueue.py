from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from pytest_django import DjangoCaptureOnCommitCallbacks

from loket.cases.models import Case
from loket.notifications.models import Channel, Message, MessageKind, MessageStatus
from loket.notifications.services import (
    NotificationError,
    case_notice_enqueue,
    message_enqueue,
)

pytestmark = pytest.mark.django_db


class RolledBackError(Exception):
    pass


def enqueue_email(**overrides: Any) -> Message:
    arguments: dict[str, Any] = {
        "channel": Channel.EMAIL,
        "recipient_address": "amira@example.org",
        "subject": "Uw aanvraag duurt langer",
        "body": "We hebben meer tijd nodig.",
        "language": "nl",
        "kind": MessageKind.DELAY_NOTICE,
    }
    arguments.update(overrides)
    return message_enqueue(**arguments)


def enqueue_then_roll_back() -> None:
    with transaction.atomic():
        enqueue_email()
        raise RolledBackError


def test_an_email_is_created_and_delivered_after_commit(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = enqueue_email()
        assert message.status == MessageStatus.CREATED
        assert mailoutbox == []

    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.attempts == 1
    assert message.sent_at is not None
    assert message.next_attempt_at is None
    assert [mail.subject for mail in mailoutbox] == ["Uw aanvraag duurt langer"]
    assert mailoutbox[0].to == ["amira@example.org"]
    assert mailoutbox[0].extra_headers["Content-Language"] == "nl"


def test_nothing_is_scheduled_or_sent_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RolledBackError),
    ):
        enqueue_then_roll_back()

    assert callbacks == []
    assert mailoutbox == []
    assert not Message.objects.exists()


def test_the_same_dedupe_key_gives_back_the_first_message_and_sends_once(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = enqueue_email(dedupe_key="delay_notice:42:email")
        second = enqueue_email(dedupe_key="delay_notice:42:email", subject="Anders")

    assert second.pk == first.pk
    assert len(callbacks) == 1
    assert Message.objects.count() == 1
    assert len(mailoutbox) == 1


def test_messages_without_a_dedupe_key_are_never_merged() -> None:
    enqueue_email()
    enqueue_email()
    assert Message.objects.count() == 2


def test_a_portal_message_is_delivered_when_stored_without_a_task(
    amira: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        message = message_enqueue(
            channel=Channel.PORTAL,
            recipient=amira,
            subject="Your application takes longer",
            body="We need more time.",
            language="en",
        )

    assert callbacks == []
    assert message.status == MessageStatus.DELIVERED
    assert message.sent_at is not None
    assert message.recipient_address == ""


def test_an_email_to_an_account_uses_the_account_address(amira: User) -> None:
    message = enqueue_email(recipient_address="", recipient=amira)
    assert message.recipient_address == "amira@example.org"
    assert message.recipient == amira


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"language": "de"}, "Language"),
        ({"subject": "two\nlines"}, "one line"),
        ({"subject": "  "}, "subject"),
        ({"subject": "x" * 201}, "too long"),
        ({"recipient_address": ""}, "recipient"),
        ({"channel": Channel.PORTAL, "recipient_address": ""}, "account"),
        ({"max_attempts": 0}, "max_attempts"),
    ],
)
def test_a_message_that_cannot_be_sent_is_refused_up_front(
    overrides: dict[str, Any], reason: str
) -> None:
    with pytest.raises(NotificationError, match=reason):
        enqueue_email(**overrides)
    assert not Message.objects.exists()


def test_a_case_notice_goes_to_the_applicants_inbox_and_email_once_each(
    amira_case: Case,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    notice: dict[str, Any] = {
        "case": amira_case,
        "kind": MessageKind.DELAY_NOTICE,
        "language": "nl",
        "subject": "Uw aanvraag duurt langer",
        "body": "Wij verwachten een besluit vóór 1 maart 2027.",
        "dedupe_key": f"delay_notice:{amira_case.pk}",
    }
    with django_capture_on_commit_callbacks(execute=True):
        messages = case_notice_enqueue(**notice)
        again = case_notice_enqueue(**notice)

    assert [m.channel for m in messages] == [Channel.PORTAL, Channel.EMAIL]
    assert [m.pk for m in again] == [m.pk for m in messages]
    assert {m.dedupe_key for m in messages} == {
        f"delay_notice:{amira_case.pk}:portal",
        f"delay_notice:{amira_case.pk}:email",
    }
    assert all(m.case == amira_case for m in messages)
    assert len(mailoutbox) == 1


def test_a_case_notice_skips_email_when_the_applicant_has_no_address(
    amira: User, amira_case: Case
) -> None:
    amira.email = ""
    amira.save()
    messages = case_notice_enqueue(
        case=amira_case, subject="S", body="B", language="en", dedupe_key="n:1"
    )
    assert [m.channel for m in messages] == [Channel.PORTAL]


def test_a_case_without_applicant_gets_no_notice(amira_case: Case) -> None:
    amira_case.applicant = None
    amira_case.save()
    assert (
        case_notice_enqueue(case=amira_case, subject="S", body="B", language="en", dedupe_key="n")
        == []
    )
