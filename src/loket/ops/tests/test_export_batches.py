"""The event export reads the log in batches of cases, through the (case, sequence) index,
and still writes every event once, in order (issue "National scale")."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from loket.cases.models import CaseEvent
from loket.cases.tests.conftest import write_csv
from loket.cases.tests.test_export import LEGAL_DATES, export
from loket.ops.management.commands import export as export_command

pytestmark = pytest.mark.django_db


def test_the_event_export_reads_cases_in_batches_and_keeps_every_event_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = write_csv(tmp_path, LEGAL_DATES)
    call_command("import", str(log), stdout=StringIO())
    monkeypatch.setattr(export_command, "EXPORT_CASE_BATCH", 2)  # 7 cases: 4 batches
    rows = list(csv.DictReader(StringIO(export("events", format="csv"))))
    expected = list(
        CaseEvent.objects.order_by("case_id", "sequence").values_list("case__reference", "kind")
    )
    assert [(row["case"], row["kind"]) for row in rows] == expected
