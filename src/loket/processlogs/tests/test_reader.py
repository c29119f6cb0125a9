"""Imported process logs are read back: the same log as the file, for staff and commands only."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from loket.kernel.actors import ANONYMOUS, system_actor
from loket.lib.eventlogs import read_log
from loket.lib.eventlogs.csvlog import CsvMapping
from loket.processlogs.models import ProcessLog
from loket.processlogs.selectors import process_log_event_log, process_log_names
from loket.processlogs.services import process_log_import

pytestmark = pytest.mark.django_db

OPERATOR = system_actor("test")


def permits_csv(folder: Path, cases: int = 40) -> Path:
    """A small permit process: submitted, (sometimes) more information, decided."""
    start = dt.datetime(2024, 1, 1, 9, tzinfo=dt.UTC)
    lines = ["dossier;step;when;who"]
    for i in range(cases):
        t0 = start + dt.timedelta(days=i)
        steps = [("submitted", 0), ("checked", 2 + i % 5)]
        if i % 3 == 0:
            steps.append(("information asked", 6 + i % 4))
        steps.append(("decided", 20 + (i * 7) % 30))
        lines += [
            f"P{i};{step};{(t0 + dt.timedelta(days=d)).isoformat()};clerk{i % 3}"
            for step, d in steps
        ]
    path = folder / "permits.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


MAPPING = CsvMapping(case="dossier", activity="step", timestamp="when", resource="who")


def test_a_stored_log_reads_back_as_the_file_reads(tmp_path: Path) -> None:
    path = permits_csv(tmp_path)
    process_log_import(path=path, mapping=MAPPING)
    stored = process_log_event_log(actor=OPERATOR, name="permits")
    direct = read_log(
        path,
        case_column="dossier",
        activity_column="step",
        timestamp_column="when",
        resource_column="who",
    )
    assert (stored.n_cases, stored.n_events) == (direct.n_cases, direct.n_events) == (40, 134)
    assert dict(stored.traces()) == dict(direct.traces())
    assert np.array_equal(np.sort(stored.timestamp), np.sort(direct.timestamp))


def test_a_stored_log_is_not_readable_outside_the_back_office(tmp_path: Path) -> None:
    process_log_import(path=permits_csv(tmp_path, cases=3), mapping=MAPPING)
    assert process_log_names(actor=OPERATOR) == ["permits"]
    assert process_log_names(actor=ANONYMOUS) == []
    with pytest.raises(ProcessLog.DoesNotExist):
        process_log_event_log(actor=ANONYMOUS, name="permits")


@pytest.mark.slow
def test_the_backtest_runs_on_a_stored_log(tmp_path: Path) -> None:
    process_log_import(path=permits_csv(tmp_path), mapping=MAPPING)
    out = StringIO()
    call_command("forecast", "backtest", "--process-log", "permits", stdout=out)
    assert "read 40 cases / 134 events" in out.getvalue()


def test_the_backtest_names_the_stored_logs_when_the_name_is_wrong(tmp_path: Path) -> None:
    process_log_import(path=permits_csv(tmp_path, cases=3), mapping=MAPPING)
    with pytest.raises(CommandError, match=r"No stored process log named 'permit'.*permits"):
        call_command("forecast", "backtest", "--process-log", "permit", stdout=StringIO())


def test_the_backtest_needs_a_file_or_a_stored_log_but_not_both() -> None:
    with pytest.raises(CommandError, match="Give one log"):
        call_command("forecast", "backtest", stdout=StringIO())
    with pytest.raises(CommandError, match="Give one log"):
        call_command("forecast", "backtest", "x.xes", "--process-log", "x", stdout=StringIO())
