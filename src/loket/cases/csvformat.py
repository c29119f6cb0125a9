"""Loket's own event CSV: ``case,product,kind,at`` and optional ``days,outcome,stage``.

Reading is pure (text in, rows and problems out) so the command stays thin and the rules
are tested without a database. ``at`` is an ISO 8601 date or date-time; without a zone it
is Dutch local time, because that is the clock the service's letters and terms use.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Final, TextIO

from loket.cases.domain.rows import EventRow
from loket.cases.domain.vocabulary import EVENT_KINDS, OUTCOMES, EventKind, Outcome
from loket.cases.importchecks import outcome_message, unknown_kind_message
from loket.cases.importing import ImportProblem
from loket.kernel.time import AMSTERDAM
from loket.lib.eventlogs.limits import timestamp_problem, xml_invalid_character

REQUIRED: Final = ("case", "product", "kind", "at")
# A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection").
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
OPTIONAL: Final = ("days", "outcome", "stage")
HEADER: Final = (*REQUIRED, *OPTIONAL)


def parse_at(text: str) -> dt.datetime:
    """An ISO 8601 date (midnight, Dutch time) or date-time (naive means Dutch time)."""
    value = text.strip()
    if len(value) == 10:
        day = dt.date.fromisoformat(value)
        return dt.datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM)
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=AMSTERDAM)


def _parse_days(text: str) -> int | None:
    value = text.strip()
    return int(value) if value else None


def _read_row(values: dict[str, str], line: int) -> EventRow | ImportProblem:
    """One record as an ``EventRow`` (text turned into dates, numbers and the case
    vocabulary's enums), or the problem that keeps it from being one."""
    case = values["case"]
    try:
        at = parse_at(values["at"])
    except ValueError:
        return ImportProblem(
            line,
            f"'at' is '{values['at'][:60]}', which is not a date. Use ISO 8601: "
            "2026-03-10, 2026-03-10T09:30 or 2026-03-10T09:30:00+01:00.",
            case,
        )
    if (bad_time := timestamp_problem(at)) is not None:
        return ImportProblem(line, f"'at': {bad_time}.", case)
    try:
        days = _parse_days(values.get("days", ""))
    except ValueError:
        return ImportProblem(
            line, f"'days' is '{values['days']}'; use a whole number of days, e.g. 30.", case
        )
    kind = values["kind"]
    if kind not in EVENT_KINDS:
        return ImportProblem(line, unknown_kind_message(kind), case)
    outcome = values.get("outcome", "")
    if outcome and outcome not in OUTCOMES:
        return ImportProblem(line, outcome_message(kind), case)
    return EventRow(
        case=case,
        product=values["product"],
        kind=EventKind(kind),
        at=at,
        days=days,
        outcome=Outcome(outcome) if outcome else None,
        stage=values.get("stage", ""),
        line=line,
    )


def _csv_error(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return (
            f"a value is longer than {csv.field_size_limit():,} characters; is a quote left "
            "open, or is this not a CSV file?"
        )
    if "NUL" in str(error):
        return "the line contains a NUL character (U+0000); the file is not plain text."
    return f"the line is not valid CSV ({error})."


def _header_problem(header: list[str]) -> ImportProblem | None:
    for name in header:
        if (bad := xml_invalid_character(name)) is not None:
            return ImportProblem(
                1, f"header: the column name {name[:40]!r} contains the control character {bad}."
            )
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in HEADER]
    twice = sorted({name for name in header if header.count(name) > 1})
    if not (missing or unknown or twice):
        return None
    parts = []
    if missing:
        parts.append(f"missing column(s) {', '.join(missing)}")
    if unknown:
        shown = ", ".join(name[:40] for name in unknown[:10])
        parts.append(f"unknown column(s) {shown}{' ...' if len(unknown) > 10 else ''}")
    if twice:
        parts.append(f"column(s) {', '.join(twice)} more than once")
    hint = ""
    if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
        hint = " The columns seem separated by ';', a tab or '|': Loket's CSV uses ','."
    return ImportProblem(
        1,
        f"header: {'; '.join(parts)}. The header must be {','.join(REQUIRED)} "
        f"and may add {','.join(OPTIONAL)}.{hint} For another process's log, pass "
        "--case-column, --activity-column and --timestamp-column.",
    )


def read_event_csv(
    lines: Iterable[str], *, on_line: Callable[[int], None] | None = None
) -> tuple[list[EventRow], list[ImportProblem]]:
    """Parse the file; every problem names its line (the header is line 1).

    A line the csv module cannot read (a NUL, a value over its field size limit) ends the
    reading there: what follows it cannot be trusted to be split into the right lines.
    """
    reader = csv.reader(lines)
    try:
        header_row = next(reader, None)
    except csv.Error as error:
        return [], [ImportProblem(1, f"header: {_csv_error(error)}")]
    if header_row is None:
        return [], [ImportProblem(1, "the file is empty; it needs the header " + ",".join(HEADER))]
    header = [name.strip().lower() for name in header_row]
    problem = _header_problem(header)
    if problem is not None:
        return [], [problem]
    rows: list[EventRow] = []
    problems: list[ImportProblem] = []
    try:
        for record in reader:
            line = reader.line_num
            if on_line is not None:
                on_line(line)
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                problems.append(
                    ImportProblem(
                        line,
                        f"has {len(record)} values but the header has {len(header)}; give "
                        "every column a value, leaving optional ones empty (e.g. 'A-1,study,"
                        "received,2026-03-02,,,').",
                    )
                )
                continue
            values = {name: cell.strip() for name, cell in zip(header, record, strict=True)}
            parsed = _read_row(values, line)
            if isinstance(parsed, ImportProblem):
                problems.append(parsed)
            else:
                rows.append(parsed)
    except csv.Error as error:
        problems.append(ImportProblem(reader.line_num, _csv_error(error)))
    if not rows and not problems:
        problems.append(
            ImportProblem(1, "the file has a header but no events; add one row per event.")
        )
    return rows, problems


def neutralise_cell(text: str) -> str:
    """``text`` made inert for spreadsheets: a leading ``'`` before a formula character, as
    OWASP advises. References cannot start with one any more (``loket.cases.references``);
    this keeps older data and free text safe in every CSV Loket writes."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def iter_event_csv_lines(rows: Iterable[EventRow]) -> Iterator[list[str]]:
    """The inverse of ``read_event_csv``: header first, then one list per event."""
    yield list(HEADER)
    for row in rows:
        yield [
            neutralise_cell(row.case),
            neutralise_cell(row.product),
            row.kind.value,
            row.at.astimezone(AMSTERDAM).isoformat(),
            "" if row.days is None else str(row.days),
            "" if row.outcome is None else row.outcome.value,
            neutralise_cell(row.stage),
        ]


def write_event_csv(out: TextIO, rows: Iterable[EventRow]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    count = -1
    for count, line in enumerate(iter_event_csv_lines(rows)):  # noqa: B007 - count is the result
        writer.writerow(line)
    return max(count, 0)
