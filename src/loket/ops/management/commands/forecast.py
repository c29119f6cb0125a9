"""``loket forecast backtest LOG``: the shared evaluation protocol, end to end, on one file.

Needs no database: it reads the file, trains, predicts the test prefixes and prints the
figures the protocol asks for (and ``--json`` writes them for BENCHMARKS.md). Then it
replays the test period as the product would have lived it (``--json``'s ``deployed``
object; ``loket.lib.backtests.deployed``), unless ``--no-deployed``.
"""

from __future__ import annotations

import json
import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from loket.kernel.actors import system_actor
from loket.lib.backtests.backtest import BacktestDataError, BacktestResult, run_backtest
from loket.lib.backtests.outcome_backtest import OutcomeSpecError
from loket.lib.eventlogs import EventLog, EventLogError, read_log
from loket.lib.forecasting.outcome import OutcomeDataError
from loket.ops.refresh import add_refresh_arguments, run_refresh


class Command(BaseCommand):
    help = (
        "Forecasting tools. 'backtest LOG' runs the shared remaining-time protocol on a file; "
        "'refresh' runs the daily forecast job on Loket's own database."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=ArgumentParser)
        bt = sub.add_parser("backtest", help="run the evaluation protocol on an XES or CSV log")
        bt.add_argument("log", nargs="?", help="path to .xes, .xes.gz, .csv or .csv.gz")
        bt.add_argument(
            "--process-log",
            default=None,
            metavar="NAME",
            help="instead of a file: a process log stored by 'loket import' (needs the database)",
        )
        bt.add_argument("--case-column", default=None, help="CSV: case id column")
        bt.add_argument("--activity-column", default=None, help="CSV: activity column")
        bt.add_argument("--timestamp-column", default=None, help="CSV: timestamp column")
        bt.add_argument("--resource-column", default=None, help="CSV: resource column")
        bt.add_argument(
            "--timestamp-format",
            default=None,
            help="CSV: strptime format of the time column, e.g. '%%d-%%m-%%Y %%H:%%M' "
            "(default: ISO 8601, or other forms read as the file shows them)",
        )
        bt.add_argument("--json", dest="json_path", default=None, help="write results here")
        bt.add_argument("--seed", type=int, default=0)
        bt.add_argument(
            "--no-deployed",
            action="store_true",
            help="skip the as-deployed replay (retrained on a schedule through the test "
            "period, adaptive windows); only the static protocol",
        )
        bt.add_argument(
            "--positive-activity",
            action="append",
            default=[],
            metavar="ACTIVITY",
            help="also backtest the outcome probability: an activity that marks a positive "
            "outcome (a grant); repeatable; needs --negative-activity",
        )
        bt.add_argument(
            "--negative-activity",
            action="append",
            default=[],
            metavar="ACTIVITY",
            help="an activity that marks a negative outcome (refused, cancelled); repeatable",
        )
        refresh = sub.add_parser(
            "refresh",
            help="the daily job on Loket's own log: retrain when due or drifting, score open "
            "cases, publish processing times, send delay notices",
        )
        add_refresh_arguments(refresh)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "backtest":
            self._backtest(options)
        elif options["action"] == "refresh":
            run_refresh(getattr(self.stdout, "_out", sys.stdout), options)

    def _backtest(self, options: dict[str, Any]) -> None:
        # Rich writes partial lines; Django's OutputWrapper would add newlines to each.
        console = Console(file=getattr(self.stdout, "_out", sys.stdout), highlight=False)
        if (options["log"] is None) == (options["process_log"] is None):
            raise CommandError(
                "Give one log: a file (loket forecast backtest LOG) or a stored process log "
                "(--process-log NAME)."
            )
        # A stored log is named by its name where a file is named by its path.
        path = Path(options["log"] or options["process_log"])
        if options["log"] is not None and not path.exists():
            raise CommandError(f"{path}: no such file")
        positive = tuple(options["positive_activity"])
        negative = tuple(options["negative_activity"])
        if bool(positive) != bool(negative):
            raise CommandError(
                "The outcome backtest needs both --positive-activity and --negative-activity "
                "(for example --positive-activity A_APPROVED --negative-activity A_DECLINED)."
            )
        started = time.perf_counter()
        with console.status(f"reading {path.name}") as status:
            try:
                log = (
                    _stored_log(options["process_log"])
                    if options["process_log"] is not None
                    else read_log(
                        path,
                        case_column=options["case_column"],
                        activity_column=options["activity_column"],
                        timestamp_column=options["timestamp_column"],
                        resource_column=options["resource_column"],
                        timestamp_format=options["timestamp_format"],
                    )
                )
            except EventLogError as exc:
                raise CommandError(str(exc)) from exc
            read_s = time.perf_counter() - started
            console.log(f"read {log.n_cases:,} cases / {log.n_events:,} events in {read_s:.1f}s")

            def progress(msg: str) -> None:
                status.update(f"{path.name}: {msg}")
                console.log(msg)

            try:
                result, _model = run_backtest(
                    log,
                    seed=options["seed"],
                    log_name=path.name,
                    progress=progress,
                    outcome=(positive, negative) if positive else None,
                    deployed=not options["no_deployed"],
                )
            except (BacktestDataError, OutcomeSpecError, OutcomeDataError) as exc:
                raise CommandError(f"{path}: {exc}") from exc
        result.timing_s["read"] = read_s
        result.timing_s["total"] = time.perf_counter() - started
        _print(console, result)
        if options["json_path"]:
            Path(options["json_path"]).write_text(
                json.dumps(result.as_json(), indent=2, sort_keys=True) + "\n", encoding="utf-8"
            )
            console.print(f"wrote {options['json_path']}")


def _print(console: Console, r: BacktestResult) -> None:
    summary = Table(title=f"Backtest {r.log_name} (seed {r.seed})", show_header=False)
    rows = [
        ("cases (>= 3 events) / events", f"{r.cases:,} / {r.events:,}"),
        (
            "train / validation / test cases",
            f"{r.train_cases} / {r.validation_cases} / {r.test_cases}",
        ),
        ("test prefixes", f"{r.test_prefixes:,}"),
        ("MAE (days)", f"{r.mae_days:.3f}"),
        ("per-k median baseline MAE (days)", f"{r.baseline_median_mae_days:.3f}"),
        ("improvement over baseline", _improvement(r)),
        (
            "80% interval coverage",
            f"{r.coverage_80:.3f} (90% bootstrap over test cases "
            f"{r.coverage_80_ci90[0]:.3f}-{r.coverage_80_ci90[1]:.3f}; "
            f"below {r.below_80:.1%}, above {r.above_80:.1%})",
        ),
        ("80% interval mean width (days)", f"{r.mean_width_80_days:.2f}"),
        ("naive per-k 10-90% coverage", f"{r.baseline_coverage_80:.3f}"),
        ("model/baseline blend weight", f"{r.blend:.2f}"),
    ]
    if r.uscis_p80_days is not None and r.uscis_share_within is not None:
        rows.append(
            (
                "USCIS-style p80 (180 d before test)",
                f"{r.uscis_p80_days:.2f} d over {r.uscis_reference_cases} cases; "
                f"{r.uscis_share_within:.1%} of test cases finished within it",
            )
        )
    else:
        rows.append(("USCIS-style p80", "no case completed in the 180 days before the test"))
    rows.append(("time (s)", ", ".join(f"{k} {v:.1f}" for k, v in r.timing_s.items())))
    for label, value in rows:
        summary.add_row(label, value)
    console.print(summary)
    per_k = Table(title="MAE per prefix length k")
    for col in ("k", "prefixes", "MAE", "baseline MAE", "coverage 80"):
        per_k.add_column(col, justify="right")
    for k, v in r.mae_by_k.items():
        per_k.add_row(
            str(k),
            str(int(v["n"])),
            f"{v['mae_days']:.2f}",
            f"{v['baseline_mae_days']:.2f}",
            f"{v['coverage_80']:.2f}",
        )
    console.print(per_k)
    if r.outcome is not None:
        _print_outcome(console, r.outcome)
    if r.deployed is not None:
        _print_deployed(console, r.deployed)


def _print_deployed(console: Console, d: dict[str, Any]) -> None:
    """The as-deployed replay beside the static figures above."""
    if "skipped" in d:
        console.print(f"As deployed: not run ({d['skipped']}).")
        return
    table = Table(
        title=f"As deployed: {d['trainings']} trainings (every {d['retrain_every_days']:.0f} "
        f"days of log time), adaptive windows recalibrated daily",
        show_header=False,
    )
    low, high = d["coverage_80_ci90"]
    for label, value in (
        ("test prefixes", f"{d['test_prefixes']:,} of {d['test_cases']:,} cases"),
        ("MAE (days)", f"{d['mae_days']:.3f}"),
        ("per-k median of the model in force (days)", f"{d['baseline_median_mae_days']:.3f}"),
        (
            "80% window coverage",
            f"{d['coverage_80']:.3f} (90% bootstrap over test cases {low:.3f}-{high:.3f}; "
            f"below {d['below_80']:.1%}, above {d['above_80']:.1%})",
        ),
        ("80% window mean width (days)", f"{d['mean_width_80_days']:.2f}"),
        (
            "without the adaptive shifts",
            f"coverage {d['coverage_80_without_adaptation']:.3f}, "
            f"width {d['mean_width_80_days_without_adaptation']:.2f} d",
        ),
        ("time (s)", ", ".join(f"{k} {v:.1f}" for k, v in d["timing_s"].items())),
    ):
        table.add_row(label, value)
    console.print(table)


def _improvement(r: BacktestResult) -> str:
    if not r.baseline_median_mae_days > 0:  # zero or NaN: every remaining time was the same
        return "none to measure (the baseline makes no error on this log)"
    return f"{1 - r.mae_days / r.baseline_median_mae_days:.1%}"


def _print_outcome(console: Console, o: dict[str, Any]) -> None:
    table = Table(
        title=f"Outcome probability: {' / '.join(o['positive_activities'])} against "
        f"{' / '.join(o['negative_activities'])} ({o['test_cases']} test cases, "
        f"{o['test_prefixes']:,} prefixes before the outcome, "
        f"{o['positive_share_test']:.1%} positive)"
    )
    for col in ("", "Brier", "log loss", "AUC", "calibration error"):
        table.add_column(col, justify="right")
    for label, key in (
        ("model", "model"),
        ("base rate", "base_rate"),
        ("per-k rate", "per_k_rate"),
    ):
        v = o[key]
        table.add_row(
            label, f"{v['brier']:.4f}", f"{v['log_loss']:.4f}", f"{v['auc']:.3f}", f"{v['ece']:.3f}"
        )
    console.print(table)


def _stored_log(name: str) -> EventLog:
    """A process log that ``loket import`` stored, read back as the operator."""
    from loket.processlogs.selectors import ProcessLog, process_log_event_log, process_log_names

    actor = system_actor("loket forecast backtest")
    try:
        return process_log_event_log(actor=actor, name=name)
    except ProcessLog.DoesNotExist:
        names = ", ".join(process_log_names(actor=actor)) or "none yet; load one with loket import"
        raise CommandError(f"No stored process log named {name!r}. Stored logs: {names}.") from None
