"""The reference rule and the field limits keep every real log in shared/data importable."""

from __future__ import annotations

from pathlib import Path

import pytest

from loket.cases.references import reference_problem
from loket.lib.eventlogs import iter_xes
from loket.processlogs.services import CASE_ID_MAX, LIMITS

SHARED_DATA = Path(__file__).resolve().parents[4].parent / "shared" / "data"
LOGS = sorted(SHARED_DATA.glob("*.xes*")) if SHARED_DATA.exists() else []


@pytest.mark.slow
@pytest.mark.parametrize("path", LOGS, ids=[p.name for p in LOGS])
def test_every_case_id_and_field_of_a_real_log_passes_the_import_rules(path: Path) -> None:
    cases = 0
    for trace in iter_xes(path, all_attributes=False):
        cases += 1
        assert reference_problem(trace.case_id, max_length=CASE_ID_MAX) is None, trace.case_id
        for event in trace.events:
            for field, limit in LIMITS.items():
                assert len(getattr(event, field) or "") <= limit, (trace.case_id, field)
    assert cases > 0


def test_the_shared_logs_are_there_or_the_test_says_so() -> None:
    if not LOGS:
        pytest.skip(f"shared event logs not found at {SHARED_DATA}")
    assert any(p.name == "running_example.xes" for p in LOGS)
