from __future__ import annotations

from pathlib import Path

import pytest

from loket.lib.eventlogs.csvlog import CsvMapping
from loket.lib.eventlogs.errors import EventLogError
from loket.processlogs.models import ProcessEvent, ProcessLog
from loket.processlogs.services import process_log_import

pytestmark = pytest.mark.django_db

SHARED_DATA = Path(__file__).resolve().parents[4].parent / "shared" / "data"
RUNNING_EXAMPLE = SHARED_DATA / "running_example.xes"


def _requires_shared_data() -> None:
    if not RUNNING_EXAMPLE.exists():
        pytest.skip(f"shared event logs not found at {SHARED_DATA}")


def test_an_xes_log_is_imported_with_all_its_cases_and_events() -> None:
    _requires_shared_data()
    result = process_log_import(path=RUNNING_EXAMPLE)
    assert (result.cases, result.events_read, result.events_added) == (6, 42, 42)
    assert ProcessEvent.objects.filter(log__name="running_example").count() == 42


def test_importing_the_same_xes_twice_changes_nothing() -> None:
    _requires_shared_data()
    process_log_import(path=RUNNING_EXAMPLE)
    again = process_log_import(path=RUNNING_EXAMPLE)
    assert again.events_added == 0
    assert again.events_already_present == 42
    assert ProcessEvent.objects.count() == 42


def test_a_malformed_xes_is_refused_whole_and_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xes"
    bad.write_text(
        "<?xml version='1.0'?>\n<log>\n"
        '<trace><string key="concept:name" value="c1"/>\n'
        '<event><string key="concept:name" value="a"/>'
        '<date key="time:timestamp" value="2024-01-01T10:00:00+00:00"/></event>\n'
        "</trace>\n"
        '<trace><string key="concept:name" value="c2"/>\n'
        '<event><string key="concept:name" value="a"/>'
        '<date key="time:timestamp" value="not a date"/></event>\n'
        "</trace></log>\n"
    )
    with pytest.raises(EventLogError) as error:
        process_log_import(path=bad)
    assert error.value.line == 7
    assert "unparsable timestamp" in str(error.value)
    assert not ProcessLog.objects.exists()
    assert not ProcessEvent.objects.exists()


def test_a_csv_log_of_another_process_is_read_with_a_column_mapping(tmp_path: Path) -> None:
    log = tmp_path / "permits.csv"
    log.write_text(
        "dossier;step;when\n"
        "A1;submitted;2024-01-02T09:00:00+01:00\n"
        "A2;submitted;2024-01-03T09:00:00+01:00\n"
        "A1;decided;2024-02-02T09:00:00+01:00\n"
    )
    mapping = CsvMapping(case="dossier", activity="step", timestamp="when")
    result = process_log_import(path=log, mapping=mapping)
    assert (result.cases, result.events_added) == (2, 3)
    positions = list(ProcessEvent.objects.filter(case_id="A1").values_list("position", "activity"))
    assert positions == [(0, "submitted"), (1, "decided")]


def test_a_csv_without_a_mapping_gets_a_clear_error(tmp_path: Path) -> None:
    log = tmp_path / "permits.csv"
    log.write_text("a,b,c\n")
    with pytest.raises(EventLogError, match="column mapping"):
        process_log_import(path=log)


def test_loket_import_refuses_dates_of_unknown_order_until_given_the_format(
    tmp_path: Path,
) -> None:
    from django.core.management import CommandError, call_command

    p = tmp_path / "permits.csv"
    p.write_text("dossier;step;when\nD1;in;01-02-2010 08:00\nD1;out;03-04-2010 09:00\n")
    columns = ["--case-column", "dossier", "--activity-column", "step"]
    with pytest.raises(CommandError, match=r"Nothing was imported: .*--timestamp-format"):
        call_command("import", str(p), *columns, "--timestamp-column", "when")
    assert ProcessEvent.objects.count() == 0
    call_command(
        "import",
        str(p),
        *columns,
        "--timestamp-column",
        "when",
        "--timestamp-format",
        "%d-%m-%Y %H:%M",
    )
    times = sorted(ProcessEvent.objects.values_list("timestamp", flat=True))
    assert [(t.month, t.day) for t in times] == [(2, 1), (4, 3)]
