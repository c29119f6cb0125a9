"""Streaming CSV event-log reading with an explicit column mapping.

Exports from case systems rarely follow XES naming, so the caller names the case, activity
and timestamp columns; every error names the 1-based line number of the offending row.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from loket.lib.eventlogs.errors import EventLogError
from loket.lib.eventlogs.limits import timestamp_problem, xml_invalid_character
from loket.lib.eventlogs.model import Event, EventLog, EventLogBuilder
from loket.lib.eventlogs.textfile import text_lines


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


def _csv_error(exc: csv.Error) -> str:
    """The csv module's terse complaint, in words that say what to fix."""
    text = str(exc)
    if "field larger than field limit" in text:
        return (
            f"a field is longer than {csv.field_size_limit():,} characters; is a quote "
            "left open, or is this not a CSV file?"
        )
    if "NUL" in text:
        return "the line contains a NUL character (U+0000); the file is not plain text"
    return f"bad CSV: {text}"


def _reader(p: Path, mapping: CsvMapping) -> tuple[Any, list[str]]:
    """A csv reader over the file (the header is its line 1) and the stripped header."""
    lines = text_lines(p)
    first = next(lines, None)
    if first is None or not first.strip():
        raise EventLogError("empty file (no header row)", path=str(p), line=1)
    delimiter = mapping.delimiter or _sniff(first)
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise EventLogError(_csv_error(exc), path=str(p), line=1) from exc
    for name in header:
        bad = xml_invalid_character(name)
        if bad is not None:
            raise EventLogError(
                f"the column name {name!r} contains the control character {bad}",
                path=str(p),
                line=1,
            )
    return reader, header


def _timestamp_cells(p: Path, mapping: CsvMapping) -> Iterator[tuple[int, str]]:
    """(line, text) of the timestamp column, for ``date_order``; bad rows are left to the
    reader, which names them."""
    try:
        reader, header = _reader(p, mapping)
    except EventLogError:
        return
    if header.count(mapping.timestamp) != 1:
        return
    ti = header.index(mapping.timestamp)
    try:
        for row in reader:
            if len(row) > ti:
                yield reader.line_num, row[ti].strip()
    except csv.Error:
        return


def _sniff(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d])


def _columns(
    header: list[str], mapping: CsvMapping, label: str
) -> tuple[int, int, int, int | None, int | None]:
    """Positions of case, activity, time, resource and lifecycle (None: not mapped)."""
    names = [mapping.case, mapping.activity, mapping.timestamp, mapping.resource, mapping.lifecycle]
    missing = [c for c in names if c is not None and c not in header]
    if missing:
        raise EventLogError(
            f"column(s) {', '.join(repr(c) for c in missing)} not in header {header}",
            path=label,
            line=1,
        )
    twice = [c for c in names if c is not None and header.count(c) > 1]
    if twice:
        raise EventLogError(
            f"column {twice[0]!r} appears more than once in the header; which one is meant "
            "cannot be told",
            path=label,
            line=1,
        )
    ri = None if mapping.resource is None else header.index(mapping.resource)
    li = None if mapping.lifecycle is None else header.index(mapping.lifecycle)
    index = header.index
    return index(mapping.case), index(mapping.activity), index(mapping.timestamp), ri, li


def _text(value: str, what: str, label: str, line: int) -> str:
    """A cell stripped, refused when it holds a character XML (and the database) cannot."""
    text = value.strip()
    bad = xml_invalid_character(text)
    if bad is not None:
        raise EventLogError(
            f"the {what} {text!r} contains the control character {bad}", path=label, line=line
        )
    return text


def iter_csv_events(path: str | Path, mapping: CsvMapping) -> Iterator[tuple[str, Event]]:
    """Yield ``(case_id, event)`` per data row, streaming (rows may interleave cases).

    Every problem is an ``EventLogError`` naming the file and line: not UTF-8, a damaged
    gzip file, a missing or doubled column, an over-long field, an empty case or activity,
    a control character, a time that does not parse or lies outside 1900-2199, and a file
    with a header but no rows.
    """
    p = Path(path)
    label = str(p)
    if mapping.timestamp_format is None and mapping.day_first is None:
        # One quick pass over the time column first: whether 01-02-2010 is 1 February or
        # 2 January is a property of the whole file, not of one row.
        day_first = date_order(_timestamp_cells(p, mapping), path=label, column=mapping.timestamp)
        mapping = replace(mapping, day_first=day_first)
    reader, header = _reader(p, mapping)
    ci, ai, ti, ri, li = _columns(header, mapping, label)
    rows = 0
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) < len(header):
                raise EventLogError(
                    f"row has {len(row)} fields, header has {len(header)}", path=label, line=line
                )
            case_id = _text(row[ci], "case id", label, line)
            if not case_id:
                raise EventLogError(
                    f"empty case id in column {mapping.case!r}", path=label, line=line
                )
            activity = _text(row[ai], "activity", label, line)
            if not activity:
                raise EventLogError(
                    f"empty activity in column {mapping.activity!r}", path=label, line=line
                )
            ts = _timestamp(row[ti], mapping, label, line)
            resource = _text(row[ri], "resource", label, line) or None if ri is not None else None
            lifecycle = _text(row[li], "lifecycle", label, line) or None if li is not None else None
            rows += 1
            yield case_id, Event(activity, ts, lifecycle=lifecycle, resource=resource, line=line)
    except csv.Error as exc:
        raise EventLogError(_csv_error(exc), path=label, line=reader.line_num) from exc
    if rows == 0:
        raise EventLogError("the file has a header but no events", path=label, line=1)


def _timestamp(cell: str, mapping: CsvMapping, label: str, line: int) -> datetime:
    try:
        ts = _parse_ts(cell.strip(), mapping.timestamp_format, bool(mapping.day_first))
    except (ValueError, OverflowError) as exc:
        raise EventLogError(
            f"unparsable timestamp {cell!r} in column {mapping.timestamp!r}"
            + (f" (format {mapping.timestamp_format!r})" if mapping.timestamp_format else ""),
            path=label,
            line=line,
        ) from exc
    problem = timestamp_problem(ts)
    if problem is not None:
        raise EventLogError(f"{problem} (column {mapping.timestamp!r})", path=label, line=line)
    return ts


def read_csv(path: str | Path, mapping: CsvMapping) -> EventLog:
    """Read a CSV event log into the columnar form."""
    builder = EventLogBuilder()
    for case_id, ev in iter_csv_events(path, mapping):
        builder.add_event(case_id, ev.label, ev.timestamp.timestamp(), ev.resource)
    return builder.build()
