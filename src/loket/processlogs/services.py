"""Importing other processes' event logs: streaming, all or nothing, identified by content.

A log is known by the sha256 of its content (the decompressed bytes; for a CSV also the
column mapping). So importing a file tells one of three things, never silently:

- the same content is already stored (under this name or another): nothing changes, not
  even the recorded path;
- the name is new: the log is stored as version 1;
- the name is known but the content differs (a corrected export): the stored log is
  replaced whole by the new content as the next version, and the result says so.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from django.db import IntegrityError, models, transaction

from loket.cases.references import reference_problem
from loket.lib.eventlogs.csvlog import CsvMapping, iter_csv_events
from loket.lib.eventlogs.errors import EventLogError
from loket.lib.eventlogs.limits import xml_invalid_character
from loket.lib.eventlogs.model import Event
from loket.lib.eventlogs.textfile import DAMAGED, damaged, open_binary
from loket.lib.eventlogs.xes import iter_xes
from loket.processlogs.models import ProcessEvent, ProcessLog

BATCH_SIZE = 5_000
_LOG_SUFFIX = re.compile(r"(\.(xes|csv))?(\.gz)?$", re.IGNORECASE)


def _max_length(model: type[ProcessLog] | type[ProcessEvent], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.CharField)
    assert field.max_length is not None
    return field.max_length


CASE_ID_MAX: Final = _max_length(ProcessEvent, "case_id")
LIMITS: Final = {
    "activity": _max_length(ProcessEvent, "activity"),
    "lifecycle": _max_length(ProcessEvent, "lifecycle"),
    "resource": _max_length(ProcessEvent, "resource"),
}
NAME_MAX: Final = _max_length(ProcessLog, "name")
SOURCE_MAX: Final = _max_length(ProcessLog, "source_file")


class ImportOutcome(enum.StrEnum):
    CREATED = "created"
    REPLACED = "replaced"
    ALREADY_PRESENT = "already_present"


@dataclass(frozen=True, slots=True)
class ProcessLogImportResult:
    log: ProcessLog
    outcome: ImportOutcome
    cases: int
    events_read: int
    events_added: int
    # With REPLACED: what the new content replaced (its version, hash and file).
    replaced_version: int | None = None
    replaced_sha256: str | None = None
    replaced_source: str = ""

    @property
    def events_already_present(self) -> int:
        return self.events_read - self.events_added


def is_event_log_file(path: Path) -> bool:
    return path.name.lower().endswith((".xes", ".xes.gz"))


def content_digest(path: Path, mapping: CsvMapping | None) -> str:
    """sha256 of the decompressed bytes, and of the column mapping for a CSV."""
    digest = hashlib.sha256()
    read = 0
    with open_binary(path) as fh:
        try:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
                read += chunk.count(b"\n")
        except DAMAGED as exc:
            raise damaged(exc, path, after_line=read) from exc
    if mapping is not None:
        digest.update(repr(mapping).encode())
    return digest.hexdigest()


def _case_id(case_id: str, path: Path, line: int | None) -> None:
    problem = reference_problem(case_id, max_length=CASE_ID_MAX, what="the case id")
    if problem is not None:
        raise EventLogError(problem, path=str(path), line=line)


def _xes_events(path: Path) -> Iterator[tuple[str, Event]]:
    first_line: dict[str, int | None] = {}
    for trace in iter_xes(path):
        _case_id(trace.case_id, path, trace.line)
        if trace.case_id in first_line:
            raise EventLogError(
                f"the case id {trace.case_id!r} is used twice: by the trace on line "
                f"{first_line[trace.case_id]} and by this one; one trace is one case",
                path=str(path),
                line=trace.line,
            )
        first_line[trace.case_id] = trace.line
        for event in trace.events:
            yield trace.case_id, event


def _csv_events(path: Path, mapping: CsvMapping) -> Iterator[tuple[str, Event]]:
    checked: set[str] = set()
    for case_id, event in iter_csv_events(path, mapping):
        if case_id not in checked:
            _case_id(case_id, path, event.line)
            checked.add(case_id)
        yield case_id, event


def _check_fields(event: Event, path: Path) -> None:
    for field, limit in LIMITS.items():
        value = getattr(event, field) or ""
        if len(value) > limit:
            raise EventLogError(
                f"the {field} is {len(value):,} characters long; at most {limit} are allowed",
                path=str(path),
                line=event.line,
            )


def log_name_for(path: Path, name: str | None) -> str:
    """The given name, or the file's name without .xes/.csv/.gz (any case)."""
    log_name = name if name is not None else _LOG_SUFFIX.sub("", path.name)
    bad = xml_invalid_character(log_name)
    if not log_name.strip() or bad is not None or len(log_name) > NAME_MAX:
        raise EventLogError(
            f"{log_name[:60]!r} cannot name a log: it needs 1 to {NAME_MAX} characters without "
            "control characters; give another with --name",
            path=str(path),
        )
    return log_name


def _source(path: Path) -> str:
    text = str(path)
    return text if len(text) <= SOURCE_MAX else "…" + text[-(SOURCE_MAX - 1) :]


def process_log_import(
    *,
    path: Path,
    name: str | None = None,
    mapping: CsvMapping | None = None,
    progress: Callable[[int], None] | None = None,
) -> ProcessLogImportResult:
    """Load an XES file (or a CSV with ``mapping``) as the process log called ``name``.

    Runs in one transaction: a malformed file raises :class:`EventLogError` naming the file
    and line, and leaves the database as it was. See the module docstring for what happens
    when the content or the name is already known.
    """
    if mapping is None and not is_event_log_file(path):
        raise EventLogError(
            "a CSV of another process needs a column mapping "
            "(--case-column, --activity-column, --timestamp-column)",
            path=str(path),
        )
    log_name = log_name_for(path, name)
    digest = content_digest(path, mapping)
    try:
        with transaction.atomic():
            return _import(path, log_name, digest, mapping, progress)
    except IntegrityError as exc:
        # Another import stored the same name or content between our check and our write.
        raise EventLogError(
            f"another import stored log {log_name!r} or this content at the same moment; "
            "run the import again to see which",
            path=str(path),
        ) from exc


def _import(
    path: Path,
    log_name: str,
    digest: str,
    mapping: CsvMapping | None,
    progress: Callable[[int], None] | None,
) -> ProcessLogImportResult:
    same = ProcessLog.objects.select_for_update().filter(content_sha256=digest).first()
    if same is not None:
        stored = ProcessEvent.objects.filter(log=same)
        return ProcessLogImportResult(
            log=same,
            outcome=ImportOutcome.ALREADY_PRESENT,
            cases=stored.values("case_id").distinct().count(),
            events_read=stored.count(),
            events_added=0,
        )
    log = ProcessLog.objects.select_for_update().filter(name=log_name).first()
    replaced: tuple[int, str | None, str] | None = None
    if log is None:
        log = ProcessLog.objects.create(
            name=log_name, source_file=_source(path), content_sha256=digest
        )
    else:
        replaced = (log.version, log.content_sha256, log.source_file)
        ProcessEvent.objects.filter(log=log).delete()
        log.version += 1
        log.content_sha256 = digest
        log.source_file = _source(path)
        log.save(update_fields=["version", "content_sha256", "source_file", "imported_at"])
    events = _xes_events(path) if mapping is None else _csv_events(path, mapping)
    positions: dict[str, int] = {}
    batch: list[ProcessEvent] = []
    read = 0
    for case_id, event in events:
        _check_fields(event, path)
        position = positions.get(case_id, 0)
        positions[case_id] = position + 1
        read += 1
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
            ProcessEvent.objects.bulk_create(batch)
            batch.clear()
            if progress is not None:
                progress(read)
    if read == 0:
        raise EventLogError("the log has no events", path=str(path))
    ProcessEvent.objects.bulk_create(batch)
    if progress is not None:
        progress(read)
    return ProcessLogImportResult(
        log=log,
        outcome=ImportOutcome.CREATED if replaced is None else ImportOutcome.REPLACED,
        cases=len(positions),
        events_read=read,
        events_added=read,
        replaced_version=None if replaced is None else replaced[0],
        replaced_sha256=None if replaced is None else replaced[1],
        replaced_source="" if replaced is None else replaced[2],
    )
