"""Every write path publishes ``CaseEventRecorded`` after commit, and nothing on rollback:
the single-event service, the bulk import (in batches) and ``loket import``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from loket.cases import events as case_events
from loket.cases import services
from loket.cases.domain.rows import EventRow
from loket.cases.domain.transitions import TransitionError
from loket.cases.events import CaseEventRecorded
from loket.cases.models import Case, EventKind, EventSource, Outcome
from loket.kernel.domain_events import subscribe, unsubscribe

from .conftest import CsvFile, at

pytestmark = pytest.mark.django_db

Capture = DjangoCaptureOnCommitCallbacks


@pytest.fixture
def published() -> Iterator[list[list[CaseEventRecorded]]]:
    calls: list[list[CaseEventRecorded]] = []

    def handler(events: Sequence[CaseEventRecorded]) -> None:
        calls.append(list(events))

    subscribe(CaseEventRecorded, handler)
    yield calls
    unsubscribe(CaseEventRecorded, handler)


def _case() -> Case:
    return services.case_create(
        reference="KM-EV-1",
        product="knowledge-migrant",
        received_at=at(2026, 3, 2),
        source=EventSource.STAFF,
    )


def test_opening_and_recording_publish_one_event_each_after_commit(
    published: list[list[CaseEventRecorded]], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = _case()
        services.case_record_event(
            case=case,
            kind=EventKind.DECIDED,
            at=at(2026, 4, 1),
            outcome=Outcome.GRANTED,
            source=EventSource.STAFF,
        )
        assert published == []
    assert published == [
        [
            CaseEventRecorded(
                case_id=case.pk,
                reference="KM-EV-1",
                sequence=1,
                kind=EventKind.RECEIVED,
                outcome=None,
                at=at(2026, 3, 2),
                source=EventSource.STAFF,
            )
        ],
        [
            CaseEventRecorded(
                case_id=case.pk,
                reference="KM-EV-1",
                sequence=2,
                kind=EventKind.DECIDED,
                outcome=Outcome.GRANTED,
                at=at(2026, 4, 1),
                source=EventSource.STAFF,
            )
        ],
    ]


def test_a_refused_event_publishes_nothing(
    published: list[list[CaseEventRecorded]], django_capture_on_commit_callbacks: Capture
) -> None:
    case = _case()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionError):
        services.case_record_event(
            case=case,
            kind=EventKind.INFORMATION_RECEIVED,  # nothing was asked
            at=at(2026, 3, 5),
            source=EventSource.STAFF,
        )
    assert published == []


def test_an_event_recorded_in_a_transaction_that_rolls_back_publishes_nothing(
    published: list[list[CaseEventRecorded]], django_capture_on_commit_callbacks: Capture
) -> None:
    case = _case()

    def withdraw_then_fail() -> None:
        with transaction.atomic():
            services.case_record_event(
                case=case, kind=EventKind.WITHDRAWN, at=at(2026, 3, 9), source=EventSource.STAFF
            )
            raise RuntimeError("something after the event failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        withdraw_then_fail()
    assert callbacks == []
    assert published == []
    assert case.events.count() == 1


def _rows(n_cases: int) -> list[EventRow]:
    rows = []
    for i in range(n_cases):
        ref = f"ST-{i}"
        rows.append(EventRow(case=ref, product="study", kind=EventKind.RECEIVED, at=at(2026, 3, 2)))
        rows.append(
            EventRow(
                case=ref,
                product="study",
                kind=EventKind.DECIDED,
                at=at(2026, 4, 1),
                outcome=Outcome.REFUSED,
            )
        )
    return rows


def test_a_bulk_import_publishes_in_batches_not_per_row(
    published: list[list[CaseEventRecorded]],
    django_capture_on_commit_callbacks: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(case_events, "PUBLISH_BATCH", 4)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.events_import(rows=_rows(5), source=EventSource.IMPORT)
    assert result.events_added == 10
    assert [len(batch) for batch in published] == [4, 4, 2]
    flat = [event for batch in published for event in batch]
    assert {e.reference for e in flat} == {f"ST-{i}" for i in range(5)}
    assert sum(e.outcome == Outcome.REFUSED for e in flat) == 5
    assert all(e.source == EventSource.IMPORT for e in flat)


def test_a_refused_import_publishes_nothing(
    published: list[list[CaseEventRecorded]], django_capture_on_commit_callbacks: Capture
) -> None:
    rows = [
        *_rows(2),
        EventRow(case="ST-9", product="study", kind=EventKind.DECIDED, at=at(2026, 4, 1)),
    ]
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.EventImportError),
    ):
        services.events_import(rows=rows, source=EventSource.IMPORT)
    assert published == []


GOOD = """
case,product,kind,at,days,outcome,stage
KM-1,knowledge-migrant,received,2026-03-02,,,
ST-1,study,received,2026-03-02T10:15,,,
ST-1,study,decided,2026-04-01T16:00:00+02:00,,granted,
"""


def test_loket_import_publishes_each_new_event_once(
    csv_file: CsvFile,
    published: list[list[CaseEventRecorded]],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    path = csv_file(GOOD)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import", str(path), stdout=StringIO())
    kinds = sorted((e.reference, e.kind) for batch in published for e in batch)
    assert kinds == [
        ("KM-1", EventKind.RECEIVED),
        ("ST-1", EventKind.DECIDED),
        ("ST-1", EventKind.RECEIVED),
    ]
    published.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import", str(path), stdout=StringIO())  # the same file again
    assert published == []  # nothing new, nothing published


def test_a_refused_loket_import_publishes_nothing(
    csv_file: CsvFile,
    published: list[list[CaseEventRecorded]],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    path = csv_file(GOOD + "ST-2,study,decided,2026-04-01,,granted,\n")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError):
        call_command("import", str(path), stdout=StringIO(), stderr=StringIO())
    assert published == []
