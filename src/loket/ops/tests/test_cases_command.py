"""``loket cases verify``: exit 0 and one line when every case agrees with its events, exit 1
with the differing references otherwise."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from loket.cases.models import Case
from loket.cases.services import case_create
from loket.kernel.time import AMSTERDAM

pytestmark = pytest.mark.django_db


def _cases(count: int) -> None:
    for n in range(1, count + 1):
        received = dt.datetime(2026, 5, n, 9, tzinfo=AMSTERDAM)
        case_create(reference=f"C-{n}", product="study", received_at=received, source="staff")


def _verify(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("cases", "verify", *args, stdout=out)
    except SystemExit as stop:
        return int(stop.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_a_clean_database_gives_one_line_and_exit_0() -> None:
    _cases(3)
    code, output = _verify("--no-progress")
    assert (code, output) == (0, "All 3 cases agree with a replay of their events.\n")


def test_the_progress_bar_counts_the_cases() -> None:
    _cases(3)
    code, output = _verify("--batch-size", "2")
    assert code == 0
    assert "Replaying cases" in output
    assert "3/3" in output


def test_tampered_cases_give_exit_1_and_the_first_references() -> None:
    _cases(4)
    Case.objects.exclude(reference="C-1").update(decision_due=dt.date(2030, 1, 1))
    code, output = _verify("--no-progress", "--limit", "2")
    assert code == 1
    lines = output.splitlines()
    assert lines[0] == "3 of 4 cases differ from a replay of their events (the first 2 listed):"
    assert lines[1].startswith("  C-2: decision_due stored 2030-01-01, replay 2026-07-")
    assert lines[2].startswith("  C-3: ")
    assert len(lines) == 3


def test_a_limit_below_1_is_refused() -> None:
    with pytest.raises(CommandError, match="at least 1"):
        call_command("cases", "verify", "--limit", "0")
