"""Streaming CSV event-log reading with an explicit column mapping.

Exports from case systems rarely follow XES naming, so the caller names the case, activity
and timestamp columns; every error names the 1-based line number of the offending row.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from loket.lib.eventlogs.errors import EventLogError
from loket.lib.eventlogs.model import Event, EventLog, EventLogBuilder


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
    # For dates like 01-02-2010 without a format: True = day first (1 February), False =
    # month first (2 January), None = decide from the file (``date_order``).
    day_first: bool | None = None


# A date that starts with day and month in some order, then the year: 01-02-2010, 1/2/10.
_DAY_MONTH = re.compile(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.]\d{2,4}\b")


def _parse_ts(text: str, fmt: str | None, day_first: bool = False) -> datetime:
    if fmt is not None:
        dt = datetime.strptime(text, fmt)  # noqa: DTZ007 - made aware just below
    else:
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            from dateutil import parser as du_parser

            # Only dates that start with day and month may be read day first: dateutil
            # would read 2010/01/02 as 1 February too.
            dt = du_parser.parse(text, dayfirst=day_first and _DAY_MONTH.match(text) is not None)
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def date_order(values: Iterator[tuple[int, str]], *, path: str, column: str) -> bool:
    """Whether dates such as 01-02-2010 in this column are day first (True) or month first.

    The file itself decides: one date like 13-01-2010 (13 cannot be a month) shows day
    first, one like 01-13-2010 shows month first. A file that shows both, or in which
    every such date could be either, gets an error naming a line, rather than dates that
    are silently a month off.
    """
    day_first_line = month_first_line = ambiguous_line = None
    for line, text in values:
        match = _DAY_MONTH.match(text)
        if match is None:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 and second <= 12:
            day_first_line = day_first_line or line
        elif second > 12 and first <= 12:
            month_first_line = month_first_line or line
        elif first != second and ambiguous_line is None:
            ambiguous_line = line
    if day_first_line and month_first_line:
        raise EventLogError(
            f"column {column!r} mixes day-first (line {day_first_line}) and month-first "
            f"(line {month_first_line}) dates; give the format with --timestamp-format",
            path=path,
            line=month_first_line,
        )
    if day_first_line or month_first_line:
        return day_first_line is not None
    if ambiguous_line is not None:
        raise EventLogError(
            f"dates in column {column!r} could be day-month or month-day (e.g. line "
            f"{ambiguous_line}); give the format with --timestamp-format, such as "
            "'%d-%m-%Y %H:%M:%S'",
            path=path,
            line=ambiguous_line,
        )
    return False


def _open_text(p: Path) -> IO[str]:
    if p.suffix == ".gz":
        return gzip.open(p, "rt", encoding="utf-8-sig", newline="")
    return p.open("r", encoding="utf-8-sig", newline="")


def _timestamp_cells(p: Path, mapping: CsvMapping) -> Iterator[tuple[int, str]]:
    """(line, text) of the timestamp column, for ``date_order``; bad rows are left to the
    reader, which names them."""
    with _open_text(p) as fh:
        header_line = fh.readline()
        delimiter = mapping.delimiter or _sniff(header_line)
        header = [h.strip() for h in next(csv.reader([header_line], delimiter=delimiter))]
        if mapping.timestamp not in header:
            return
        ti = header.index(mapping.timestamp)
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            for row in reader:
                if len(row) > ti:
                    yield reader.line_num + 1, row[ti].strip()
        except csv.Error:
            return


def _sniff(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d])


def iter_csv_events(path: str | Path, mapping: CsvMapping) -> Iterator[tuple[str, Event]]:
    """Yield ``(case_id, event)`` per data row, streaming (rows may interleave cases)."""
    p = Path(path)
    label = str(p)
    try:
        raw = _open_text(p)
    except OSError as exc:
        raise EventLogError(f"cannot open: {exc}", path=label) from exc
    if mapping.timestamp_format is None and mapping.day_first is None:
        # One quick pass over the time column first: whether 01-02-2010 is 1 February or
        # 2 January is a property of the whole file, not of one row.
        raw.close()
        try:
            day_first = date_order(
                _timestamp_cells(p, mapping), path=label, column=mapping.timestamp
            )
        except UnicodeDecodeError as exc:
            raise EventLogError(f"not UTF-8 text: {exc}", path=label) from exc
        mapping = replace(mapping, day_first=day_first)
        raw = _open_text(p)
    with raw as fh:
        assert isinstance(fh, io.TextIOBase)
        header_line = fh.readline()
        if not header_line:
            raise EventLogError("empty file (no header row)", path=label, line=1)
        delimiter = mapping.delimiter or _sniff(header_line)
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
                    ts = _parse_ts(
                        row[ti].strip(), mapping.timestamp_format, bool(mapping.day_first)
                    )
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
