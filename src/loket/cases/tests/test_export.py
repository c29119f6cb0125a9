"""``loket export``: the case list with its legal dates, and the event log round trip."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from loket.cases.models import CaseEvent

from .conftest import CsvFile

pytestmark = pytest.mark.django_db

HEADER = "reference,product,status,stage,received_at,decision_due,decided_at,outcome"

LEGAL_DATES = """
case,product,kind,at,days,outcome,stage
SUSPENDED,knowledge-migrant,received,2026-03-02,,,
SUSPENDED,knowledge-migrant,information_requested,2026-03-10,,,
SUSPENDED,knowledge-migrant,information_received,2026-03-20,,,
EXTENDED,family,received,2026-03-02,,,
EXTENDED,family,term_extended,2026-05-01,30,,
CHRISTMAS,knowledge-migrant,received,2026-09-26,,,
KINGSDAY,study,received,2026-02-26,,,
ASYLUM,asylum,received,2026-06-05,,,
NATURAL,naturalisation,received,2025-12-25,,,
DECIDED,knowledge-migrant,received,2026-03-02,,,
DECIDED,knowledge-migrant,decided,2026-04-01T14:00,,granted,
"""


def export(*args: str, **options: Any) -> str:
    out = StringIO()
    call_command("export", *args, stdout=out, **options)
    return out.getvalue()


def test_the_case_export_header_starts_with_the_fixed_columns() -> None:
    assert export("cases", format="csv").startswith(HEADER)


def test_export_after_import_gives_the_legal_dates(csv_file: CsvFile) -> None:
    call_command("import", str(csv_file(LEGAL_DATES)), stdout=StringIO())
    rows = {row["reference"]: row for row in csv.DictReader(StringIO(export("cases")))}
    due = {reference: row["decision_due"] for reference, row in rows.items()}
    assert due == {
        "SUSPENDED": "2026-06-10",  # 31 May + 10 days waiting for the client
        "EXTENDED": "2026-06-30",  # 31 May + 30 days extension
        "CHRISTMAS": "2026-12-28",  # Friday 25 Dec, Sat, Sun: Monday 28th
        "KINGSDAY": "2026-04-28",  # 60 days ends on King's Day, Monday 27 April
        "ASYLUM": "2026-12-07",  # six months ends Saturday 5 December
        "NATURAL": "2026-12-28",  # one year ends on Christmas Day
        "DECIDED": "2026-06-01",  # a decided case keeps its legal date
    }
    assert rows["DECIDED"]["decided_at"] == "2026-04-01T14:00:00+02:00"
    assert rows["DECIDED"]["outcome"] == "granted"
    assert rows["ASYLUM"]["stage"] == "registration"


def test_the_event_csv_export_imports_back_as_already_present(csv_file: CsvFile) -> None:
    call_command("import", str(csv_file(LEGAL_DATES)), stdout=StringIO())
    exported = csv_file(export("events", format="csv"), "exported.csv")
    out = StringIO()
    call_command("import", str(exported), stdout=out)
    assert f"0 event(s) added, {CaseEvent.objects.count()} event(s) already present" in (
        out.getvalue()
    )


def test_the_event_log_exports_as_xes(csv_file: CsvFile, tmp_path: Path) -> None:
    call_command("import", str(csv_file(LEGAL_DATES)), stdout=StringIO())
    target = tmp_path / "events.xes"
    export("events", format="xes", output=str(target))
    text = target.read_text(encoding="utf-8")
    assert text.count("<trace>") == 7
    assert 'value="information_requested"' in text


def test_cases_cannot_be_exported_as_xes() -> None:
    with pytest.raises(CommandError, match="csv, not xes"):
        export("cases", format="xes")


def test_the_exported_event_log_is_read_by_pm4py(csv_file: CsvFile, tmp_path: Path) -> None:
    pm4py = pytest.importorskip("pm4py", reason="PM4Py (AGPL, test-only) is not installed")
    call_command("import", str(csv_file(LEGAL_DATES)), stdout=StringIO())
    target = tmp_path / "loket.xes"
    export("events", format="xes", output=str(target))
    frame = pm4py.read_xes(str(target))
    assert frame["case:concept:name"].nunique() == 7
    assert len(frame) == CaseEvent.objects.count()
    assert set(frame["concept:name"]) >= {"received", "information_requested", "decided"}


def test_each_export_is_in_the_processing_log() -> None:
    from loket.audit.models import ProcessingRecord

    call_command("export", "cases", "--format", "csv", stdout=StringIO())
    record = ProcessingRecord.objects.get()
    assert (record.activity, record.operation, record.actor_kind) == ("export", "export", "system")
    assert (record.object_type, record.object_ref, record.subject_id) == ("cases", "*", "")
    assert record.detail == "format csv, to standard output"


def test_the_xes_export_streams_to_standard_output(
    csv_file: CsvFile, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    call_command("import", str(csv_file(LEGAL_DATES)), stdout=StringIO())
    call_command("export", "events", format="xes")
    written = capsysbinary.readouterr().out
    assert written.startswith(b"<?xml")
    assert written.count(b"<trace>") == 7
    assert written.rstrip().endswith(b"</log>")
