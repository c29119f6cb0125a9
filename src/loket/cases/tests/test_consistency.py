"""``cases_verify`` finds every case whose stored projection is not what its events give."""

from __future__ import annotations

import datetime as dt

import pytest

from loket.cases.consistency import cases_verify
from loket.cases.domain.vocabulary import CaseStatus
from loket.cases.models import Case
from loket.cases.services import case_create
from loket.catalogue.models import LegalTerm, ProductType
from loket.catalogue.services import legal_term_add
from loket.kernel.actors import system_actor

from .conftest import at

pytestmark = pytest.mark.django_db

ACTOR = system_actor("test")
D = dt.date


def _three_study_cases() -> list[Case]:
    return [
        case_create(reference=f"V-{n}", product="study", received_at=at(2026, 5, n), source="staff")
        for n in (4, 5, 6)
    ]


def test_a_database_written_by_the_services_is_clean() -> None:
    _three_study_cases()
    report = cases_verify(actor=ACTOR)
    assert (report.clean, report.checked, report.first) == (True, 3, [])


def test_a_tampered_decision_date_is_found_and_named() -> None:
    first, *_ = _three_study_cases()
    Case.objects.filter(pk=first.pk).update(decision_due=D(2026, 12, 24))
    report = cases_verify(actor=ACTOR)
    assert (report.checked, report.differing) == (3, 1)
    (found,) = report.first
    assert found.reference == "V-4"
    assert found.fields == {"decision_due": (D(2026, 12, 24), D(2026, 7, 3))}
    assert str(found) == "V-4: decision_due stored 2026-12-24, replay 2026-07-03"


def test_a_tampered_status_is_found() -> None:
    _three_study_cases()
    Case.objects.filter(reference="V-5").update(status=CaseStatus.DECIDED)
    (found,) = cases_verify(actor=ACTOR).first
    assert found.reference == "V-5"
    assert set(found.fields) == {"status"}


def test_a_term_edited_in_place_shows_in_every_case_of_the_product() -> None:
    """D1 as the audit found it: the stored dates kept the old term, a replay takes the new."""
    _three_study_cases()
    case_create(reference="K-1", product="family", received_at=at(2026, 5, 4), source="staff")
    LegalTerm.objects.filter(product__code="study").update(term_days=30)
    report = cases_verify(actor=ACTOR)
    assert (report.checked, report.differing) == (4, 3)
    assert {d.reference for d in report.first} == {"V-4", "V-5", "V-6"}


def test_a_new_version_from_a_later_date_leaves_the_check_clean_and_applies_to_later_cases() -> (
    None
):
    cases = _three_study_cases()
    legal_term_add(
        product=ProductType.objects.get(code="study"),
        valid_from=D(2026, 7, 1),
        term_months=0,
        term_days=30,
        max_extension_days=0,
        today=D(2026, 6, 1),
    )
    assert [Case.objects.get(pk=c.pk).decision_due for c in cases] == [
        c.decision_due for c in cases
    ]
    later = case_create(
        reference="V-7", product="study", received_at=at(2026, 7, 6), source="staff"
    )
    assert later.decision_due == D(2026, 8, 5)  # 6 July + 30 days
    report = cases_verify(actor=ACTOR)
    assert (report.clean, report.checked) == (True, 4)


def test_a_case_without_events_cannot_be_replayed_and_is_reported() -> None:
    _three_study_cases()
    Case.objects.create(
        reference="V-0",
        product=ProductType.objects.get(code="study"),
        received_at=at(2026, 5, 1),
    )
    (found,) = cases_verify(actor=ACTOR).first
    assert found.reference == "V-0"
    assert "cannot be replayed" in str(found)


def test_it_reads_in_batches_counts_every_difference_and_lists_the_first_few() -> None:
    _three_study_cases()
    Case.objects.update(decision_due=D(2030, 1, 1))
    batches: list[int] = []
    report = cases_verify(actor=ACTOR, limit=2, batch_size=2, on_batch=batches.append)
    assert batches == [2, 1]
    assert (report.checked, report.differing, len(report.first)) == (3, 3, 2)
