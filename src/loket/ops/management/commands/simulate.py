"""``loket simulate``: run the service model and load its cases, or write them as CSV."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from rich.progress import Progress

from loket.cases.services import CaseRuleError
from loket.simulation.config import DEFAULT_CONFIG
from loket.simulation.model import simulate
from loket.simulation.report import backlog_line, console_for, progress_bar, summary_table
from loket.simulation.result import SimulationResult
from loket.simulation.services import (
    config_from_catalogue,
    simulation_load,
    write_events_csv,
    write_facts_csv,
)


def _moment(value: str) -> dt.datetime:
    """An ISO date or datetime; a date means the start of that day in the current zone."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as error:
        raise ArgumentTypeError(f"{value!r} is not an ISO date or datetime.") from error
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _positive(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise ArgumentTypeError("must be positive")
    return number


class Command(BaseCommand):
    help = (
        "Simulate the service (arrivals, teams, rework, terms) for --days up to now and load "
        "the cases into the database, or write them as a Loket event CSV with --csv."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--days", type=int, default=365, help="days to simulate (365)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
        parser.add_argument(
            "--scale",
            type=_positive,
            default=1.0,
            help="share of the real volumes and staff (1 = the real service, ~200,000 cases a year)",
        )
        parser.add_argument(
            "--now", type=_moment, default=None, help="end of the run, ISO date or datetime (now)"
        )
        parser.add_argument(
            "--capacity",
            type=_positive,
            default=1.0,
            help="what-if: multiply the teams' FTE by this factor (1); see --only",
        )
        parser.add_argument(
            "--inflow",
            type=_positive,
            default=1.0,
            help="what-if: multiply arrivals by this factor (1); see --only",
        )
        parser.add_argument(
            "--only",
            action="append",
            metavar="PRODUCT",
            help="apply --capacity and --inflow to this product only (repeatable)",
        )
        parser.add_argument("--csv", type=Path, help="write the events here instead of loading")
        parser.add_argument("--facts-csv", type=Path, help="also write one line per case here")
        parser.add_argument(
            "--dry-run", action="store_true", help="run the model and print the summary only"
        )
        parser.add_argument("--chunk-size", type=int, default=2000, help="cases per import batch")

    def handle(self, *args: Any, **options: Any) -> None:
        console = console_for(self.stdout)
        days: int = options["days"]
        if days < 1:
            raise CommandError("--days must be at least 1.")
        writes_files = options["csv"] is not None or options["facts_csv"] is not None
        load = not (writes_files or options["dry_run"])
        only = options["only"]
        known = {p.code for p in DEFAULT_CONFIG.products}
        if only and not set(only) <= known:
            raise CommandError(f"--only takes product codes: {', '.join(sorted(known))}.")
        config = DEFAULT_CONFIG.with_capacity(options["capacity"], products=only).with_inflow(
            options["inflow"], products=only
        )
        if load:
            config, missing = config_from_catalogue(config)
            if missing:
                console.print(f"[yellow]Not in the catalogue, left out:[/] {', '.join(missing)}")
            if not config.products:
                raise CommandError(
                    "The catalogue has none of the simulated products; migrate first."
                )

        with progress_bar(console) as progress:
            task = progress.add_task("Simulating days", total=days)
            result = simulate(
                config,
                days=days,
                seed=options["seed"],
                scale=options["scale"],
                now=options["now"] or timezone.now(),
                on_day=lambda day: progress.update(task, completed=day),
            )
            if load:
                self._load(result, progress, options["chunk_size"])

        if options["csv"] is not None:
            count = write_events_csv(result, options["csv"])
            console.print(f"Wrote {count:,} events to {options['csv']}")
        if options["facts_csv"] is not None:
            count = write_facts_csv(result.facts(), options["facts_csv"])
            console.print(f"Wrote {count:,} cases to {options['facts_csv']}")
        console.print(summary_table(result))
        console.print(backlog_line(result))

    def _load(self, result: SimulationResult, progress: Progress, chunk_size: int) -> None:
        task = progress.add_task("Loading cases", total=len(result.cases))
        try:
            totals = simulation_load(
                result.cases,
                chunk_size=chunk_size,
                on_chunk=lambda n: progress.advance(task, n),
            )
        except CaseRuleError as error:
            # The usual cause: an earlier run with the same seed but another --now, --days or
            # --scale made cases with the same references and a different history.
            raise CommandError(
                f"The database refused the simulated events: {error}\n"
                "If an earlier run used the same --seed with other options, use another --seed "
                "or a fresh database."
            ) from error
        progress.console.print(
            f"Loaded {totals.cases_created:,} new cases and {totals.events_added:,} events "
            f"({totals.events_present:,} were already there)."
        )
