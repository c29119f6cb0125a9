"""The staff's list of undelivered messages (the outbox's dead letters), with "send again"."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from loket.audit.models import ProcessingRecord
from loket.cases.models import Case
from loket.notifications.models import Channel, FailureKind, Message, MessageStatus
from loket.notifications.services import message_enqueue
from loket.web.conftest import url

pytestmark = pytest.mark.django_db


def dead_letter(case: Case, *, address: str, failure: FailureKind, error: str) -> Message:
    message = message_enqueue(
        channel=Channel.EMAIL,
        recipient_address=address,
        subject="Your application takes longer",
        body="Body",
        language="en",
        case=case,
    )
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.FAILED,
        attempts=1,
        failure=failure,
        last_error=error,
        next_attempt_at=None,
    )
    return message


@pytest.fixture
def refused(story_case: Case) -> Message:
    return dead_letter(
        story_case,
        address="amira@wrong.example",
        failure=FailureKind.REFUSED,
        error="Recipient refused: 550 No such mailbox",
    )


def test_staff_see_each_undelivered_message_with_its_reason(
    client: Client, handler: User, story_case: Case, refused: Message
) -> None:
    delivered = message_enqueue(
        channel=Channel.PORTAL, recipient=story_case.applicant, subject="S", body="B", language="en"
    )
    client.force_login(handler)

    page = client.get(url("staff:undelivered", "en")).content.decode()

    assert "amira@wrong.example" in page
    assert "Refused by the mail server" in page
    assert "550 No such mailbox" in page
    assert story_case.reference in page
    assert f'value="{delivered.pk}"' not in page
    looked = ProcessingRecord.objects.get()
    assert (looked.activity, looked.object_ref) == ("message.read", str(refused.pk))
    assert looked.subject_id == str(story_case.applicant_id)


def test_send_again_queues_the_message_with_a_fresh_set_of_attempts(
    client: Client, handler: User, refused: Message
) -> None:
    client.force_login(handler)

    response = client.post(url("staff:undelivered", "en"), {"message": refused.pk}, follow=True)

    refused.refresh_from_db()
    # The test settings' email backend takes it at once (the task runs after commit).
    assert refused.status in (MessageStatus.CREATED, MessageStatus.DELIVERED)
    assert refused.failure == FailureKind.NONE
    assert "will be sent again" in response.content.decode()
    resent = ProcessingRecord.objects.get(operation="change")
    assert (resent.object_ref, resent.detail) == (str(refused.pk), "sent again")
    # A second click changes nothing.
    again = client.post(url("staff:undelivered", "en"), {"message": refused.pk}, follow=True)
    assert "no longer undelivered" in again.content.decode()


def test_applicants_cannot_see_or_resend_dead_letters(
    client: Client, amira: User, refused: Message
) -> None:
    client.force_login(amira)
    assert client.get(url("staff:undelivered", "en")).status_code == 404
    assert client.post(url("staff:undelivered", "en"), {"message": refused.pk}).status_code == 404
    refused.refresh_from_db()
    assert refused.status == MessageStatus.FAILED


def test_a_message_that_is_not_a_dead_letter_is_not_sent_again(
    client: Client, handler: User, story_case: Case
) -> None:
    pending = message_enqueue(
        channel=Channel.EMAIL,
        recipient_address="a@example.org",
        subject="S",
        body="B",
        language="en",
        case=story_case,
    )
    client.force_login(handler)
    client.post(url("staff:undelivered", "en"), {"message": pending.pk})
    assert client.post(url("staff:undelivered", "en"), {"message": "x"}).status_code == 404
    pending.refresh_from_db()
    assert pending.attempts == 0
