"""Domain events: delivered after commit, in batches, never on rollback; a failing handler
undoes nothing and is retried, then logged."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pytest
from django.db import transaction
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from loket.kernel import domain_events
from loket.kernel.domain_events import DomainEvent, publish, subscribe, unsubscribe


@dataclass(frozen=True, slots=True)
class Happened(DomainEvent):
    n: int


@dataclass(frozen=True, slots=True)
class Other(DomainEvent):
    n: int


@pytest.fixture
def received() -> Iterator[list[list[DomainEvent]]]:
    """Subscribe a recording handler to ``Happened`` for the test."""
    calls: list[list[DomainEvent]] = []

    def handler(events: Sequence[Happened]) -> None:
        calls.append(list(events))

    subscribe(Happened, handler)
    yield calls
    unsubscribe(Happened, handler)


@pytest.mark.django_db
def test_events_are_delivered_only_when_the_transaction_commits(
    received: list[list[DomainEvent]],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        publish([Happened(1), Happened(2)])
        assert received == []  # not before the commit
    assert received == [[Happened(1), Happened(2)]]


@pytest.mark.django_db
def test_a_rolled_back_transaction_publishes_nothing(
    received: list[list[DomainEvent]],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    def publish_then_fail() -> None:
        with transaction.atomic():
            publish([Happened(1)])
            raise RuntimeError("the write failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        publish_then_fail()
    assert callbacks == []
    assert received == []


@pytest.mark.django_db(transaction=True)
def test_with_a_real_commit_the_handler_runs_after_it(received: list[list[DomainEvent]]) -> None:
    with transaction.atomic():
        publish([Happened(3)])
        assert received == []
    assert received == [[Happened(3)]]


def test_each_handler_gets_only_its_own_event_type(received: list[list[DomainEvent]]) -> None:
    domain_events.dispatch([Happened(1), Other(2), Happened(3)])
    assert received == [[Happened(1), Happened(3)]]


def test_a_failing_handler_is_retried_then_logged_and_the_others_still_run(
    received: list[list[DomainEvent]], caplog: pytest.LogCaptureFixture
) -> None:
    attempts: list[int] = []

    def broken(events: Sequence[Happened]) -> None:
        attempts.append(len(events))
        raise ValueError("mail server down")

    subscribe(Happened, broken)
    try:
        domain_events.dispatch([Happened(1)])
    finally:
        unsubscribe(Happened, broken)
    assert attempts == [1] * domain_events.HANDLER_ATTEMPTS
    assert received == [[Happened(1)]]
    assert "gave up on 1 event(s)" in caplog.text


def test_a_handler_that_recovers_on_a_retry_is_not_logged_as_failed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    attempts: list[int] = []

    def flaky(events: Sequence[Happened]) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise ValueError("once")

    subscribe(Happened, flaky)
    try:
        domain_events.dispatch([Happened(1)])
    finally:
        unsubscribe(Happened, flaky)
    assert len(attempts) == 2
    assert "gave up" not in caplog.text


def test_subscribing_twice_registers_once() -> None:
    def handler(events: Sequence[Happened]) -> None:
        pass

    subscribe(Happened, handler)
    subscribe(Happened, handler)
    try:
        assert sum(h is handler for h in domain_events.handlers_for(Happened)) == 1
    finally:
        unsubscribe(Happened, handler)
