"""Readers and writer: the parser is the first place bad data shows up, so errors must be
precise (line numbers), and the writer must produce what the field's standard tool reads."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from loket.lib.eventlogs import (
    CsvMapping,
    Event,
    EventLogError,
    iter_xes,
    read_csv,
    read_log,
    read_xes,
    write_xes,
)

REPO = Path(__file__).resolve().parents[5]
DATA = REPO.parent / "shared" / "data"
FIXTURES = REPO / "tests" / "data"
RUNNING = DATA / "running_example.xes"


def _need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (needs ../shared/data next to the repo)")


def test_running_example_has_6_cases_and_42_events() -> None:
    _need(RUNNING)
    traces = list(iter_xes(RUNNING))
    assert len(traces) == 6
    assert sum(len(t.events) for t in traces) == 42
    first = traces[0]
    assert first.case_id == "3"
    assert first.events[0].activity == "register request"
    assert first.events[0].resource == "Pete"
    assert first.events[0].timestamp == datetime(2010, 12, 30, 13, 32, tzinfo=UTC)
    log = read_xes(RUNNING)
    assert (log.n_cases, log.n_events) == (6, 42)
    assert np.all(np.diff(log.timestamp[log.offsets[0] : log.offsets[1]]) >= 0)


def test_gzip_and_plain_give_the_same_log(tmp_path: Path) -> None:
    _need(RUNNING)
    gz = tmp_path / "r.xes.gz"
    gz.write_bytes(gzip.compress(RUNNING.read_bytes()))
    a, b = read_xes(RUNNING), read_xes(gz)
    assert a.case_ids == b.case_ids
    assert np.array_equal(a.timestamp, b.timestamp)


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("malformed_missing_case.xes", 10, "concept:name"),
        ("malformed_timestamp.xes", 7, "unparsable timestamp"),
        ("malformed_not_xml.xes", 6, "not well-formed"),
    ],
)
def test_malformed_xes_names_the_line(name: str, line: int, words: str) -> None:
    with pytest.raises(EventLogError) as info:
        read_xes(FIXTURES / name)
    assert info.value.line == line
    assert f":{line}:" in str(info.value)
    assert words in str(info.value)


def test_non_log_root_is_rejected(tmp_path: Path) -> None:
    p = tmp_path / "x.xes"
    p.write_text("<html><body/></html>")
    with pytest.raises(EventLogError, match="expected <log>"):
        read_xes(p)


def test_csv_mapping_groups_and_sorts_cases() -> None:
    log = read_csv(
        FIXTURES / "small_log.csv",
        CsvMapping(case="CaseID", activity="Step", timestamp="When", resource="Who"),
    )
    assert log.case_ids == ["A1", "B2"]
    assert log.lengths.tolist() == [3, 3]
    assert [log.activities[a] for a in log.activity[:3]] == ["Receive", "Check", "Decide"]
    # Naive timestamps are read as UTC; aware ones keep their offset.
    assert log.timestamp[0] == datetime(2024, 1, 1, 8, 0, tzinfo=UTC).timestamp()
    assert log.timestamp[3] == datetime(2024, 1, 2, 9, 0, tzinfo=UTC).timestamp()
    assert log.resource[5] == -1  # empty resource cell


def test_csv_errors_name_the_line() -> None:
    mapping = CsvMapping(case="CaseID", activity="Step", timestamp="When")
    with pytest.raises(EventLogError, match=r":3: unparsable timestamp"):
        read_csv(FIXTURES / "bad_timestamp.csv", mapping)
    with pytest.raises(EventLogError, match="not in header"):
        read_csv(FIXTURES / "bad_timestamp.csv", CsvMapping("Case", "Step", "When"))


def test_read_log_dispatches_on_suffix() -> None:
    log = read_log(
        FIXTURES / "small_log.csv",
        case_column="CaseID",
        activity_column="Step",
        timestamp_column="When",
    )
    assert log.n_events == 6


def _traces() -> list[tuple[str, list[Event]]]:
    t0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    out = []
    for i in range(3):
        events = [
            Event("Aanvraag ontvangen", t0.replace(day=1 + i), "complete", "loket", {"n": i}),
            Event("Besluit & <brief>", t0.replace(day=5 + i), "complete", None, {}),
        ]
        out.append((f"case-{i}", events))
    return out


def test_writer_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "out.xes.gz"
    assert write_xes(path, _traces()) == 3
    traces = list(iter_xes(path))
    assert [t.case_id for t in traces] == ["case-0", "case-1", "case-2"]
    assert traces[1].events[1].activity == "Besluit & <brief>"
    assert traces[2].events[0].attributes == {"n": 2}
    assert traces[0].events[0].timestamp == datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def test_pm4py_reads_what_we_write(tmp_path: Path) -> None:
    pm4py = pytest.importorskip("pm4py")  # AGPL: a test-only dependency
    path = tmp_path / "out.xes"
    write_xes(path, _traces())
    df = pm4py.read_xes(str(path))
    assert len(df) == 6
    assert set(df["case:concept:name"]) == {"case-0", "case-1", "case-2"}
    assert "Besluit & <brief>" in set(df["concept:name"])


def _csv(tmp_path: Path, *stamps: str) -> Path:
    p = tmp_path / "log.csv"
    rows = [f"c{i // 2},step{i % 2},{ts}" for i, ts in enumerate(stamps)]
    p.write_text("case,activity,when\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return p


MAPPING = CsvMapping(case="case", activity="activity", timestamp="when")


def test_csv_day_first_dates_are_read_day_first_when_the_file_shows_it(tmp_path: Path) -> None:
    # 13-01-2010 can only be 13 January, so 01-02-2010 in the same file is 1 February.
    log = read_csv(_csv(tmp_path, "01-02-2010 08:00", "13-01-2010 09:30"), MAPPING)
    assert sorted(log.timestamp.tolist()) == [
        datetime(2010, 1, 13, 9, 30, tzinfo=UTC).timestamp(),
        datetime(2010, 2, 1, 8, 0, tzinfo=UTC).timestamp(),
    ]


def test_csv_month_first_dates_are_read_month_first_when_the_file_shows_it(
    tmp_path: Path,
) -> None:
    log = read_csv(_csv(tmp_path, "01/02/2010 8:00 AM", "01/13/2010 9:30 AM"), MAPPING)
    assert log.timestamp[0] == datetime(2010, 1, 2, 8, 0, tzinfo=UTC).timestamp()


def test_csv_year_first_dates_are_never_turned_around(tmp_path: Path) -> None:
    log = read_csv(_csv(tmp_path, "2010/01/02 08:40:25.000", "13-01-2010 09:00"), MAPPING)
    assert datetime(2010, 1, 2, 8, 40, 25, tzinfo=UTC).timestamp() in log.timestamp.tolist()


def test_csv_dates_that_could_be_either_order_get_a_clear_error(tmp_path: Path) -> None:
    path = _csv(tmp_path, "01-02-2010 08:00", "03-04-2010 09:30")
    with pytest.raises(EventLogError, match=r":2: dates in column 'when' could be day-month"):
        read_csv(path, MAPPING)
    # The way out the message names: an explicit format.
    fixed = CsvMapping(
        case="case", activity="activity", timestamp="when", timestamp_format="%d-%m-%Y %H:%M"
    )
    assert read_csv(path, fixed).timestamp[0] == datetime(2010, 2, 1, 8, tzinfo=UTC).timestamp()


def test_csv_mixing_day_first_and_month_first_is_an_error(tmp_path: Path) -> None:
    path = _csv(tmp_path, "13-01-2010 08:00", "01-13-2010 09:30")
    with pytest.raises(EventLogError, match="mixes day-first"):
        read_csv(path, MAPPING)
