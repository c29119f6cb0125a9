# ruff: noqa: N999 -- Django names a command after its module, and the command is `loket import`.
"""``loket import FILE``: load events into Loket, all or nothing, idempotent.

A Loket event CSV (header ``case,product,kind,at[,days,outcome,stage]``) goes to
``loket.cases.services.events_import``. An XES file (``.xes``/``.xes.gz``) or a CSV with
``--case-column/--activity-column/--timestamp-column`` is another process's log and goes to
``loket.processlogs`` (the forecasting side), which stores it for process analysis.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from loket.cases.csvformat import read_event_csv
from loket.cases.domain.vocabulary import EventSource
from loket.cases.importchecks import Catalogue, ImportProblem, row_problems
from loket.cases.importing import EventImportError
from loket.cases.services import events_import
from loket.lib.eventlogs.errors import EventLogError
from loket.lib.eventlogs.textfile import text_lines
from loket.processlogs.services import ImportOutcome, ProcessLogImportResult

MAPPING_OPTIONS = ("case_column", "activity_column", "timestamp_column")
SHOW_PROBLEMS = 25


def _problem_report(path: Path, problems: list[ImportProblem]) -> str:
    shown = [
        f"  {path.name}:{p.line}: {p.message}" if p.line else f"  {p.message}" for p in problems
    ]
    more = len(problems) - SHOW_PROBLEMS
    tail = [f"  ... and {more} more."] if more > 0 else []
    return "\n".join(
        [
            f"Nothing was imported: {path} has {len(problems)} problem(s).",
            *shown[:SHOW_PROBLEMS],
            *tail,
            "Fix these lines and run the import again; rows already in Loket are skipped.",
        ]
    )


class Command(BaseCommand):
    help = (
        "Import a Loket event CSV (case,product,kind,at[,days,outcome,stage]) all or nothing, "
        "or another process's log (.xes/.xes.gz, or CSV with the --*-column options)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="the file to import")
        parser.add_argument(
            "--source",
            default=EventSource.IMPORT,
            choices=EventSource.values,
            help="recorded as the events' source (default: import)",
        )
        parser.add_argument("--case-column", help="another process's CSV: the case id column")
        parser.add_argument("--activity-column", help="another process's CSV: the activity column")
        parser.add_argument("--timestamp-column", help="another process's CSV: the time column")
        parser.add_argument(
            "--timestamp-format",
            help="another process's CSV: strptime format of the time column, e.g. "
            "'%%d-%%m-%%Y %%H:%%M' (default: ISO 8601, or other forms read as the file shows them)",
        )
        parser.add_argument("--name", help="another process's log: the name to store it under")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} does not exist or is not a file.")
        mapped = [name for name in MAPPING_OPTIONS if options.get(name)]
        if path.name.lower().endswith((".xes", ".xes.gz")) or mapped:
            self._import_process_log(path, options, mapped)
            return
        self._import_loket_csv(path, source=EventSource(options["source"]))

    def _import_loket_csv(self, path: Path, *, source: EventSource) -> None:
        try:
            # Read whole first: bytes that are not UTF-8 or a damaged .gz are named by line
            # before any row is checked.
            lines = list(text_lines(path))
        except EventLogError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        console = Console(file=sys.stderr)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal or len(lines) < 2_000,
        ) as progress:
            task = progress.add_task(f"Reading {path.name}", total=len(lines))
            rows, problems = read_event_csv(
                lines, on_line=lambda line: progress.update(task, completed=line)
            )
            if problems:
                # Report the other rows' mistakes too, so one run shows everything to fix.
                catalogue = Catalogue.load()
                for row in rows:
                    problems.extend(row_problems(row, row.line or 0, catalogue))
                problems.sort(key=lambda p: p.line or 0)
                raise CommandError(_problem_report(path, problems))
            progress.update(task, description="Checking and writing", completed=len(lines))
            try:
                result = events_import(rows=rows, source=source)
            except EventImportError as error:
                raise CommandError(_problem_report(path, error.problems)) from error
        self.stdout.write(
            f"{path.name}: {result.cases_created} case(s) created, "
            f"{result.cases_updated} case(s) updated, {result.events_added} event(s) added, "
            f"{result.events_present} event(s) already present."
        )

    def _import_process_log(self, path: Path, options: dict[str, Any], mapped: list[str]) -> None:
        from loket.lib.eventlogs.csvlog import CsvMapping
        from loket.processlogs.services import process_log_import

        mapping = None
        if mapped:
            missing = [n for n in MAPPING_OPTIONS if not options.get(n)]
            if missing:
                flags = ", ".join("--" + n.replace("_", "-") for n in missing)
                raise CommandError(
                    f"Nothing was imported: {path}: a mapped CSV needs all three column "
                    f"options; add {flags}."
                )
            mapping = CsvMapping(
                case=options["case_column"],
                activity=options["activity_column"],
                timestamp=options["timestamp_column"],
                timestamp_format=options.get("timestamp_format"),
            )
        try:
            result = process_log_import(path=path, name=options.get("name"), mapping=mapping)
        except EventLogError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        self.stdout.write(_process_log_report(path, result))


def _process_log_report(path: Path, result: ProcessLogImportResult) -> str:
    log = result.log
    sha = (log.content_sha256 or "")[:12]
    if result.outcome == ImportOutcome.ALREADY_PRESENT:
        return (
            f"{path.name}: already present as log '{log.name}' (version {log.version}, "
            f"sha256 {sha}…, imported from {log.source_file}); nothing changed."
        )
    counts = f"{result.cases} case(s), {result.events_added} event(s)"
    if result.outcome == ImportOutcome.REPLACED:
        old = (result.replaced_sha256 or "unknown")[:12]
        return (
            f"{path.name}: log '{log.name}' REPLACED: its content differs from version "
            f"{result.replaced_version} (sha256 {old}…, from {result.replaced_source}); now "
            f"version {log.version} (sha256 {sha}…) with {counts}."
        )
    return f"{path.name}: log '{log.name}' stored (version 1, sha256 {sha}…), {counts}."
