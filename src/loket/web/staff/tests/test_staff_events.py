"""Recording an event through the staff form publishes it after commit, and nothing when the
form is refused."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from loket.cases.events import CaseEventRecorded
from loket.cases.models import Case, EventKind, EventSource
from loket.kernel.domain_events import subscribe, unsubscribe
from loket.web.conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def published() -> Iterator[list[CaseEventRecorded]]:
    seen: list[CaseEventRecorded] = []

    def handler(events: Sequence[CaseEventRecorded]) -> None:
        seen.extend(events)

    subscribe(CaseEventRecorded, handler)
    yield seen
    unsubscribe(CaseEventRecorded, handler)


def _post(client: Client, case: Case, **values: str) -> None:
    form = {
        "submission_token": str(uuid.uuid4()),
        "kind": "stage_entered",
        "at": "2026-04-25T09:30",
        "days": "",
        "outcome": "",
        "stage": "decision",
        "note": "",
        **values,
    }
    client.post(url("staff:staff-record-event", "en", reference=case.reference), form)


def test_the_staff_form_publishes_the_recorded_event_after_commit(
    client: Client,
    handler: User,
    story_case: Case,
    published: list[CaseEventRecorded],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client.force_login(handler)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, story_case)
    [event] = published
    assert (event.reference, event.kind, event.source) == (
        story_case.reference,
        EventKind.STAGE_ENTERED,
        EventSource.STAFF,
    )
    assert event.sequence == story_case.events.count()


def test_a_refused_form_publishes_nothing(
    client: Client,
    handler: User,
    story_case: Case,
    published: list[CaseEventRecorded],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client.force_login(handler)
    before = story_case.events.count()
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, story_case, kind="information_received", stage="")  # nothing was asked
    assert published == []
    assert story_case.events.count() == before
