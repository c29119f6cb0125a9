"""Importing other processes' event logs: streaming, all or nothing, idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Count

from loket.lib.eventlogs.csvlog import CsvMapping, iter_csv_events
from loket.lib.eventlogs.errors import EventLogError
from loket.lib.eventlogs.model import Event
from loket.lib.eventlogs.xes import iter_xes
from loket.processlogs.models import ProcessEvent, ProcessLog

BATCH_SIZE = 5_000


@dataclass(frozen=True, slots=True)
class ProcessLogImportResult:
    log: ProcessLog
    cases: int
    events_read: int
    events_added: int

    @property
    def events_already_present(self) -> int:
        return self.events_read - self.events_added


def _xes_events(path: Path) -> Iterator[tuple[str, Event]]:
    for trace in iter_xes(path):
        for event in trace.events:
            yield trace.case_id, event


def is_event_log_file(path: Path) -> bool:
    return path.name.lower().endswith((".xes", ".xes.gz"))


def process_log_import(
    *,
    path: Path,
    name: str | None = None,
    mapping: CsvMapping | None = None,
    progress: Callable[[int], None] | None = None,
) -> ProcessLogImportResult:
    """Load an XES file (or a CSV with ``mapping``) into the process log called ``name``.

    Runs in one transaction: a malformed file raises :class:`EventLogError` and leaves the
    database as it was. Events are keyed by (case, position in case), so importing the same
    file again adds nothing; a longer export of the same log adds only the new events.
    """
    if mapping is None and not is_event_log_file(path):
        raise EventLogError(
            "a CSV of another process needs a column mapping "
            "(--case-column, --activity-column, --timestamp-column)",
            path=str(path),
        )
    events = _xes_events(path) if mapping is None else iter_csv_events(path, mapping)
    log_name = name or path.name.removesuffix(".gz").removesuffix(".xes").removesuffix(".csv")
    positions: dict[str, int] = {}
    read = added = 0
    with transaction.atomic():
        log, _ = ProcessLog.objects.update_or_create(
            name=log_name, defaults={"source_file": str(path)}
        )
        already_stored = dict(
            ProcessEvent.objects.filter(log=log)
            .values_list("case_id")
            .annotate(n=Count("id"))
            .values_list("case_id", "n")
        )
        batch: list[ProcessEvent] = []

        def flush() -> int:
            ProcessEvent.objects.bulk_create(batch)
            written = len(batch)
            batch.clear()
            return written

        for case_id, event in events:
            position = positions.get(case_id, 0)
            positions[case_id] = position + 1
            read += 1
            if position < already_stored.get(case_id, 0):
                continue  # imported before
            batch.append(
                ProcessEvent(
                    log=log,
                    case_id=case_id,
                    position=position,
                    activity=event.activity,
                    timestamp=event.timestamp.astimezone(dt.UTC),
                    lifecycle=event.lifecycle or "",
                    resource=event.resource or "",
                )
            )
            if len(batch) >= BATCH_SIZE:
                added += flush()
                if progress is not None:
                    progress(read)
        if batch:
            added += flush()
        if progress is not None:
            progress(read)
    return ProcessLogImportResult(
        log=log, cases=len(positions), events_read=read, events_added=added
    )
