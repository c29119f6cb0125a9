"""Does every case's stored projection still follow from its events? (``loket cases verify``)

Every surface that lists or sends a legal date (the at-risk and overdue lists, the delay
notices, the export) reads the columns that ``project`` stored when the last event was
written; the case page computes the same with the same term version. This check replays
every case's log with its product's term in force on the day of receipt and names each
case whose stored status or dates differ: a bulk ``UPDATE``, a restore gone wrong, or a term
changed in place behind the service's back.

Bounded memory: cases are read in batches by primary key, each batch with its events in one
query; only the first ``limit`` differences are kept (all are counted).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Final

from django.db.models import QuerySet

from loket.cases.domain.errors import CaseRuleError
from loket.cases.domain.termclock import TermSchedule
from loket.cases.models import Case, CaseEvent
from loket.cases.policies import cases_visible_to
from loket.cases.projection import PROJECTED_FIELDS, product_term, project
from loket.catalogue.models import ProductType
from loket.kernel.actors import Actor

BATCH: Final = 500


@dataclass(frozen=True, slots=True)
class Difference:
    """One case whose stored projection is not what its events give."""

    reference: str
    # field -> (stored, replayed); empty when the log itself cannot be replayed
    fields: dict[str, tuple[object, object]]
    problem: str = ""  # why the replay failed, when it did

    def __str__(self) -> str:
        if self.problem:
            return f"{self.reference}: its events cannot be replayed: {self.problem}"
        parts = [
            f"{name} stored {_text(stored)}, replay {_text(replayed)}"
            for name, (stored, replayed) in self.fields.items()
        ]
        return f"{self.reference}: " + "; ".join(parts)


@dataclass(slots=True)
class VerifyReport:
    checked: int = 0
    differing: int = 0
    first: list[Difference] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.differing == 0


def _text(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return repr(value) if value in ("", None) else str(value)


@dataclass(frozen=True, slots=True)
class _ProductRules:
    schedule: TermSchedule
    first_stage: str


def _rules() -> dict[int, _ProductRules]:
    """Each product's term versions and first stage, read once (a handful of rows)."""
    products = ProductType.objects.prefetch_related("legal_terms", "stages")
    return {
        p.pk: _ProductRules(
            schedule=product_term(p),
            first_stage=min(p.stages.all(), key=lambda s: s.position).code
            if p.stages.all()
            else "",
        )
        for p in products
    }


def case_difference(
    case: Case, events: Sequence[CaseEvent], *, schedule: TermSchedule, first_stage: str
) -> Difference | None:
    """How ``case``'s stored projection differs from a replay of ``events`` (None: it does not)."""
    try:
        replayed = asdict(project(events, term=schedule, first_stage=first_stage))
    except CaseRuleError as error:
        return Difference(case.reference, {}, str(error) or type(error).__name__)
    differing = {
        name: (getattr(case, name), replayed[name])
        for name in PROJECTED_FIELDS
        if getattr(case, name) != replayed[name]
    }
    return Difference(case.reference, differing) if differing else None


def cases_verify_count(*, actor: Actor) -> int:
    return cases_visible_to(actor).count()


def cases_verify(
    *,
    actor: Actor,
    limit: int = 20,
    batch_size: int = BATCH,
    on_batch: Callable[[int], None] | None = None,
) -> VerifyReport:
    """Replay every case ``actor`` may see and compare it with what is stored.

    ``on_batch`` is called with the number of cases just checked (for a progress bar).
    """
    rules = _rules()
    report = VerifyReport()
    cases: QuerySet[Case] = cases_visible_to(actor).only(
        "pk", "reference", "product_id", *PROJECTED_FIELDS
    )
    last_pk = 0
    while True:
        batch = list(cases.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
        if not batch:
            return report
        last_pk = batch[-1].pk
        logs: dict[int, list[CaseEvent]] = defaultdict(list)
        for event in CaseEvent.objects.filter(case_id__in=[c.pk for c in batch]).order_by(
            "case_id", "sequence"
        ):
            logs[event.case_id].append(event)
        for case in batch:
            product = rules[case.product_id]
            found = case_difference(
                case,
                logs.get(case.pk, []),
                schedule=product.schedule,
                first_stage=product.first_stage,
            )
            report.checked += 1
            if found is not None:
                report.differing += 1
                if len(report.first) < limit:
                    report.first.append(found)
        if on_batch is not None:
            on_batch(len(batch))
