from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from loket.notifications.models import Channel, Message, MessageStatus
from loket.notifications.services import message_deliver, message_enqueue
from loket.notifications.tests.helpers import InstallFakeEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_message(fake_email: InstallFakeEmail) -> Message:
    fake_email(fail_times=1, permanent=True)
    message = message_enqueue(
        channel=Channel.EMAIL,
        recipient_address="a@example.org",
        subject="S",
        body="B",
        language="en",
    )
    return message_deliver(message_id=message.pk)


def test_the_changelist_and_the_read_only_detail_page_render(
    admin_client: Client, failed_message: Message
) -> None:
    changelist = admin_client.get(reverse("admin:notifications_message_changelist"))
    detail = admin_client.get(
        reverse("admin:notifications_message_change", args=[failed_message.pk])
    )
    assert changelist.status_code == 200
    assert detail.status_code == 200
    assert b"mail server said no" in detail.content


def test_staff_cannot_add_messages_by_hand(admin_client: Client) -> None:
    response = admin_client.get(reverse("admin:notifications_message_add"))
    assert response.status_code == 403


def test_the_retry_action_requeues_a_failed_message(
    admin_client: Client,
    failed_message: Message,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:notifications_message_changelist"),
            {"action": "retry_failed", "_selected_action": [failed_message.pk]},
            follow=True,
        )

    assert response.status_code == 200
    failed_message.refresh_from_db()
    assert failed_message.status == MessageStatus.DELIVERED
