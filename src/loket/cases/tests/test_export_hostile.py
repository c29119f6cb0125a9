"""Exports stay safe with hostile text in the database (D7, D10): stored before the reference
rule, or written past it. The XES export never breaks on a control character, and no CSV
cell reaches a spreadsheet as a formula."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from loket.cases.csvformat import neutralise_cell
from loket.cases.models import Case
from loket.lib.eventlogs import iter_xes

from .conftest import CsvFile

pytestmark = pytest.mark.django_db

EVENTS = """
case,product,kind,at,days,outcome,stage
F1,study,received,2026-03-02,,,
F2,study,received,2026-03-03,,,
F3,study,received,2026-03-04,,,
F4,study,received,2026-03-05,,,
"""


def _rename(old: str, new: str) -> None:
    Case.objects.filter(reference=old).update(reference=new)


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x")', "+31 6", "-2+3", "@SUM(A1)"])
def test_the_case_and_event_csv_exports_neutralise_formulas(
    csv_file: CsvFile, formula: str
) -> None:
    call_command("import", str(csv_file(EVENTS)), stdout=StringIO())
    _rename("F1", formula)
    for target in ("cases", "events"):
        out = StringIO()
        call_command("export", target, format="csv", stdout=out)
        cells = [cell for row in csv.reader(StringIO(out.getvalue())) for cell in row]
        assert f"'{formula}" in cells
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_a_harmless_cell_is_unchanged() -> None:
    assert neutralise_cell("S2026-KM-000960") == "S2026-KM-000960"
    assert neutralise_cell("") == ""
    assert neutralise_cell("\tx") == "'\tx"


def test_the_xes_export_survives_control_characters(csv_file: CsvFile, tmp_path: Path) -> None:
    call_command("import", str(csv_file(EVENTS)), stdout=StringIO())
    _rename("F2", "F\x01\x1b[2")
    if connection.vendor != "postgresql":  # PostgreSQL cannot store a NUL at all
        _rename("F3", "F\x003")
    out = tmp_path / "events.xes"
    call_command("export", "events", format="xes", output=str(out))
    ids = {trace.case_id for trace in iter_xes(out)}
    assert "F\ufffd\ufffd[2" in ids
    assert len(ids) == 4
