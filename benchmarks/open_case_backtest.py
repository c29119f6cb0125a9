"""What applicants would have seen: forecasts for the cases open on a cut-off day, checked
against when those cases were really decided.

The protocol backtest (``loket forecast backtest``) scores *completed* cases only, because a
public log holds nothing else. The product forecasts *open* cases, whose long waits are
exactly the ones a log of completed cases lacks. The simulator can show both: it runs on
past the cut-off, so every case open at the cut has a known decision day (or is still open
at the end of the run: censored). At the cut this script builds the log the product builds
(``loket.forecasts.logs``: decided cases cut at their decision, open cases with their
events so far, the first event labelled product and track), trains as ``forecasts_refresh``
does, turns the forecasts into windows from the cut day as the case page does
(``windows_from_now``), applies the open-case correction learned from past days
(``open_case_correction``, unless ``--no-correction``), and scores the windows.

    loket simulate --days 730 --seed 7 --scale 0.05 --now 2027-11-22T07:00:00+01:00 \\
        --csv long.csv --facts-csv long_facts.csv --dry-run
    uv run python benchmarks/open_case_backtest.py long.csv long_facts.csv \\
        --cut 2026-11-22T07:00:00+01:00 [--no-correction] [--json out.json]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import django
import numpy as np

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
django.setup()

from loket.forecasts.logs import ServiceLog, event_label  # noqa: E402
from loket.forecasts.services import new_application_log, time_model_train  # noqa: E402
from loket.lib.eventlogs.model import EventLogBuilder  # noqa: E402
from loket.lib.forecasting import engine  # noqa: E402
from loket.lib.forecasting.features import ProcessState  # noqa: E402
from loket.lib.forecasting.windows import (  # noqa: E402
    OpenCaseCorrection,
    open_case_correction,
    windows_from_now,
)

DAY = 86_400.0
Events = dict[str, list[tuple[float, dict[str, str]]]]


def service_log_at(cases: Events, track: dict[str, str], moment: float) -> ServiceLog:
    """The service log as ``loket.forecasts.logs`` would have read it at ``moment``."""
    decided, open_ = EventLogBuilder(), EventLogBuilder()
    outcomes: dict[str, str] = {}
    for ref, events in cases.items():
        before = [(t, r) for t, r in events if t <= moment]
        if not before or any(r["kind"] == "withdrawn" for _, r in before):
            continue
        builder = decided if any(r["kind"] == "decided" for _, r in before) else open_
        for t, r in before:
            builder.add_event(
                ref, event_label(r["kind"], r["stage"], product=r["product"], track=track[ref]), t
            )
            if r["kind"] == "decided":
                outcomes[ref] = r["outcome"]
                break
    return ServiceLog(
        decided=decided.build(),
        open=open_.build(),
        open_case_pks=[],
        decided_outcomes=outcomes,
    )


def _new_applications(  # noqa: PLR0917 - a script's helper, called once
    cases: Events,
    track: dict[str, str],
    cut: float,
    end_of_run: float,
    model: engine.ForecastModel,
    state: ProcessState,
    correction: OpenCaseCorrection | None,
) -> dict[str, object]:
    """The processing-times forecast ("if you apply today") made at the cut, per product,
    against the applications received in the 14 days after it."""
    windows: dict[str, tuple[float, float, float]] = {}
    raw: dict[str, tuple[float, float, float]] = {}
    truth: list[tuple[str, float]] = []
    for events in cases.values():
        received, first = events[0]
        if not (cut < received <= cut + 14 * DAY):
            continue
        ends = [(t, r["kind"]) for t, r in events if r["kind"] in ("decided", "withdrawn")]
        if ends and ends[0][1] == "withdrawn":
            continue
        product = first["product"]
        truth.append((product, (ends[0][0] - received) / DAY if ends else float("inf")))
        if product not in raw:
            f = engine.predict(model, new_application_log(product, cut), state=state)
            raw[product] = (float(f.lo80[0]), float(f.median[0]), float(f.hi80[0]))
            if correction is not None:
                lo, med, hi = correction.apply_new(f.lo80, f.median, f.hi80)
                windows[product] = (float(lo[0]), float(med[0]), float(hi[0]))
    result: dict[str, object] = {"applications": len(truth)}
    for name, table in (("raw", raw), ("corrected", windows)):
        if not table:
            continue
        inside = [
            table[p][0] <= d <= table[p][2]
            for p, d in truth
            if np.isfinite(d) or table[p][2] < (end_of_run - cut) / DAY
        ]
        by_median = [d <= table[p][1] for p, d in truth]
        result[name] = {
            "coverage_80": float(np.mean(inside)),
            "before_80": float(np.mean([d < table[p][0] for p, d in truth])),
            "share_decided_by_median": float(np.mean(by_median)),
        }
    return result


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("events", type=Path)
    parser.add_argument("facts", type=Path)
    parser.add_argument("--cut", required=True, type=dt.datetime.fromisoformat)
    parser.add_argument("--no-correction", action="store_true")
    parser.add_argument("--days-back", default=None, help="snapshot ages, e.g. 60,120,180")
    parser.add_argument("--min-history-ratio", type=float, default=None)
    parser.add_argument("--no-median-shift", action="store_true", help="variant: bounds only")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    cut = args.cut.timestamp()
    with args.facts.open(newline="", encoding="utf-8") as fh:
        track = {row["reference"]: row["track"] for row in csv.DictReader(fh)}
    cases: Events = defaultdict(list)
    with args.events.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            cases[row["case"]].append((dt.datetime.fromisoformat(row["at"]).timestamp(), row))
    for events in cases.values():
        events.sort(key=lambda e: e[0])
    end_of_run = max(t for events in cases.values() for t, _ in events)

    log = service_log_at(cases, track, cut)
    state = ProcessState.from_logs(log.decided, log.open)
    model = time_model_train(log.decided, state)
    forecast = engine.predict(model, log.open, state=state)
    lower, median, upper = windows_from_now(forecast, log, cut)
    correction = None
    if not args.no_correction:
        correction = open_case_correction(
            log_at=lambda moment: service_log_at(cases, track, moment.timestamp()),
            now_log=log,
            now=args.cut,
            train=time_model_train,
            new_application_log=new_application_log,
            progress=lambda msg: print(msg, file=sys.stderr),
            **(
                {"days_back": tuple(int(d) for d in args.days_back.split(","))}
                if args.days_back
                else {}
            ),
            **(
                {"min_history_ratio": args.min_history_ratio}
                if args.min_history_ratio is not None
                else {}
            ),
        )
        if correction is not None and args.no_median_shift:
            correction = dataclasses.replace(correction, median=0.0)
        if correction is not None:
            lower, median, upper = correction.apply(lower, median, upper)

    # Truth: days from the cut to the decision; inf while still open at the end of the run;
    # cases withdrawn after the cut are left out (no decision to forecast).
    truth = []
    keep = []
    for i, ref in enumerate(log.open.case_ids):
        after = [
            (t, r["kind"])
            for t, r in cases[ref]
            if t > cut and r["kind"] in ("decided", "withdrawn")
        ]
        if after and after[0][1] == "withdrawn":
            continue
        keep.append(i)
        truth.append((after[0][0] - cut) / DAY if after else float("inf"))
    idx = np.array(keep)
    y = np.array(truth)
    lo, med, hi = lower[idx], median[idx], upper[idx]
    seen = np.isfinite(y)
    censor = (end_of_run - cut) / DAY
    above = np.where(seen, y > hi, hi < censor)
    judged = seen | (hi < censor)
    inside = seen & (y >= lo) & (y <= hi)
    out = {
        "cut": args.cut.isoformat(),
        "correction": correction.as_json() if correction is not None else None,
        "decided_by_cut": log.decided.n_cases,
        "open_at_cut": log.open.n_cases,
        "decided_later": int(seen.sum()),
        "still_open_at_end": int((~seen).sum()),
        "coverage_80": float(inside[judged].mean()),
        "below_80": float((seen & (y < lo))[judged].mean()),
        "above_80": float(above[judged].mean()),
        "mae_days": float(np.abs(med[seen] - y[seen]).mean()),
        "median_abs_error_days": float(np.median(np.abs(med[seen] - y[seen]))),
        "mean_width_80_days": float((hi - lo).mean()),
        "share_decided_by_median": float((y[seen] <= med[seen]).mean()),
        "wall_s": time.perf_counter() - started,
    }
    out["new_applications"] = _new_applications(
        cases, track, cut, end_of_run, model, state, correction
    )
    print(json.dumps(out, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
