"""Checks on an import batch that need only the rows and the catalogue (no case data).

Split from ``loket.cases.importing`` so each file reads in one go; every check returns
``ImportProblem``s instead of raising, so one run reports everything wrong with a file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

from django.contrib.auth import get_user_model

from loket.cases.domain.rows import CaseFacts, EventRow
from loket.cases.domain.vocabulary import EVENT_KINDS, OUTCOMES, EventKind, Track
from loket.cases.references import reference_problem
from loket.catalogue.models import ProductType, Stage
from loket.lib.eventlogs.limits import timestamp_problem

BATCH: Final = 500  # well under SQLite's bound-parameter limit for every statement we send


def chunks(items: Sequence[str] | Sequence[int]) -> Iterator[Sequence[str] | Sequence[int]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One thing wrong with the input; ``line`` is the file line (or the row's position)."""

    line: int | None
    message: str
    case: str = ""

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


@dataclass(slots=True)
class Catalogue:
    products: dict[str, ProductType] = field(default_factory=dict)
    stages: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Catalogue:
        # With the versions of each product's term, read once for the whole import.
        products = ProductType.objects.prefetch_related("legal_terms")
        cat = cls(products={p.code: p for p in products})
        for product_code, code in Stage.objects.order_by("product", "position").values_list(
            "product__code", "code"
        ):
            cat.stages.setdefault(product_code, []).append(code)
        return cat


def unknown_kind_message(kind: str) -> str:
    return f"unknown event kind '{kind}'; use one of: {', '.join(EventKind.values)}."


def outcome_message(kind: str) -> str:
    """What is wrong with an outcome that is missing, unknown or given to the wrong kind."""
    if kind == EventKind.DECIDED:
        return "a 'decided' event needs 'outcome': 'granted' or 'refused'."
    return f"'outcome' is only used with 'decided'; leave it empty for '{kind}'."


def row_problems(row: EventRow, line: int, cat: Catalogue) -> list[ImportProblem]:
    """Checks that need only the row itself and the catalogue."""
    out: list[str] = []
    if not row.case:
        out.append("the case reference is empty; fill in the 'case' column.")
    elif (bad_reference := reference_problem(row.case)) is not None:
        out.append(bad_reference)
    if row.product not in cat.products:
        out.append(
            f"unknown product '{row.product}'; use one of: {', '.join(sorted(cat.products))}."
        )
    # The CSV reader already refuses unknown kinds and outcomes; rows built in code are
    # typed, but nothing enforces the types at run time, so the batch is checked again.
    if row.kind not in EVENT_KINDS:
        out.append(unknown_kind_message(row.kind))
    if row.at.tzinfo is None:
        out.append(f"the time {row.at.isoformat()} has no time zone.")
    elif (bad_time := timestamp_problem(row.at)) is not None:
        out.append(f"{bad_time}.")
    if row.kind == EventKind.TERM_EXTENDED and (row.days is None or row.days <= 0):
        out.append("a 'term_extended' event needs 'days': a whole number above zero.")
    if row.days is not None and row.kind != EventKind.TERM_EXTENDED:
        out.append(f"'days' is only used with 'term_extended'; leave it empty for '{row.kind}'.")
    if (row.kind == EventKind.DECIDED and row.outcome not in OUTCOMES) or (
        row.outcome and row.kind != EventKind.DECIDED
    ):
        out.append(outcome_message(row.kind))
    if row.kind == EventKind.STAGE_ENTERED and not row.stage:
        out.append("a 'stage_entered' event needs 'stage': the code of the stage it enters.")
    codes = cat.stages.get(row.product, [])
    if row.stage and row.product in cat.products and row.stage not in codes:
        out.append(
            f"stage '{row.stage}' does not exist for '{row.product}'; use one of: "
            f"{', '.join(codes)}."
        )
    return [ImportProblem(line, message, row.case) for message in out]


def facts_problems(
    facts: Sequence[CaseFacts], case_products: dict[str, str], cat: Catalogue
) -> tuple[dict[str, CaseFacts], list[ImportProblem]]:
    by_ref: dict[str, CaseFacts] = {}
    problems: list[ImportProblem] = []
    for fact in facts:
        where = f"facts for case {fact.reference}"
        if (bad_reference := reference_problem(fact.reference)) is not None:
            problems.append(ImportProblem(None, f"{where}: {bad_reference}"))
        if fact.product not in cat.products:
            problems.append(ImportProblem(None, f"{where}: unknown product '{fact.product}'."))
        elif case_products.get(fact.reference, fact.product) != fact.product:
            problems.append(
                ImportProblem(
                    None,
                    f"{where}: product '{fact.product}' differs from its events' product "
                    f"'{case_products[fact.reference]}'.",
                )
            )
        if fact.track not in Track.values:
            problems.append(ImportProblem(None, f"{where}: unknown track '{fact.track}'."))
        by_ref[fact.reference] = fact
    return by_ref, problems


def applicants(facts: dict[str, CaseFacts]) -> tuple[dict[str, object], list[ImportProblem]]:
    names = sorted({f.applicant_username for f in facts.values() if f.applicant_username})
    if not names:
        return {}, []
    user_model = get_user_model()
    users: dict[str, object] = {}
    for chunk in chunks(names):
        for user in user_model._default_manager.filter(
            **{f"{user_model.USERNAME_FIELD}__in": chunk}
        ):
            users[user.get_username()] = user
    missing = [n for n in names if n not in users]
    return users, [
        ImportProblem(None, f"no user '{name}' exists; create the applicant's account first.")
        for name in missing
    ]
