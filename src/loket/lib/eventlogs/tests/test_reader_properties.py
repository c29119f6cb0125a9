"""Property tests of the XES and CSV readers (Hypothesis, bounded for CI).

Whatever bytes or text a file holds, reading it ends normally or with an ``EventLogError``
naming the file (and the line where one is known); and any valid log written by Loket reads
back the same. Each test runs at most ``EXAMPLES`` examples with a per-example deadline, a
few seconds in all.
"""

from __future__ import annotations

import csv
import gzip
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loket.lib.eventlogs import CsvMapping, Event, EventLogError, iter_xes, write_xes
from loket.lib.eventlogs.csvlog import iter_csv_events

EXAMPLES = 150
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
)
MAPPING = CsvMapping(case="case", activity="activity", timestamp="at")


@contextmanager
def _file(name: str, data: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def _read_xes(path: Path) -> None:
    for _ in iter_xes(path):
        pass


def _read_csv(path: Path, mapping: CsvMapping = MAPPING) -> None:
    for _ in iter_csv_events(path, mapping):
        pass


def _only_own_error(read: Callable[[Path], None], path: Path) -> None:
    """Reading ``path`` ends normally or with the reader's own error, which names it."""
    error: EventLogError | None = None
    try:
        read(path)
    except EventLogError as raised:  # anything else fails the test with its traceback
        error = raised
    if error is not None:
        assert error.path == str(path)
        assert str(error).startswith(str(path))
        assert error.line is None or error.line >= 1


XES_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1849-2016">\n'
XES_PIECES = st.sampled_from(
    [
        b"<trace>",
        b"</trace>",
        b"<event>",
        b"</event>",
        b'<string key="concept:name" value="a"/>',
        b'<string key="concept:name" value="c1"/>',
        b'<date key="time:timestamp" value="2024-01-01T10:00:00+00:00"/>',
        b'<date key="time:timestamp" value="0001-01-01T00:00:00+01:00"/>',
        b'<date key="time:timestamp" value="x"/>',
        b'<int key="n" value="1"/>',
        b"<string/>",
        b"</log>",
        b"&amp;",
        b"&#0;",
        b"\x00",
        b"\xff",
        b"\n",
    ]
)


@BOUNDED
@given(st.binary(max_size=2_000))
def test_arbitrary_bytes_as_xes_raise_only_the_readers_error(data: bytes) -> None:
    with _file("log.xes", data) as path:
        _only_own_error(_read_xes, path)


@BOUNDED
@given(st.lists(XES_PIECES, max_size=40), st.integers(min_value=0, max_value=400))
def test_near_xes_plain_and_compressed_raise_only_the_readers_error(
    pieces: list[bytes], cut: int
) -> None:
    data = XES_HEAD + b"".join(pieces)
    with _file("log.xes", data) as path:
        _only_own_error(_read_xes, path)
    packed = gzip.compress(data, mtime=0)
    with _file("LOG.XES.GZ", packed[: max(cut, 1)] if cut < len(packed) else packed) as path:
        _only_own_error(_read_xes, path)


@BOUNDED
@given(st.binary(max_size=2_000))
def test_arbitrary_bytes_as_csv_raise_only_the_readers_error(data: bytes) -> None:
    with _file("log.csv", b"case,activity,at\n" + data) as path:
        _only_own_error(_read_csv, path)
    with _file("log.csv.gz", data) as path:
        _only_own_error(_read_csv, path)


@BOUNDED
@given(st.text(max_size=1_000), st.sampled_from([None, "%Y-%m-%d %H:%M", "%d-%m-%Y"]))
def test_arbitrary_text_as_csv_raises_only_the_readers_error(
    text: str, timestamp_format: str | None
) -> None:
    mapping = CsvMapping(
        case="case", activity="activity", timestamp="at", timestamp_format=timestamp_format
    )
    with _file("log.csv", ("case,activity,at\n" + text).encode("utf-8")) as path:
        _only_own_error(lambda p: _read_csv(p, mapping), path)


CELLS = st.text(max_size=30) | st.sampled_from(
    ["2024-01-02", "13-01-2010", "01-13-2010", "0001-01-01", "9999-12-31T23:00-05:00", "x" * 40]
)


@BOUNDED
@given(st.lists(st.lists(CELLS, min_size=0, max_size=5), max_size=20), st.sampled_from(",;\t"))
def test_csv_rows_of_any_cells_raise_only_the_readers_error(
    rows: list[list[str]], delimiter: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter=delimiter)
            writer.writerow(["case", "activity", "at"])
            writer.writerows(rows)
        _only_own_error(_read_csv, path)


# Valid logs: what Loket writes must read back the same.
_XML_TEXT = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
NAMES = st.text(_XML_TEXT, min_size=1, max_size=20).filter(lambda s: s.strip() == s)
TIMES = st.datetimes(
    min_value=datetime(1900, 1, 2),  # hypothesis takes naive bounds
    max_value=datetime(2199, 12, 30),
    timezones=st.just(UTC),
).map(lambda t: t.replace(microsecond=t.microsecond // 1000 * 1000))
LOGS = st.dictionaries(
    NAMES, st.lists(st.tuples(NAMES, TIMES), min_size=1, max_size=5), min_size=1, max_size=5
)


@BOUNDED
@given(LOGS)
def test_a_written_xes_log_reads_back_the_same(log: dict[str, list[tuple[str, datetime]]]) -> None:
    traces = [(case, [Event(name, at) for name, at in events]) for case, events in log.items()]
    with tempfile.TemporaryDirectory() as folder:
        for name in ("log.xes", "log.xes.gz"):
            path = Path(folder) / name
            write_xes(path, traces)
            back = {
                t.case_id: [(e.activity, e.timestamp) for e in t.events] for t in iter_xes(path)
            }
            assert back == log


@BOUNDED
@given(LOGS)
def test_a_written_csv_log_reads_back_the_same(log: dict[str, list[tuple[str, datetime]]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["case", "activity", "at"])
            for case, events in log.items():
                writer.writerows([case, name, at.isoformat()] for name, at in events)
        back: dict[str, list[tuple[str, datetime]]] = {}
        for case, event in iter_csv_events(path, MAPPING):
            back.setdefault(case, []).append((event.activity, event.timestamp))
        assert back == log
