"""The bulk path: many events for many cases at once, all or nothing, idempotent.

Used by ``loket import`` and by the simulator. Everything is checked in Python first (a few
queries in total, none per row); only a clean batch is written, with ``bulk_create`` in
batches and projections computed in memory. Importing the same rows twice changes nothing:
an event already stored for its case (same kind, at, days, outcome, stage) is skipped.

Imports side by side (16 overlapping ``loket import`` runs) are safe: existing cases are
locked in reference order for the batch; a new case that another import creates first makes
ours fail on the unique reference (PostgreSQL lets the second insert wait for the first's
commit, then refuses it). Nothing of ours is written then, and the batch starts again,
seeing what the other committed. After a few such rounds it gives up with a message.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Final

from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.utils import timezone

from loket.cases.domain.errors import CaseRuleError
from loket.cases.domain.rows import CaseFacts, EventRow
from loket.cases.domain.termclock import TermError
from loket.cases.domain.transitions import CaseState, TransitionError, fold, replay
from loket.cases.domain.vocabulary import EventKind, EventSource, Outcome
from loket.cases.events import CaseEventRecorded, case_events_publish
from loket.cases.importchecks import (
    BATCH,
    Catalogue,
    ImportProblem,
    applicants,
    chunks,
    facts_problems,
    row_problems,
)
from loket.cases.models import Case, CaseEvent
from loket.cases.projection import PROJECTED_FIELDS, Projection, product_term, project
from loket.catalogue.models import ProductType

FACT_FIELDS: Final = ("track", "team", "channel", "sponsor_name", "handler_name", "handler_email")
# Rounds of a batch that lost a race with another import (see the module docstring).
CONFLICT_ROUNDS: Final = 6
# PostgreSQL's codes for the races: a unique key taken meanwhile, a deadlock, a
# serialisation failure. SQLite says it in words.
_RACE_SQLSTATES: Final = frozenset({"23505", "40P01", "40001"})
_RACE_WORDS: Final = ("database is locked", "UNIQUE constraint failed: cases_case.reference")

logger = logging.getLogger(__name__)


__all__ = ["EventImportError", "ImportProblem", "ImportResult", "events_import"]


class EventImportError(CaseRuleError):
    """The batch was refused as a whole; ``problems`` says what is wrong, line by line."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        self.problems = list(problems)
        first = "; ".join(str(p) for p in self.problems[:3])
        more = f" (and {len(self.problems) - 3} more)" if len(self.problems) > 3 else ""
        super().__init__(f"{len(self.problems)} problem(s), nothing imported: {first}{more}")


@dataclass(frozen=True, slots=True)
class ImportResult:
    cases_created: int = 0
    cases_updated: int = 0
    events_added: int = 0
    events_present: int = 0


@dataclass(frozen=True, slots=True)
class _Stored:
    """A stored event, read as a plain tuple: model instances cost ~10x as much to load."""

    sequence: int
    kind: EventKind
    at: dt.datetime
    days: int | None
    outcome: Outcome | None  # None for the column's blank "", as in ``EventRow``
    stage: str


def _key(
    e: EventRow | _Stored,
) -> tuple[EventKind, dt.datetime, int | None, Outcome | None, str]:
    # ``or None``: a row built in code with the old blank "" is the same fact as None.
    return (e.kind, e.at, e.days, e.outcome or None, e.stage)


@dataclass(slots=True)
class _Plan:
    """What will be written for one case, once every check has passed."""

    reference: str
    product: ProductType
    case: Case | None
    new_rows: list[EventRow]
    next_sequence: int
    projection: Projection | None = None
    facts: CaseFacts | None = None


def _load_existing(references: list[str]) -> tuple[dict[str, Case], dict[int, list[_Stored]]]:
    cases: dict[str, Case] = {}
    for chunk in chunks(references):
        # Locked until the batch commits, so a concurrent import or handler cannot take the
        # same sequence numbers (PostgreSQL; SQLite serialises writing transactions anyway).
        # In reference order (the caller sorts too), so imports that share cases take
        # their locks in one order and cannot deadlock on them.
        found = (
            Case.objects.filter(reference__in=chunk)
            .select_related("product")
            .select_for_update(of=("self",))
            .order_by("reference")
        )
        for case in found:
            cases[case.reference] = case
    events: dict[int, list[_Stored]] = {}
    ids = [c.pk for c in cases.values()]
    for id_chunk in chunks(ids):
        stored = (
            CaseEvent.objects.filter(case_id__in=id_chunk)
            .order_by("case_id", "sequence")
            .values_list("case_id", "sequence", "kind", "at", "days", "outcome", "stage")
        )
        for case_id, sequence, kind, at, days, outcome, stage in stored:
            events.setdefault(case_id, []).append(
                _Stored(
                    sequence,
                    EventKind(kind),
                    at,
                    days,
                    Outcome(outcome) if outcome else None,
                    stage,
                )
            )
    return cases, events


def _plan_case(
    plan: _Plan, rows: list[tuple[int, EventRow]], stored: list[_Stored], cat: Catalogue
) -> tuple[list[ImportProblem], int]:
    """Fold the new rows onto the stored log; returns problems and how many were present."""
    ref, product = plan.reference, plan.product
    # A fact stated twice (stored already, or repeated in this batch) is one fact.
    seen = {_key(e) for e in stored}
    unique: list[tuple[int, EventRow]] = []
    for line, row in rows:
        if _key(row) not in seen:
            seen.add(_key(row))
            unique.append((line, row))
    fresh = sorted(unique, key=lambda x: x[1].at)
    present = len(rows) - len(fresh)
    plan.new_rows = [r for _, r in fresh]
    if not fresh:
        return [], present
    if stored and fresh[0][1].at < stored[-1].at:
        line, row = fresh[0]
        return [
            ImportProblem(
                line,
                f"case {ref}: this '{row.kind}' event ({row.at.isoformat()}) is earlier than the "
                f"last event already stored ({stored[-1].at.isoformat()}) and is not one of the "
                "stored events. The log is append-only: add only events after the last one.",
                ref,
            )
        ], present
    state: CaseState | None = replay(stored) if stored else None
    refused: ImportProblem | None = None
    folded = len(fresh)
    for position, (line, row) in enumerate(fresh):
        try:
            state = fold(state, row)
        except TransitionError as error:
            refused = ImportProblem(line, f"case {ref}: {error}", ref)
            folded = position
            break
    if state is None:  # the very first event was refused: there is no log to clock
        assert refused is not None
        return [refused], present
    # The term clock runs over the events that passed the transition table, so a term rule
    # broken before a refused transition is reported first, as the earlier line.
    stages = cat.stages.get(product.code, [])
    try:
        projection = project(
            [*stored, *plan.new_rows[:folded]],
            term=product_term(product),
            first_stage=stages[0] if stages else "",
            state=state,
        )
    except TermError as error:
        return [_term_problem(error, plan, fresh, stored_count=len(stored))], present
    if refused is not None:
        return [refused], present
    plan.projection = projection
    return [], present


def _term_problem(
    error: TermError, plan: _Plan, fresh: list[tuple[int, EventRow]], *, stored_count: int
) -> ImportProblem:
    """Name the line of the event the term clock refused (its index counts stored events too)."""
    ref = plan.reference
    index = error.event_index
    if index is None or index < stored_count:  # not one of this file's rows
        return ImportProblem(fresh[0][0], f"case {ref}: {error}", ref)
    line, row = fresh[index - stored_count]
    hint = " Check the 'days' value." if row.kind == EventKind.TERM_EXTENDED else ""
    return ImportProblem(
        line,
        f"case {ref} ('{plan.product.code}'): this '{row.kind}' event ({row.at.isoformat()}) "
        f"is refused: {error}{hint}",
        ref,
    )


def events_import(
    *,
    rows: Sequence[EventRow],
    facts: Sequence[CaseFacts] = (),
    source: EventSource | str,
) -> ImportResult:
    """Import events (and optional case facts) all or nothing; see the module docstring.

    Raises ``EventImportError`` with every problem found (each naming its line: the row's
    ``line``, or its 1-based position in ``rows`` when it has none); nothing is written then.
    """
    for round_ in range(1, CONFLICT_ROUNDS + 1):
        try:
            with transaction.atomic():
                return _events_import(rows=rows, facts=facts, source=source)
        except (IntegrityError, OperationalError) as error:
            if not _lost_a_race(error):
                raise
            logger.info("Import round %s lost a race with another import: %s", round_, error)
            time.sleep(0.05 * round_)  # let the other import finish its commit
    raise EventImportError(
        [
            ImportProblem(
                None,
                f"other imports kept writing the same cases at the same time ({CONFLICT_ROUNDS} "
                "tries). Run the import again.",
            )
        ]
    )


def _lost_a_race(error: DatabaseError) -> bool:
    state = getattr(error.__cause__, "sqlstate", None)
    return state in _RACE_SQLSTATES or any(words in str(error) for words in _RACE_WORDS)


def _events_import(
    *, rows: Sequence[EventRow], facts: Sequence[CaseFacts], source: EventSource | str
) -> ImportResult:
    if source not in EventSource.values:
        raise CaseRuleError(
            f"Unknown source '{source}'; use one of {', '.join(EventSource.values)}."
        )
    source = EventSource(source)
    cat = Catalogue.load()
    problems: list[ImportProblem] = []
    by_case: dict[str, list[tuple[int, EventRow]]] = {}
    case_products: dict[str, str] = {}
    for position, row in enumerate(rows, start=1):
        line = row.line if row.line is not None else position
        problems.extend(row_problems(row, line, cat))
        first = case_products.setdefault(row.case, row.product)
        if first != row.product:
            problems.append(
                ImportProblem(
                    line,
                    f"case {row.case} is a '{first}' case in earlier rows, but this row says "
                    f"'{row.product}'. One case has one product.",
                    row.case,
                )
            )
        by_case.setdefault(row.case, []).append((line, row))
    facts_by_ref, fact_problems = facts_problems(facts, case_products, cat)
    problems.extend(fact_problems)
    users, user_problems = applicants(facts_by_ref)
    problems.extend(user_problems)
    if problems:  # row-level problems make case-level checks noisy; report these first
        raise EventImportError(problems)

    references = list(dict.fromkeys([*by_case, *facts_by_ref]))
    cases, stored = _load_existing(sorted(references))
    plans: list[_Plan] = []
    present = 0
    for ref in references:
        case = cases.get(ref)
        # The catalogue's instance, with its term's versions read once for the import.
        product = cat.products[
            case.product.code if case else case_products.get(ref) or facts_by_ref[ref].product
        ]
        rows_here = by_case.get(ref, [])
        if case and rows_here and case.product.code != rows_here[0][1].product:
            problems.append(
                ImportProblem(
                    rows_here[0][0],
                    f"case {ref} already exists as a '{case.product.code}' case; this file says "
                    f"'{rows_here[0][1].product}'. Check the reference or the product.",
                    ref,
                )
            )
            continue
        events = stored.get(case.pk, []) if case else []
        plan = _Plan(ref, product, case, [], (events[-1].sequence if events else 0) + 1)
        plan.facts = facts_by_ref.get(ref)
        found, already = _plan_case(plan, rows_here, events, cat)
        problems.extend(found)
        present += already
        if case is None and not plan.new_rows:
            problems.append(
                ImportProblem(
                    None, f"case {ref} is new but has no events; it needs 'received'.", ref
                )
            )
        plans.append(plan)
    if problems:
        raise EventImportError(problems)
    return _write(plans, users, source=source, present=present)


def _facts_changes(
    case: Case, facts: CaseFacts | None, users: dict[str, object]
) -> dict[str, object]:
    if facts is None:
        return {}
    changes: dict[str, object] = {
        name: getattr(facts, name)
        for name in FACT_FIELDS
        if getattr(facts, name) and getattr(facts, name) != getattr(case, name)
    }
    user = users.get(facts.applicant_username) if facts.applicant_username else None
    if user is not None and getattr(user, "pk", None) != case.applicant_id:
        changes["applicant"] = user
    return changes


def _write(
    plans: list[_Plan], users: dict[str, object], *, source: EventSource, present: int
) -> ImportResult:
    now = timezone.now()
    new_cases: list[Case] = []
    changed: list[Case] = []
    for plan in plans:
        if plan.case is None:
            assert plan.projection is not None
            case = Case(reference=plan.reference, product=plan.product, created_at=now)
            for name, value in asdict(plan.projection).items():
                setattr(case, name, value)
            for name, value in _facts_changes(case, plan.facts, users).items():
                setattr(case, name, value)
            plan.case = case
            new_cases.append(case)
            continue
        changes = _facts_changes(plan.case, plan.facts, users)
        if plan.projection is not None:
            changes.update(asdict(plan.projection))
        if changes:
            for name, value in changes.items():
                setattr(plan.case, name, value)
            changed.append(plan.case)
    Case.objects.bulk_create(new_cases, batch_size=BATCH)
    if any(c.pk is None for c in new_cases):  # backends that cannot return ids from bulk inserts
        ids = dict(
            Case.objects.filter(reference__in=[c.reference for c in new_cases]).values_list(
                "reference", "pk"
            )
        )
        for case in new_cases:
            case.pk = ids[case.reference]
    events = [
        CaseEvent(
            case_id=plan.case.pk,
            sequence=plan.next_sequence + offset,
            kind=row.kind,
            at=row.at,
            days=row.days,
            outcome=row.outcome or "",  # the column's blank for "no outcome"
            stage=row.stage,
            source=source,
            recorded_at=now,
        )
        for plan in plans
        if plan.case is not None
        for offset, row in enumerate(plan.new_rows)
    ]
    CaseEvent.objects.bulk_create(events, batch_size=BATCH)
    references = {plan.case.pk: plan.reference for plan in plans if plan.case is not None}
    case_events_publish(
        CaseEventRecorded(
            case_id=event.case_id,
            reference=references[event.case_id],
            sequence=event.sequence,
            kind=EventKind(event.kind),
            outcome=Outcome(event.outcome) if event.outcome else None,
            at=event.at,
            source=source,
        )
        for event in events
    )
    if changed:
        fields = sorted({*PROJECTED_FIELDS, *FACT_FIELDS, "applicant"})
        Case.objects.bulk_update(changed, fields=fields, batch_size=BATCH)
    return ImportResult(
        cases_created=len(new_cases),
        cases_updated=len(changed),
        events_added=len(events),
        events_present=present,
    )
