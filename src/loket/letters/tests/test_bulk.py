"""A bulk import makes its letters in a bounded number of queries per batch, and replaying
the import's events makes none."""

from __future__ import annotations

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from loket.cases.domain.rows import CaseFacts, EventRow
from loket.cases.domain.vocabulary import EventKind, EventSource, LetterKind, Outcome
from loket.cases.models import Case, CaseEvent, Letter
from loket.cases.services import events_import, recorded
from loket.letters.services import letters_write

from .conftest import at

pytestmark = pytest.mark.django_db

CASES = 120


def _rows(number: int) -> list[EventRow]:
    reference = f"BULK-{number:04d}"
    outcome = Outcome.GRANTED if number % 3 else Outcome.REFUSED
    rows = [
        EventRow(reference, "study", EventKind.RECEIVED, at(2026, 1, 5)),
        EventRow(reference, "study", EventKind.STAGE_ENTERED, at(2026, 1, 6), stage="intake"),
        EventRow(reference, "study", EventKind.INFORMATION_REQUESTED, at(2026, 1, 12)),
        EventRow(reference, "study", EventKind.INFORMATION_RECEIVED, at(2026, 1, 19)),
        EventRow(reference, "study", EventKind.TERM_EXTENDED, at(2026, 2, 2), days=30),
        EventRow(reference, "study", EventKind.DECIDED, at(2026, 3, 2), outcome=outcome),
    ]
    if outcome == Outcome.GRANTED:
        rows.append(EventRow(reference, "study", EventKind.DOCUMENT_READY, at(2026, 3, 9)))
    return rows


def test_a_bulk_import_makes_every_letter_its_history_implies(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    rows = [row for number in range(CASES) for row in _rows(number)]
    facts = [
        CaseFacts(f"BULK-{n:04d}", "study", team="Studie", handler_name="Sam de Boer")
        for n in range(CASES)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        events_import(rows=rows, facts=facts, source=EventSource.SIMULATION)
    granted = sum(1 for n in range(CASES) if n % 3)
    kinds = list(Letter.objects.values_list("kind", flat=True))
    assert kinds.count(LetterKind.RECEIPT_CONFIRMATION) == CASES
    assert kinds.count(LetterKind.INFORMATION_REQUEST) == CASES
    assert kinds.count(LetterKind.EXTENSION) == CASES
    assert kinds.count(LetterKind.DECISION_GRANT) == granted
    assert kinds.count(LetterKind.DECISION_REFUSAL) == CASES - granted
    assert kinds.count(LetterKind.CARD_READY) == granted
    letter = Letter.objects.get(case__reference="BULK-0001", kind=LetterKind.RECEIPT_CONFIRMATION)
    # The date just after receipt (5 Jan + 60 days = 6 March), not the case's final one.
    assert letter.facts["legal_date"] == "2026-03-06"
    assert letter.handler_name == "Sam de Boer"


def test_letters_of_a_batch_take_a_fixed_number_of_reads_and_few_inserts(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    rows = [row for number in range(CASES) for row in _rows(number)]
    # The import's own publication is dropped here (no execute): the batch is sent below,
    # with its queries counted.
    with django_capture_on_commit_callbacks(execute=False):
        events_import(rows=rows, source=EventSource.SIMULATION)
    batch = [
        recorded(event.case, event)
        for event in CaseEvent.objects.select_related("case").order_by("case_id", "sequence")
    ]
    assert Letter.objects.count() == 0
    # The handler itself (other apps' handlers of the same events are not counted).
    with CaptureQueriesContext(connection) as queries:
        letters_write(events=batch)
    written = Letter.objects.count()
    assert written == CASES * 4 + sum(1 for n in range(CASES) if n % 3)
    sql = [q["sql"].lstrip().upper() for q in queries.captured_queries]
    reads = [q for q in sql if q.startswith("SELECT")]
    inserts = [q for q in sql if q.startswith("INSERT")]
    # Letters already written, cases, events, language choices, catalogue texts.
    assert len(reads) <= 5, reads
    # SQLite allows 999 parameters per query (15 per letter); PostgreSQL 1,000 rows here.
    assert len(inserts) <= math.ceil(written / (999 // 15)), len(inserts)
    assert len(sql) - len(reads) - len(inserts) <= 4  # savepoints around the insert

    # The same batch again: one read, nothing written.
    with CaptureQueriesContext(connection) as again:
        assert letters_write(events=batch) == 0
    assert Letter.objects.count() == written
    assert len(again.captured_queries) == 1
    assert Case.objects.count() == CASES
