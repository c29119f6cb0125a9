"""The reference rule: one charset and one length, named in a sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from loket.cases.domain.errors import CaseRuleError
from loket.cases.references import REFERENCE_MAX_LENGTH, reference_problem
from loket.kernel.time import AMSTERDAM


@pytest.mark.parametrize(
    "reference",
    [
        "S2026-KM-000960",  # the simulator's own
        "1-364285768",  # BPIC 2013
        "A1",
        "declaration 86791",  # BPIC 2020 style: a space inside
        "case_1.2:3",
        "Zaak-Å2",  # letters of any script
        "x" * REFERENCE_MAX_LENGTH,
    ],
)
def test_references_of_real_systems_are_accepted(reference: str) -> None:
    assert reference_problem(reference) is None


@pytest.mark.parametrize(
    ("reference", "words"),
    [
        ("", "is empty"),
        ("A/1", "'/'"),
        ("A\\1", "'\\'"),
        ("A?1", "'?'"),
        ("A#1", "'#'"),
        ("A%2F", "'%'"),
        ("A\x001", "U+0000"),
        ("A\x1b[31m", "U+001B"),
        ("A\t1", "U+0009"),
        ("A\u200b1", "U+200B"),  # zero-width space
        ("A\u202e1", "U+202E"),  # right-to-left override
        ("=HYPERLINK(1)", "'=' (character 1)"),
        ("+31", "'+'"),
        ("-1", "may not start with '-'"),
        ("@SUM", "'@'"),
        (" A1", "may not start with U+0020"),
        ("A1 ", "may not end with U+0020"),
        ("A1-", "may not end with '-'"),
        ("x" * (REFERENCE_MAX_LENGTH + 1), f"at most {REFERENCE_MAX_LENGTH}"),
        ("A²", "'²'"),  # a superscript is no digit
    ],
)
def test_odd_references_are_refused_with_a_reason(reference: str, words: str) -> None:
    problem = reference_problem(reference)
    assert problem is not None
    assert words in problem


def test_the_length_limit_is_the_model_fields() -> None:
    from loket.cases.models import Case

    assert Case._meta.get_field("reference").max_length == REFERENCE_MAX_LENGTH


@pytest.mark.django_db
def test_case_create_refuses_a_reference_with_a_slash() -> None:
    from loket.cases.models import Case
    from loket.cases.services import case_create

    with pytest.raises(CaseRuleError, match="'/'"):
        case_create(
            reference="A/1",
            product="study",
            received_at=dt.datetime(2026, 3, 2, 9, tzinfo=AMSTERDAM),
            source="staff",
        )
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_case_create_refuses_an_over_long_reference_before_the_database_does() -> None:
    from loket.cases.models import Case
    from loket.cases.services import case_create

    with pytest.raises(CaseRuleError, match="at most 64"):
        case_create(
            reference="K" * 65,
            product="study",
            received_at=dt.datetime(2026, 3, 2, 9, tzinfo=AMSTERDAM),
            source="staff",
        )
    assert not Case.objects.exists()
