"""Property tests of Loket's own event CSV (Hypothesis, bounded): any text gives rows and
problems with lines, never an exception; written rows read back the same."""

from __future__ import annotations

import csv
import datetime as dt
import io
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from loket.cases.csvformat import HEADER, read_event_csv, write_event_csv
from loket.cases.domain.rows import EventRow
from loket.cases.domain.vocabulary import EventKind, Outcome
from loket.cases.references import reference_problem
from loket.kernel.time import AMSTERDAM

BOUNDED = settings(max_examples=150, deadline=timedelta(seconds=2))
CELLS = st.text(max_size=20) | st.sampled_from(
    ["study", "received", "decided", "granted", "0001-01-01", "9999-12-31", "2026-02-30", "'=1"]
)


@BOUNDED
@given(st.text(max_size=2_000))
def test_any_text_gives_problems_with_lines_never_an_exception(text: str) -> None:
    rows, problems = read_event_csv(io.StringIO(",".join(HEADER) + "\n" + text, newline=""))
    assert all(p.line is not None and p.line >= 1 for p in problems)
    assert rows or problems


@BOUNDED
@given(st.lists(st.lists(CELLS, min_size=7, max_size=7), max_size=10))
def test_rows_of_any_cells_give_problems_with_lines_never_an_exception(
    records: list[list[str]],
) -> None:
    out = io.StringIO()
    csv.writer(out).writerows([list(HEADER), *records])
    _, problems = read_event_csv(io.StringIO(out.getvalue(), newline=""))
    # A quoted value may hold line ends: count lines as the reader does (LF, CR, CRLF).
    lines = len(io.StringIO(out.getvalue(), newline="").readlines())
    assert all(p.line is not None and 1 <= p.line <= lines for p in problems)


REFERENCES = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._:-]{0,20}[A-Za-z0-9]\Z").filter(
    lambda r: reference_problem(r) is None
)
TIMES = st.datetimes(
    min_value=dt.datetime(1990, 1, 1),  # hypothesis takes naive bounds
    max_value=dt.datetime(2100, 1, 1),
    timezones=st.just(AMSTERDAM),
)
ROWS = st.builds(
    EventRow,
    case=REFERENCES,
    product=st.sampled_from(["study", "family", "asylum"]),
    kind=st.sampled_from([EventKind.RECEIVED, EventKind.WITHDRAWN]),
    at=TIMES,
)


@BOUNDED
@given(st.lists(ROWS, min_size=1, max_size=10), st.booleans())
def test_written_rows_read_back_the_same(rows: list[EventRow], decided: bool) -> None:
    if decided:
        rows = [
            *rows,
            EventRow(
                case=rows[0].case,
                product=rows[0].product,
                kind=EventKind.DECIDED,
                at=rows[0].at,
                outcome=Outcome.GRANTED,
            ),
        ]
    out = io.StringIO()
    write_event_csv(out, rows)
    back, problems = read_event_csv(io.StringIO(out.getvalue(), newline=""))
    assert problems == []
    assert [(r.case, r.product, r.kind, r.at.astimezone(dt.UTC), r.outcome) for r in back] == [
        (r.case, r.product, r.kind, r.at.astimezone(dt.UTC), r.outcome) for r in rows
    ]
