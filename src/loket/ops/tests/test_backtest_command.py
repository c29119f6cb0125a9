"""End to end: ``loket forecast backtest`` on the real wabo_receipt log meets the targets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

REPO = Path(__file__).resolve().parents[4]
WABO = REPO.parent / "shared" / "data" / "wabo_receipt.xes.gz"


@pytest.fixture(scope="module")
def wabo_result(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not WABO.exists():
        pytest.skip(f"{WABO} not found: the shared event logs live in ../shared/data")
    out = tmp_path_factory.mktemp("backtest") / "wabo.json"
    call_command("forecast", "backtest", str(WABO), "--json", str(out))
    result: dict[str, Any] = json.loads(out.read_text())
    return result


@pytest.mark.slow
def test_backtest_wabo_receipt_protocol_and_mae(wabo_result: dict[str, Any]) -> None:
    r = wabo_result
    assert r["test_cases"] == 264
    assert r["test_prefixes"] == 1097
    assert r["baseline_median_mae_days"] == pytest.approx(1.49, abs=0.005)  # README figure
    assert r["mae_days"] <= r["baseline_median_mae_days"]
    assert r["mae_days"] <= 1.46  # best published (PGTNet)
    assert 0.75 <= r["coverage_80"] <= 0.85  # the known coverage miss must stay small
    for key in ("mean_width_80_days", "mae_by_k", "uscis_p80_days", "timing_s"):
        assert key in r
    low, high = r["coverage_80_ci90"]
    assert low <= r["coverage_80"] <= high  # the case bootstrap brackets the estimate
    assert r["below_80"] + r["coverage_80"] + r["above_80"] == pytest.approx(1.0)


@pytest.mark.slow
@pytest.mark.xfail(
    reason="known miss: wabo_receipt 80% coverage is 0.836 (target 0.77-0.83); see "
    "BENCHMARKS.md 'Forecasting backtests'",
    strict=True,  # once the coverage is inside the band this fails: then drop the mark
)
def test_backtest_wabo_receipt_coverage_target(wabo_result: dict[str, Any]) -> None:
    assert 0.77 <= wabo_result["coverage_80"] <= 0.83


@pytest.mark.slow
def test_backtest_wabo_receipt_as_deployed(wabo_result: dict[str, Any]) -> None:
    """The as-deployed replay (issue 12): same test prefixes as the static protocol, the
    figures it must report, and a coverage near 80% (BENCHMARKS.md "As deployed": 0.763,
    case bootstrap 0.72-0.81, 264 test cases)."""
    d = wabo_result["deployed"]
    for key in (
        "mae_days",
        "coverage_80",
        "coverage_80_ci90",
        "mean_width_80_days",
        "test_prefixes",
        "below_80",
        "above_80",
        "trainings",
        "final_shifts",
    ):
        assert key in d
    assert d["test_prefixes"] == wabo_result["test_prefixes"]
    assert d["trainings"] >= 2  # retrained during the walk
    assert 0.72 <= d["coverage_80"] <= 0.88
    low, high = d["coverage_80_ci90"]
    assert low <= d["coverage_80"] <= high
    assert d["below_80"] + d["coverage_80"] + d["above_80"] == pytest.approx(1.0)
    assert d["mae_days"] <= wabo_result["baseline_median_mae_days"]  # the static per-k median
    assert 0 < d["mean_width_80_days"] < 10


def test_backtest_reports_a_bad_file(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.xes"
    bad.write_text("<log><trace></log>")
    with pytest.raises(CommandError, match="not well-formed"):
        call_command("forecast", "backtest", str(bad))


def test_the_command_needs_both_sides_and_names_a_wrong_activity(tmp_path: Path) -> None:
    log = tmp_path / "loans.csv"
    lines = ["case,activity,at"]
    for i in range(40):
        for j, act in enumerate(("apply", "check", "approve" if i % 2 else "decline", "close")):
            lines.append(f"c{i},{act},2026-01-{1 + (i % 20):02d}T{8 + j}:00:00+00:00")
    log.write_text("\n".join(lines) + "\n")
    mapping = ["--case-column", "case", "--activity-column", "activity", "--timestamp-column", "at"]
    with pytest.raises(CommandError, match="needs both --positive-activity and --negative"):
        call_command("forecast", "backtest", str(log), *mapping, "--positive-activity", "approve")
    with pytest.raises(CommandError, match="no activity called 'granted'"):
        call_command(
            "forecast",
            "backtest",
            str(log),
            *mapping,
            "--positive-activity",
            "granted",
            "--negative-activity",
            "decline",
        )
