"""``GET /health/``: the database and the outbox backlog, for load balancers and monitoring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from pytest_django import Settings
from time_machine import TimeMachineFixture

from loket.notifications.models import Channel, FailureKind, Message, MessageStatus
from loket.notifications.services import message_enqueue

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(NOW, tick=False)
    return time_machine


def queued(address: str = "amira@example.org") -> Message:
    return message_enqueue(
        channel=Channel.EMAIL, recipient_address=address, subject="S", body="B", language="en"
    )


def test_all_well_is_200_with_an_empty_backlog(client: Client) -> None:
    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "outbox": {
            "status": "ok",
            "pending": 0,
            "oldest_pending_seconds": None,
            "max_age_seconds": 3600,
            "failed": 0,
        },
    }


def test_a_backlog_older_than_an_hour_is_503(client: Client, frozen: TimeMachineFixture) -> None:
    queued()
    frozen.move_to(NOW + timedelta(minutes=30), tick=False)
    assert client.get("/health/").json()["outbox"]["oldest_pending_seconds"] == 1800
    assert client.get("/health/").status_code == 200

    frozen.move_to(NOW + timedelta(minutes=61), tick=False)
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["status"] == "degraded"
    assert response.json()["outbox"] == {
        "status": "backlog too old",
        "pending": 1,
        "oldest_pending_seconds": 61 * 60,
        "max_age_seconds": 3600,
        "failed": 0,
    }


def test_a_message_waiting_for_a_retry_counts_from_its_first_attempt(
    client: Client, frozen: TimeMachineFixture
) -> None:
    message = queued()
    Message.objects.filter(pk=message.pk).update(
        attempts=3,
        first_attempt_at=NOW,
        next_attempt_at=NOW + timedelta(hours=2),
        failure=FailureKind.TRANSIENT,
    )
    frozen.move_to(NOW + timedelta(minutes=90), tick=False)

    assert client.get("/health/").status_code == 503


def test_held_messages_not_due_yet_and_dead_letters_are_no_backlog(client: Client) -> None:
    message_enqueue(
        channel=Channel.EMAIL,
        recipient_address="a@example.org",
        subject="S",
        body="B",
        language="en",
        send_after=NOW + timedelta(days=1),
    )
    failed = queued()
    Message.objects.filter(pk=failed.pk).update(status=MessageStatus.FAILED, next_attempt_at=None)

    body = client.get("/health/").json()

    assert body["outbox"]["pending"] == 0
    assert body["outbox"]["failed"] == 1


def test_the_age_limit_is_a_setting(
    client: Client, settings: Settings, frozen: TimeMachineFixture
) -> None:
    settings.LOKET_HEALTH_OUTBOX_MAX_AGE_MINUTES = 5
    queued()
    frozen.move_to(NOW + timedelta(minutes=6), tick=False)
    assert client.get("/health/").status_code == 503


def test_no_personal_data_in_the_answer(client: Client) -> None:
    queued("amira.secret@example.org")
    assert b"amira" not in client.get("/health/").content


def test_a_database_that_does_not_answer_is_503(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(self: BaseDatabaseWrapper) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", down)
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}
