"""The demo's scale: 5,000 cases and 40,000 events load well under a minute."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from loket.cases.domain.rows import EventRow
from loket.cases.domain.vocabulary import EventKind, Outcome
from loket.cases.models import CaseEvent
from loket.cases.services import events_import

from .conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

K = EventKind
STEPS = (
    (K.STAGE_ENTERED, 2, "intake", None),
    (K.INFORMATION_REQUESTED, 3, "", None),
    (K.INFORMATION_RECEIVED, 9, "", None),
    (K.STAGE_ENTERED, 2, "assessment", None),
    (K.STAGE_ENTERED, 20, "decision", None),
    (K.DECIDED, 5, "", Outcome.GRANTED),
    (K.DOCUMENT_READY, 5, "document", None),
)


def demo_rows(cases: int) -> list[EventRow]:
    rows = []
    for i in range(cases):
        moment = at(2025, 1, 1) + dt.timedelta(days=i % 365)
        ref = f"S-{i:05d}"
        rows.append(EventRow(case=ref, product="study", kind=K.RECEIVED, at=moment))
        for kind, gap, stage, outcome in STEPS:
            moment += dt.timedelta(days=gap)
            rows.append(
                EventRow(
                    case=ref, product="study", kind=kind, at=moment, stage=stage, outcome=outcome
                )
            )
    return rows


def test_five_thousand_cases_and_forty_thousand_events_load_well_under_a_minute() -> None:
    rows = demo_rows(5_000)
    started = time.perf_counter()
    result = events_import(rows=rows, source="simulation")
    took = time.perf_counter() - started
    assert (result.cases_created, result.events_added) == (5_000, 40_000)
    assert CaseEvent.objects.count() == 40_000
    assert took < 30, f"import took {took:.1f}s"
