"""Turn a simulator CSV (``loket simulate --csv``) into the log the product forecasts on.

The product predicts the time to the *decision*, so each case is cut at its ``decided``
event, and cases that never got one (still open, or withdrawn) are left out, as
``loket.forecasts.logs`` does with the live database. Activities carry the product on the
first event and the stage code on stage events, as the live labels do.

    uv run python benchmarks/simulated_decisions_log.py sim.csv decisions.csv
    uv run loket forecast backtest decisions.csv --case-column case \
        --activity-column activity --timestamp-column at \
        --positive-activity decided:granted --negative-activity decided:refused
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path


def main(source: Path, target: Path) -> None:
    cases: dict[str, list[dict[str, str]]] = defaultdict(list)
    with source.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            cases[row["case"]].append(row)
    kept = 0
    with target.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["case", "activity", "at"])
        for case, rows in cases.items():
            kinds = [r["kind"] for r in rows]
            if "decided" not in kinds:
                continue
            kept += 1
            for row in rows[: kinds.index("decided") + 1]:
                if row["kind"] == "received":
                    activity = f"received:{row['product']}"
                elif row["kind"] == "stage_entered":
                    activity = f"stage:{row['stage']}"
                elif row["kind"] == "decided":
                    activity = f"decided:{row['outcome']}"  # the outcome backtest's label
                else:
                    activity = row["kind"]
                writer.writerow([case, activity, row["at"]])
    print(f"{kept} decided cases written to {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
