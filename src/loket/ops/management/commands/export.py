"""``loket export cases|events --format ...``: the case list or the event log, to stdout.

``cases --format csv``: one row per case with its legal dates (the header's first columns
are fixed: scripts rely on them). ``events --format csv``: Loket's own event CSV, which
``loket import`` reads back. ``events --format xes``: IEEE 1849 XES via ``loket.lib.eventlogs``.
"""

from __future__ import annotations

import csv
import os
import sys
from argparse import ArgumentParser
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from loket.audit.models import Activity, Operation
from loket.audit.services import Processed, processing_record
from loket.cases.csvformat import neutralise_cell, write_event_csv
from loket.cases.domain.rows import EventRow
from loket.cases.domain.vocabulary import EventKind, Outcome
from loket.cases.policies import cases_visible_to, events_visible_to
from loket.kernel.actors import system_actor
from loket.kernel.time import AMSTERDAM

CASE_COLUMNS = (
    "reference",
    "product",
    "status",
    "stage",
    "received_at",
    "decision_due",
    "decided_at",
    "outcome",
    "closed_at",
    "track",
)
FORMATS = {"cases": ("csv",), "events": ("csv", "xes")}


# The operator exporting from the command line: reads through the policies like every door.
EXPORT_ACTOR = system_actor("loket export")


def _local(value: Any) -> str:
    return "" if value is None else value.astimezone(AMSTERDAM).isoformat()


# Cases per batch of the event export: one keyset query for the cases, one for their events.
EXPORT_CASE_BATCH = 1_000


def _event_rows() -> Iterator[EventRow]:
    """Every visible event, case by case (in the order cases were stored) and in sequence
    order within a case. Read in batches of cases by primary key, each batch's events through
    the (case, sequence) index: memory stays bounded and the first row comes at once, with no
    sort of the whole log first (issue "National scale")."""
    cases = cases_visible_to(EXPORT_ACTOR).order_by("pk")
    events = events_visible_to(EXPORT_ACTOR)
    last = 0
    while True:
        batch = list(
            cases.filter(pk__gt=last).values_list("pk", "reference", "product__code")[
                :EXPORT_CASE_BATCH
            ]
        )
        if not batch:
            return
        last = batch[-1][0]
        about = {pk: (reference, product) for pk, reference, product in batch}
        rows = (
            events.filter(case_id__in=about)
            .order_by("case_id", "sequence")
            .values_list("case_id", "kind", "at", "days", "outcome", "stage")
        )
        for case_id, kind, at, days, outcome, stage in rows:
            reference, product = about[case_id]
            yield EventRow(
                case=reference,
                product=product,
                kind=EventKind(kind),
                at=at,
                days=days,
                outcome=Outcome(outcome) if outcome else None,
                stage=stage,
            )


class Command(BaseCommand):
    help = "Export cases (csv) or the case event log (csv, xes) to stdout or --output."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("target", choices=sorted(FORMATS), help="what to export")
        parser.add_argument("--format", default="csv", choices=("csv", "xes"))
        parser.add_argument("--output", "-o", help="write to this file instead of stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._export(options)
        except BrokenPipeError:
            # The reader (e.g. ``| head``) stopped early; that is not an error.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())

    def _export(self, options: dict[str, Any]) -> None:
        target, fmt = options["target"], options["format"]
        if fmt not in FORMATS[target]:
            raise CommandError(
                f"'{target}' can be exported as {', '.join(FORMATS[target])}, not {fmt}."
            )
        # A bulk export of everyone's data: one record in the processing log, no subject.
        processing_record(
            actor=EXPORT_ACTOR,
            activity=Activity.EXPORT,
            operation=Operation.EXPORT,
            item=Processed(subject_id=None, object_type=target, object_ref="*"),
            detail=f"format {fmt}, to {options.get('output') or 'standard output'}",
        )
        if fmt == "xes":
            self._events_xes(options.get("output"))
            return
        output = options.get("output")
        with (
            Path(output).open("w", encoding="utf-8", newline="")
            if output
            else _Unclosed(self.stdout)
        ) as out:
            if target == "cases":
                self._cases_csv(out)
            else:
                write_event_csv(out, _event_rows())

    def _cases_csv(self, out: Any) -> None:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CASE_COLUMNS)
        cases = cases_visible_to(EXPORT_ACTOR).select_related("product").order_by("reference")
        for case in cases.iterator(chunk_size=2_000):
            cells = [
                case.reference,
                case.product.code,
                case.status,
                case.stage,
                _local(case.received_at),
                case.decision_due.isoformat() if case.decision_due else "",
                _local(case.decided_at),
                case.outcome,
                _local(case.closed_at),
                case.track,
            ]
            writer.writerow([neutralise_cell(cell) for cell in cells])

    def _events_xes(self, output: str | None) -> None:
        try:
            from loket.lib.eventlogs.model import Event
            from loket.lib.eventlogs.xes import write_xes, write_xes_stream
        except ImportError as error:
            raise CommandError(
                f"XES export needs loket.lib.eventlogs, which this installation lacks ({error}). "
                "Use --format csv for Loket's own event CSV."
            ) from error

        def traces() -> Iterator[tuple[str, list[Event]]]:
            current: str | None = None
            events: list[Event] = []
            for row in _event_rows():
                if row.case != current:
                    if current is not None:
                        yield current, events
                    current, events = row.case, []
                attributes: dict[str, Any] = {"product": row.product}
                if row.stage:
                    attributes["stage"] = row.stage
                if row.outcome is not None:
                    attributes["outcome"] = row.outcome.value
                if row.days is not None:
                    attributes["days"] = row.days
                events.append(
                    Event(activity=row.kind.value, timestamp=row.at, attributes=attributes)
                )
            if current is not None:
                yield current, events

        if output:
            write_xes(output, traces())
            return
        # Straight to stdout as it is written: no temporary file read back into memory.
        self.stdout.flush()
        write_xes_stream(sys.stdout.buffer, traces())
        sys.stdout.buffer.flush()


class _Unclosed:
    """Lets ``with`` take the command's stdout without closing it."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def __enter__(self) -> Any:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        return None
