"""End to end: ``loket forecast backtest`` on the real wabo_receipt log meets the targets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parents[4]
WABO = REPO.parent / "shared" / "data" / "wabo_receipt.xes.gz"


@pytest.mark.slow
def test_backtest_wabo_receipt_meets_targets(tmp_path: Path) -> None:
    if not WABO.exists():
        pytest.skip(f"{WABO} not found: the shared event logs live in ../shared/data")
    out = tmp_path / "wabo.json"
    call_command("forecast", "backtest", str(WABO), "--json", str(out))
    result = json.loads(out.read_text())
    assert result["test_cases"] == 264
    assert result["test_prefixes"] == 1097
    assert result["baseline_median_mae_days"] == pytest.approx(1.49, abs=0.005)
    assert result["mae_days"] <= result["baseline_median_mae_days"]
    assert 0.77 <= result["coverage_80"] <= 0.83
    for key in ("mean_width_80_days", "mae_by_k", "uscis_p80_days", "timing_s"):
        assert key in result


def test_backtest_reports_a_bad_file(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.xes"
    bad.write_text("<log><trace></log>")
    with pytest.raises(CommandError, match="not well-formed"):
        call_command("forecast", "backtest", str(bad))
