"""``loket forecast backtest`` on degenerate logs: a figure or a clear message, never a
traceback (D11: division by zero and LightGBM errors)."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

MAP = ["--case-column", "case", "--activity-column", "activity", "--timestamp-column", "at"]
START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
DAY, HOUR = dt.timedelta(days=1), dt.timedelta(hours=1)

Cases = list[tuple[str, list[tuple[str, dt.datetime]]]]


def _write(folder: Path, cases: Cases) -> Path:
    lines = ["case,activity,at"]
    lines += [
        f"{case},{activity},{at.isoformat()}" for case, events in cases for activity, at in events
    ]
    path = folder / "log.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _day(i: int) -> dt.datetime:
    return START + i * DAY


TOO_FEW: dict[str, Cases] = {
    "one case": [("c1", [("a", START), ("b", START + DAY), ("c", START + 2 * DAY)])],
    "one event per case": [(f"c{i}", [("a", _day(i))]) for i in range(50)],
    "two events per case": [(f"c{i}", [("a", _day(i)), ("b", _day(i) + HOUR)]) for i in range(50)],
    "nine cases": [
        (f"c{i}", [("a", _day(i)), ("b", _day(i) + DAY), ("c", _day(i) + 3 * DAY)])
        for i in range(9)
    ],
    "mostly short cases": [
        (f"c{i}", [("a", _day(i)), ("b", _day(i) + DAY), *([("c", _day(i) + 3 * DAY)] * (i < 4))])
        for i in range(50)
    ],
}

RUNS: dict[str, Cases] = {
    "ten cases": [
        (f"c{i}", [("a", _day(i)), ("b", _day(i) + DAY), ("c", _day(i) + 3 * DAY)])
        for i in range(10)
    ],
    "every case the same length": [
        (
            f"c{i}",
            [
                ("a", _day(i)),
                ("b", _day(i) + (i % 5 + 1) * HOUR),
                ("c", _day(i) + (i % 7 + 2) * DAY),
            ],
        )
        for i in range(40)
    ],
    "zero-duration cases": [(f"c{i}", [(a, _day(i)) for a in "abcd"]) for i in range(40)],
    "every event at one instant": [(f"c{i}", [(a, START) for a in "abc"]) for i in range(40)],
    "a single activity": [
        (f"c{i}", [("a", _day(i) + k * (i % 3 + 1) * HOUR) for k in range(4)]) for i in range(40)
    ],
    "identical cases": [
        (f"c{i}", [("a", START), ("b", START + DAY), ("c", START + 2 * DAY)]) for i in range(40)
    ],
}


@pytest.mark.parametrize("name", sorted(TOO_FEW))
def test_a_log_too_small_to_split_gets_a_message_naming_the_counts(
    tmp_path: Path, name: str
) -> None:
    path = _write(tmp_path, TOO_FEW[name])
    with pytest.raises(CommandError) as refused:
        call_command("forecast", "backtest", str(path), *MAP, stdout=StringIO())
    message = str(refused.value)
    assert message.startswith(f"{path}: the log has too few cases to split into training and test")
    assert "needs at least 10" in message


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(RUNS))
def test_a_degenerate_but_splittable_log_gives_figures(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, RUNS[name])
    out = tmp_path / "result.json"
    printed = StringIO()
    call_command("forecast", "backtest", str(path), *MAP, "--json", str(out), stdout=printed)
    result = json.loads(out.read_text())
    assert result["test_cases"] >= 1
    assert "improvement over baseline" in printed.getvalue()


def test_a_header_only_log_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("case,activity,at\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"log\.csv:1: the file has a header but no events"):
        call_command("forecast", "backtest", str(path), *MAP, stdout=StringIO())


def test_an_empty_xes_log_gets_a_message(tmp_path: Path) -> None:
    path = tmp_path / "log.xes"
    path.write_text('<?xml version="1.0"?>\n<log>\n</log>\n', encoding="utf-8")
    with pytest.raises(CommandError, match="no traces"):
        call_command("forecast", "backtest", str(path), stdout=StringIO())
