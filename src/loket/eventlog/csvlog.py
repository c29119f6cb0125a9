"""Streaming CSV event-log reading with an explicit column mapping.

Exports from case systems rarely follow XES naming, so the caller names the case, activity
and timestamp columns; every error names the 1-based line number of the offending row.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from loket.eventlog.errors import EventLogError
from loket.eventlog.model import Event, EventLog, EventLogBuilder


@dataclass(frozen=True, slots=True)
class CsvMapping:
    """Which CSV columns hold the case id, activity, timestamp (and optionally more)."""

    case: str
    activity: str
    timestamp: str
    resource: str | None = None
    lifecycle: str | None = None
    timestamp_format: str | None = None  # strptime format; ISO 8601 when None
    delimiter: str | None = None  # sniffed from the header line when None


def _parse_ts(text: str, fmt: str | None) -> datetime:
    if fmt is not None:
        dt = datetime.strptime(text, fmt)  # noqa: DTZ007 - made aware just below
    else:
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            from dateutil import parser as du_parser

            dt = du_parser.parse(text)
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def iter_csv_events(path: str | Path, mapping: CsvMapping) -> Iterator[tuple[str, Event]]:
    """Yield ``(case_id, event)`` per data row, streaming (rows may interleave cases)."""
    p = Path(path)
    label = str(p)
    try:
        raw = (
            gzip.open(p, "rt", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
            if p.suffix == ".gz"
            else p.open("r", encoding="utf-8-sig", newline="")
        )
    except OSError as exc:
        raise EventLogError(f"cannot open: {exc}", path=label) from exc
    with raw as fh:
        assert isinstance(fh, io.TextIOBase)
        header_line = fh.readline()
        if not header_line:
            raise EventLogError("empty file (no header row)", path=label, line=1)
        delimiter = mapping.delimiter
        if delimiter is None:
            counts = {d: header_line.count(d) for d in (",", ";", "\t", "|")}
            delimiter = max(counts, key=lambda d: counts[d])
        header = next(csv.reader([header_line], delimiter=delimiter))
        header = [h.strip() for h in header]
        wanted = [mapping.case, mapping.activity, mapping.timestamp]
        wanted += [c for c in (mapping.resource, mapping.lifecycle) if c is not None]
        missing = [c for c in wanted if c not in header]
        if missing:
            raise EventLogError(
                f"column(s) {', '.join(repr(c) for c in missing)} not in header {header}",
                path=label,
                line=1,
            )
        ci, ai, ti = (header.index(c) for c in wanted[:3])
        ri = header.index(mapping.resource) if mapping.resource else None
        li = header.index(mapping.lifecycle) if mapping.lifecycle else None
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            for row in reader:
                line = reader.line_num + 1  # +1: the header was read outside the reader
                if not row or all(not cell.strip() for cell in row):
                    continue
                if len(row) < len(header):
                    raise EventLogError(
                        f"row has {len(row)} fields, header has {len(header)}",
                        path=label,
                        line=line,
                    )
                case_id = row[ci].strip()
                if not case_id:
                    raise EventLogError(
                        f"empty case id in column {mapping.case!r}", path=label, line=line
                    )
                activity = row[ai].strip()
                if not activity:
                    raise EventLogError(
                        f"empty activity in column {mapping.activity!r}", path=label, line=line
                    )
                try:
                    ts = _parse_ts(row[ti].strip(), mapping.timestamp_format)
                except (ValueError, OverflowError) as exc:
                    raise EventLogError(
                        f"unparsable timestamp {row[ti]!r} in column {mapping.timestamp!r}",
                        path=label,
                        line=line,
                    ) from exc
                resource = row[ri].strip() or None if ri is not None else None
                lifecycle = row[li].strip() or None if li is not None else None
                yield case_id, Event(activity, ts, lifecycle=lifecycle, resource=resource)
        except csv.Error as exc:
            raise EventLogError(f"bad CSV: {exc}", path=label, line=reader.line_num + 1) from exc


def read_csv(path: str | Path, mapping: CsvMapping) -> EventLog:
    """Read a CSV event log into the columnar form."""
    builder = EventLogBuilder()
    for case_id, ev in iter_csv_events(path, mapping):
        builder.add_event(case_id, ev.label, ev.timestamp.timestamp(), ev.resource)
    return builder.build()
