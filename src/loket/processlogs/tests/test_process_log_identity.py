"""A process log is known by its content (D8): a corrected file under the same name is a new
version, reported as such; the same content under another name or path changes nothing."""

from __future__ import annotations

import gzip
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from loket.lib.eventlogs.csvlog import CsvMapping
from loket.lib.eventlogs.errors import EventLogError
from loket.processlogs.models import ProcessEvent, ProcessLog
from loket.processlogs.services import ImportOutcome, process_log_import

pytestmark = pytest.mark.django_db

FIRST = "dossier;step;when\nA1;submitted;2024-01-02T09:00:00+01:00\nA1;decided;2024-02-02T09:00\n"
# The same export, corrected: A1 was decided on another day, and A2 was missing.
CORRECTED = (
    "dossier;step;when\nA1;submitted;2024-01-02T09:00:00+01:00\nA1;decided;2024-02-09T09:00\n"
    "A2;submitted;2024-01-05T10:00\n"
)
MAPPING = CsvMapping(case="dossier", activity="step", timestamp="when")


def _file(folder: Path, text: str, name: str = "permits.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_corrected_file_with_the_same_name_replaces_the_log_as_its_next_version(
    tmp_path: Path,
) -> None:
    first = process_log_import(path=_file(tmp_path / "monday", FIRST), mapping=MAPPING)
    assert first.outcome == ImportOutcome.CREATED
    again = process_log_import(path=_file(tmp_path / "tuesday", CORRECTED), mapping=MAPPING)
    assert again.outcome == ImportOutcome.REPLACED
    assert (again.replaced_version, again.log.version) == (1, 2)
    assert again.replaced_sha256 == first.log.content_sha256 != again.log.content_sha256
    assert again.replaced_source.endswith("monday/permits.csv")
    log = ProcessLog.objects.get()
    assert log.source_file.endswith("tuesday/permits.csv")
    days = sorted(
        (case, at.day) for case, at in ProcessEvent.objects.values_list("case_id", "timestamp")
    )
    assert days == [("A1", 2), ("A1", 9), ("A2", 5)]  # the corrected content, nothing old


def test_the_same_content_from_another_path_changes_nothing_not_even_the_path(
    tmp_path: Path,
) -> None:
    process_log_import(path=_file(tmp_path / "a", FIRST), mapping=MAPPING)
    again = process_log_import(path=_file(tmp_path / "b", FIRST), mapping=MAPPING)
    assert again.outcome == ImportOutcome.ALREADY_PRESENT
    assert again.events_added == 0
    assert again.events_already_present == 2
    assert ProcessLog.objects.get().source_file.endswith("a/permits.csv")


def test_the_same_content_under_another_name_is_recognised(tmp_path: Path) -> None:
    process_log_import(path=_file(tmp_path, FIRST), mapping=MAPPING)
    other = process_log_import(
        path=_file(tmp_path, FIRST, "copy.csv"), mapping=MAPPING, name="permits-copy"
    )
    assert other.outcome == ImportOutcome.ALREADY_PRESENT
    assert other.log.name == "permits"
    assert list(ProcessLog.objects.values_list("name", flat=True)) == ["permits"]


def test_a_compressed_copy_is_the_same_content(tmp_path: Path) -> None:
    process_log_import(path=_file(tmp_path, FIRST), mapping=MAPPING)
    packed = tmp_path / "permits.csv.gz"
    packed.write_bytes(gzip.compress(FIRST.encode()))
    assert process_log_import(path=packed, mapping=MAPPING).outcome == ImportOutcome.ALREADY_PRESENT


def test_another_column_mapping_of_the_same_file_is_other_content(tmp_path: Path) -> None:
    path = _file(tmp_path, FIRST)
    process_log_import(path=path, mapping=MAPPING)
    swapped = CsvMapping(case="step", activity="dossier", timestamp="when")
    result = process_log_import(path=path, mapping=swapped, name="by-step")
    assert result.outcome == ImportOutcome.CREATED


def test_a_refused_correction_leaves_the_stored_version_as_it_was(tmp_path: Path) -> None:
    process_log_import(path=_file(tmp_path / "a", FIRST), mapping=MAPPING)
    broken = _file(tmp_path / "b", FIRST + "A/3;submitted;2024-01-05T10:00\n")
    with pytest.raises(EventLogError, match="'/'"):
        process_log_import(path=broken, mapping=MAPPING)
    log = ProcessLog.objects.get()
    assert (log.version, ProcessEvent.objects.count()) == (1, 2)
    assert log.source_file.endswith("a/permits.csv")


def test_loket_import_says_which_of_the_three_happened(tmp_path: Path) -> None:
    columns = [
        "--case-column",
        "dossier",
        "--activity-column",
        "step",
        "--timestamp-column",
        "when",
    ]

    def run(path: Path) -> str:
        out = StringIO()
        call_command("import", str(path), *columns, stdout=out)
        return out.getvalue()

    assert "stored (version 1" in run(_file(tmp_path / "a", FIRST))
    assert "already present as log 'permits'" in run(_file(tmp_path / "b", FIRST))
    replaced = run(_file(tmp_path / "c", CORRECTED))
    assert "REPLACED" in replaced
    assert "version 1" in replaced
    assert "now version 2" in replaced
