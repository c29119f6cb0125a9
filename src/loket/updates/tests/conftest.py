"""People, cases and helpers for the update tests. The clock stands still at ``NOW`` (Thursday
3 December 2026, 10:00 in Amsterdam) unless a test moves it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from time_machine import TimeMachineFixture

from loket.cases import services as case_services
from loket.cases.domain.vocabulary import EventKind, EventSource
from loket.cases.models import Case
from loket.notifications.models import Channel, Message, MessageStatus
from loket.notifications.services import language_preference_set, message_deliver_next

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
# Long enough ago to be history, not news.
LONG_AGO = NOW - dt.timedelta(days=20)


@pytest.fixture
def frozen(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def anouk(django_user_model: type[User]) -> User:
    """Anouk never chose a language: she is written to in Dutch."""
    return django_user_model.objects.create_user("anouk", email="anouk@example.org")


@pytest.fixture
def sam(django_user_model: type[User]) -> User:
    """Sam chose English."""
    user = django_user_model.objects.create_user("sam", email="sam@example.org")
    language_preference_set(user=user, language="en")
    return user


OpenCase = Callable[..., Case]


@pytest.fixture
def open_case() -> OpenCase:
    """A knowledge-migrant case received ``received_at`` (long ago: no news), in progress."""
    counter = iter(range(1, 1000))

    def make(
        applicant: User | None, *, received_at: dt.datetime = LONG_AGO, stage: bool = True
    ) -> Case:
        case = case_services.case_create(
            reference=f"KM-2026-{next(counter):04d}",
            product="knowledge-migrant",
            received_at=received_at,
            source=EventSource.STAFF,
            applicant=applicant,
            team="Arbeid Zwolle",
        )
        if stage:
            case_services.case_record_event(
                case=case,
                kind=EventKind.STAGE_ENTERED,
                stage="assessment",
                at=received_at + dt.timedelta(days=1),
                source=EventSource.STAFF,
            )
        return case

    return make


def updates_of(case: Case) -> list[Message]:
    """The messages about ``case`` to its applicant (not team alerts), oldest first."""
    return list(Message.objects.filter(case=case, recipient_id=case.applicant_id).order_by("pk"))


def deliver_all(frozen: TimeMachineFixture, *, after: dt.timedelta) -> int:
    """Move the clock on by ``after`` and let the outbox worker send what is due."""
    frozen.shift(after)
    sent = 0
    while (message := message_deliver_next()) is not None:
        assert message.status == MessageStatus.DELIVERED, message.last_error
        sent += 1
    return sent


def portal(messages: list[Message]) -> Message:
    (found,) = [m for m in messages if m.channel == Channel.PORTAL]
    return found
