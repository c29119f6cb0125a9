"""Turn backtest JSON files into the BENCHMARKS.md table (``python -m loket.lib.backtests.report``).

The published figures are the best hold-out MAE per log from the PGTNet results table
(shared/data/README.md), so every row shows where Loket stands against the literature.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

COVERAGE_BAND = (0.77, 0.83)

PUBLISHED_BEST: dict[str, tuple[float, str]] = {
    "wabo_receipt": (1.46, "PGTNet"),
    "helpdesk": (4.80, "GGNN"),
    "bpic2012": (5.49, "PGTNet"),
    "bpic2012_a": (5.71, "PGTNet"),
    "bpic2012_o": (6.14, "PGTNet"),
    "bpic2012_w": (5.86, "PGTNet"),
    "bpic2013_incidents": (2.39, "PGTNet"),
    "bpic2013_closed_problems": (16.03, "DALSTM"),
    "sepsis": (15.71, "DALSTM"),
}


def _row(r: dict[str, Any]) -> str:
    name = r["log_name"].removesuffix(".gz").removesuffix(".xes")
    pub = PUBLISHED_BEST.get(name)
    gain = 1 - r["mae_days"] / r["baseline_median_mae_days"]
    cov_ok = COVERAGE_BAND[0] <= r["coverage_80"] <= COVERAGE_BAND[1]
    ci: list[float] | None = r.get("coverage_80_ci90")
    # A miss whose case-bootstrap interval still reaches into the band is within noise.
    noise = ci is not None and ci[0] <= COVERAGE_BAND[1] and ci[1] >= COVERAGE_BAND[0]
    checks = []
    checks.append("≤ base" if r["mae_days"] <= r["baseline_median_mae_days"] else "**> base**")
    if pub:
        checks.append("≤ pub" if r["mae_days"] <= pub[0] else "> pub")
    checks.append(
        "cov ok" if cov_ok else ("**cov miss** (within noise)" if noise else "**cov miss**")
    )
    cov = f"{r['coverage_80']:.3f}"
    if ci:
        cov += f" ({ci[0]:.2f}-{ci[1]:.2f})"
    return (
        f"| {name} | {r['test_cases']:,} / {r['test_prefixes']:,} | **{r['mae_days']:.2f}** | "
        f"{r['baseline_median_mae_days']:.2f} | {gain:+.0%} | "
        f"{f'{pub[0]:.2f} ({pub[1]})' if pub else '—'} | {cov} | "
        f"{r['baseline_coverage_80']:.3f} | {r['mean_width_80_days']:.1f} | {r['blend']:.2f} | "
        f"{r['timing_s']['total']:.0f} | {', '.join(checks)} |"
    )


def markdown(results: list[dict[str, Any]]) -> str:
    head = (
        "| log | test cases / prefixes | MAE (d) | per-k median MAE (d) | gain | best published "
        "MAE (d) | coverage 80 (90% case bootstrap) | naive per-k coverage | mean width 80 (d) | blend | time (s) | "
        "targets |\n|---|---|---|---|---|---|---|---|---|---|---|---|"
    )
    return "\n".join([head, *(_row(r) for r in results)])


def main(argv: list[str] | None = None) -> None:
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    results = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    sys.stdout.write(markdown(results) + "\n")


if __name__ == "__main__":
    main()
