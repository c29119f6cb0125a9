"""Where the pure model meets the outside: the catalogue, the database and CSV files."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from django.utils import timezone

from loket.cases.domain.rows import CaseFacts
from loket.cases.domain.vocabulary import EventSource
from loket.cases.projection import product_term
from loket.cases.services import events_import
from loket.catalogue.models import ProductType
from loket.simulation.config import SimConfig
from loket.simulation.result import SimulatedCase, SimulationResult
from loket.simulation.stages import CatalogueTerm, resolve_stage_codes

SOURCE: Final = EventSource.SIMULATION
CSV_HEADER: Final = ("case", "product", "kind", "at", "days", "outcome", "stage")
FACTS_HEADER: Final = (
    "reference",
    "product",
    "track",
    "team",
    "channel",
    "sponsor_name",
    "handler_name",
    "handler_email",
    "applicant_username",
)


@dataclass(slots=True)
class LoadTotals:
    cases_created: int = 0
    cases_updated: int = 0
    events_added: int = 0
    events_present: int = 0


def config_from_catalogue(config: SimConfig) -> tuple[SimConfig, list[str]]:
    """``config`` with the database's terms and stage codes; products it lacks are left out.

    Returns the adjusted config and the codes of the products that were left out.
    """
    products = {
        p.code: p
        for p in ProductType.objects.filter(is_active=True).prefetch_related(
            "stages", "legal_terms"
        )
    }
    # The term in force today. The import clocks each case with the version in force on its
    # own day of receipt, so a change of term within the simulated span only shifts when the
    # simulated handlers hurry, never the stored dates.
    today = timezone.localdate()
    kept = []
    missing = []
    for spec in config.products:
        db = products.get(spec.code)
        if db is None:
            missing.append(spec.code)
            continue
        codes = [s.code for s in sorted(db.stages.all(), key=lambda s: s.position)]
        term = product_term(db).in_force(today)
        kept.append(
            dataclasses.replace(
                spec,
                term=CatalogueTerm(term.months, term.days, term.max_extension_days),
                stage_codes=resolve_stage_codes(spec.stage_codes, codes),
            )
        )
    return dataclasses.replace(config, products=tuple(kept)), missing


def simulation_load(
    cases: Iterable[SimulatedCase],
    *,
    chunk_size: int = 1000,
    on_chunk: Callable[[int], None] | None = None,
) -> LoadTotals:
    """Import simulated cases through ``events_import``, ``chunk_size`` cases per batch.

    Each batch is all or nothing and the import is idempotent, so an interrupted load is
    finished by running it again. ``on_chunk`` gets the number of cases after each batch.
    """
    totals = LoadTotals()
    batch: list[SimulatedCase] = []

    def flush() -> None:
        result = events_import(
            rows=[row for case in batch for row in case.rows],
            facts=[case.facts for case in batch],
            source=SOURCE,
        )
        totals.cases_created += result.cases_created
        totals.cases_updated += result.cases_updated
        totals.events_added += result.events_added
        totals.events_present += result.events_present
        if on_chunk is not None:
            on_chunk(len(batch))
        batch.clear()

    for case in cases:
        batch.append(case)
        if len(batch) >= chunk_size:
            flush()
    if batch:
        flush()
    return totals


def write_events_csv(result: SimulationResult, path: Path) -> int:
    """Write the events as a Loket event CSV (the format ``loket import`` reads)."""
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for row in result.rows():
            writer.writerow(
                (
                    row.case,
                    row.product,
                    row.kind.value,
                    row.at.isoformat(),
                    "" if row.days is None else row.days,
                    "" if row.outcome is None else row.outcome.value,
                    row.stage,
                )
            )
            count += 1
    return count


def write_facts_csv(facts: Iterable[CaseFacts], path: Path) -> int:
    """Write one line per case with its track, team, channel and handler."""
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(FACTS_HEADER)
        for fact in facts:
            writer.writerow([getattr(fact, name) for name in FACTS_HEADER])
            count += 1
    return count
