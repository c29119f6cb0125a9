"""A case keeps the legal term in force on its day of receipt (issue 10, D1): a new version
of a product's term changes no existing case, and the stored date and the page's live clock
take the same version."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.cases.domain.rows import EventRow
from loket.cases.domain.vocabulary import EventKind
from loket.cases.models import Case
from loket.cases.selectors import case_term_clock
from loket.cases.services import case_create, events_import
from loket.catalogue.models import ProductType
from loket.catalogue.services import LegalTermRefusedError, legal_term_add

from .conftest import at

pytestmark = pytest.mark.django_db

D = dt.date
CHANGE = D(2026, 7, 1)  # "study" goes from 60 to 30 days for applications from this day


@pytest.fixture
def study() -> ProductType:
    return ProductType.objects.get(code="study")


def _thirty_days_from_july(study: ProductType) -> None:
    legal_term_add(
        product=study,
        valid_from=CHANGE,
        term_months=0,
        term_days=30,
        max_extension_days=0,
        legal_source="Testwet art. 1",
        today=D(2026, 6, 1),
    )


def test_a_new_version_changes_no_existing_case_and_applies_to_later_ones(
    study: ProductType,
) -> None:
    before = case_create(reference="T-1", product=study, received_at=at(2026, 5, 4), source="staff")
    assert before.decision_due == D(2026, 7, 3)  # 4 May + 60 days
    _thirty_days_from_july(study)

    before.refresh_from_db()
    assert before.decision_due == D(2026, 7, 3)
    last_day = case_create(
        reference="T-2", product=study, received_at=at(2026, 6, 30, 23), source="staff"
    )
    assert last_day.decision_due == D(2026, 8, 31)  # 30 June + 60 = 29 Aug, a Saturday
    after = case_create(reference="T-3", product=study, received_at=at(2026, 7, 1), source="staff")
    assert after.decision_due == D(2026, 7, 31)  # 1 July + 30 days


def test_the_import_takes_the_version_of_each_cases_day_of_receipt(study: ProductType) -> None:
    _thirty_days_from_july(study)
    events_import(
        rows=[
            EventRow("I-1", "study", EventKind.RECEIVED, at(2026, 6, 15)),
            EventRow("I-2", "study", EventKind.RECEIVED, at(2026, 7, 15)),
        ],
        source="import",
    )
    dues = dict(Case.objects.values_list("reference", "decision_due"))
    assert dues == {"I-1": D(2026, 8, 14), "I-2": D(2026, 8, 14)}  # 60 and 30 days


def test_the_pages_live_clock_takes_the_same_version_as_the_stored_date(
    study: ProductType,
) -> None:
    case = case_create(reference="T-4", product=study, received_at=at(2026, 5, 4), source="staff")
    _thirty_days_from_july(study)
    clock = case_term_clock(case, as_of=D(2026, 7, 2))
    assert clock.due == case.decision_due == D(2026, 7, 3)
    assert clock.term.days == 60


def test_a_version_cannot_reach_back_over_a_case_already_received(study: ProductType) -> None:
    case_create(reference="T-5", product=study, received_at=at(2026, 7, 10), source="staff")
    with pytest.raises(LegalTermRefusedError, match="2026-07-11"):
        _thirty_days_from_july(study)


def test_an_extension_beyond_the_new_maximum_is_refused_only_for_new_cases(
    study: ProductType,
) -> None:
    old = case_create(reference="T-6", product=study, received_at=at(2026, 6, 1), source="staff")
    _thirty_days_from_july(study)
    new = case_create(reference="T-7", product=study, received_at=at(2026, 7, 2), source="staff")
    rows = [
        EventRow("T-6", "study", EventKind.TERM_EXTENDED, at(2026, 7, 20), days=30),
        EventRow("T-7", "study", EventKind.TERM_EXTENDED, at(2026, 7, 20), days=30),
    ]
    with pytest.raises(ValueError, match="at most 0"):
        events_import(rows=rows[1:], source="import")
    events_import(rows=rows[:1], source="import")
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.decision_due, new.decision_due) == (D(2026, 8, 31), D(2026, 8, 3))


def test_the_import_reads_the_term_versions_once_not_per_case(study: ProductType) -> None:
    received = [EventRow(f"Q-{n}", "study", EventKind.RECEIVED, at(2026, 5, 4)) for n in range(30)]
    events_import(rows=received, source="import")
    later = [
        EventRow(f"Q-{n}", "study", EventKind.INFORMATION_REQUESTED, at(2026, 5, 6))
        for n in range(30)
    ]
    with CaptureQueriesContext(connection) as queries:
        events_import(rows=later, source="import")
    reads = [q["sql"] for q in queries.captured_queries if "catalogue_legalterm" in q["sql"]]
    assert len(reads) == 1
