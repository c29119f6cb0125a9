"""Run the shared/data/README.md protocol on one log and collect every reported figure."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from lightgbm.basic import LightGBMError

from loket.lib.backtests.deployed import run_deployed
from loket.lib.backtests.outcome_backtest import outcome_backtest, outcome_labels
from loket.lib.eventlogs.model import EventLog
from loket.lib.forecasting.engine import ForecastModel, predict, train
from loket.lib.forecasting.features import ProcessState
from loket.lib.forecasting.prefixes import DAY, prefix_index, remaining_days
from loket.lib.forecasting.protocol import prepare, split

USCIS_LOOKBACK_DAYS = 180.0
BOOTSTRAP_RESAMPLES = 2000
# Fewer cases leave the 20% test part and the 16% calibration part with one or two cases:
# no figure from that would mean anything.
MIN_CASES = 10
MIN_EVENTS = 3  # the protocol drops shorter cases


class BacktestDataError(ValueError):
    """The log cannot be backtested (too few cases, nothing to train on); the message says
    why in words an operator can act on."""


def check_backtestable(log: EventLog, prepared: EventLog) -> None:
    """Refuse a log the protocol cannot run on, before any training starts."""
    if prepared.n_cases < MIN_CASES:
        shorter = log.n_cases - prepared.n_cases
        dropped = (
            f"; {shorter:,} of its {log.n_cases:,} cases have fewer than {MIN_EVENTS} events "
            "and are left out"
            if shorter
            else ""
        )
        raise BacktestDataError(
            "the log has too few cases to split into training and test (found "
            f"{prepared.n_cases:,} with at least {MIN_EVENTS} events; needs at least "
            f"{MIN_CASES}){dropped}"
        )


@dataclass
class BacktestResult:
    """Figures of one backtest; ``as_json`` gives the keys the CLI writes."""

    log_name: str
    cases: int
    events: int
    train_cases: int
    validation_cases: int
    test_cases: int
    test_prefixes: int
    mae_days: float
    baseline_median_mae_days: float
    coverage_80: float
    coverage_80_ci90: tuple[float, float]
    below_80: float
    above_80: float
    mean_width_80_days: float
    baseline_coverage_80: float
    mae_by_k: dict[int, dict[str, float]]
    uscis_p80_days: float | None
    uscis_reference_cases: int
    uscis_share_within: float | None
    blend: float
    seed: int
    timing_s: dict[str, float] = field(default_factory=dict)
    diagnostics: dict[str, Any] = field(default_factory=dict)
    outcome: dict[str, Any] | None = None  # with --positive-activity (outcome_backtest.py)
    # The as-deployed replay (``deployed.py``); None with ``deployed=False``, or a
    # ``{"skipped": reason}`` when the log has too little before its test period.
    deployed: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["mae_by_k"] = {str(k): v for k, v in self.mae_by_k.items()}
        return out


def uscis_check(
    log: EventLog, test_cases: np.ndarray[Any, Any]
) -> tuple[float | None, int, float | None]:
    """USCIS-style published time: 80th percentile of durations of cases completed in the
    180 days before the test period starts, and the share of test cases finishing within it.
    """
    start, end = log.case_start, log.case_end
    test_start = float(np.min(start[test_cases]))
    done = (end < test_start) & (end >= test_start - USCIS_LOOKBACK_DAYS * DAY)
    if not done.any():
        return None, 0, None
    p80 = float(np.percentile((end[done] - start[done]) / DAY, 80))
    test_dur = (end[test_cases] - start[test_cases]) / DAY
    return p80, int(done.sum()), float(np.mean(test_dur <= p80))


def case_bootstrap_interval(
    inside: np.ndarray[Any, Any], case_ids: np.ndarray[Any, Any], *, seed: int, level: float = 0.9
) -> tuple[float, float]:
    """Sampling interval of the coverage: resample whole test cases with replacement.

    A case's prefixes share its fate (one long case misses at every prefix), so the
    independent units are cases, not prefixes. With ~200 test cases the 90% interval is
    about +-0.03-0.05 wide: a coverage just outside 0.77-0.83 can be noise, not a miss.
    """
    if len(inside) == 0:
        return float("nan"), float("nan")
    _, inverse = np.unique(case_ids, return_inverse=True)
    hits = np.bincount(inverse, weights=inside.astype(np.float64))
    sizes = np.bincount(inverse).astype(np.float64)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(hits), size=(BOOTSTRAP_RESAMPLES, len(hits)))
    shares = hits[picks].sum(axis=1) / sizes[picks].sum(axis=1)
    tail = (1.0 - level) / 2 * 100
    low, high = np.percentile(shares, [tail, 100 - tail])
    return float(low), float(high)


def run_backtest(
    log: EventLog,
    *,
    seed: int = 0,
    log_name: str = "",
    progress: Callable[[str], None] | None = None,
    outcome: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
    deployed: bool = True,
) -> tuple[BacktestResult, ForecastModel]:
    """Protocol: drop < 3 events, sort by start, 64/16/20, predict k = 2..n-1 of test.

    ``outcome`` = (positive activities, negative activities) adds the outcome-probability
    backtest on the same split (checked first, so a wrong activity name fails fast).
    Raises ``BacktestDataError`` for a log with too few cases to split. With ``deployed``
    the as-deployed replay (``deployed.py``) runs after the static protocol.
    """
    step = progress or (lambda _m: None)
    t0 = time.perf_counter()
    prepared = prepare(log, min_events=MIN_EVENTS)
    check_backtestable(log, prepared)
    parts = split(prepared)
    if outcome is not None:
        outcome_labels(prepared, *outcome)  # raises OutcomeSpecError on a wrong name
    # The process state uses every case; each feature only looks at times <= t_k.
    state = ProcessState.from_log(prepared)
    train_log = prepared.subset(parts.train_and_validation)
    t1 = time.perf_counter()
    try:
        model = train(train_log, seed=seed, state=state, progress=step)
    except LightGBMError as exc:  # a log degenerate in a way the checks above do not see
        raise BacktestDataError(f"the model cannot be trained on this log ({exc})") from exc
    t2 = time.perf_counter()
    step("predict test prefixes")
    tc, tk = prefix_index(prepared, parts.test)
    y = remaining_days(prepared, tc, tk)
    fc = predict(model, prepared, tc, tk, state=state)
    t3 = time.perf_counter()
    base = model.baseline.predict(tk)
    err = np.abs(fc.median - y)
    base_err = np.abs(base - y)
    inside = (y >= fc.lo80) & (y <= fc.hi80)
    by_k: dict[int, dict[str, float]] = {}
    for kk in np.unique(tk).tolist():
        sel = tk == kk
        by_k[int(kk)] = {
            "n": int(sel.sum()),
            "mae_days": float(err[sel].mean()),
            "baseline_mae_days": float(base_err[sel].mean()),
            "coverage_80": float(inside[sel].mean()),
        }
    # Naive per-k 10-90% interval of training prefixes, to show why calibration matters.
    trc, trk = prefix_index(train_log, np.arange(train_log.n_cases))
    ytr = remaining_days(train_log, trc, trk)
    naive_inside = np.zeros(len(y), dtype=bool)
    for kk in np.unique(tk).tolist():
        pool = ytr[trk == kk]
        if len(pool) == 0:
            pool = ytr[trk == trk.max()]
        lo, hi = np.percentile(pool, [10, 90])
        sel = tk == kk
        naive_inside[sel] = (y[sel] >= lo) & (y[sel] <= hi)
    p80, n_ref, share = uscis_check(prepared, parts.test)
    outcome_result = None
    if outcome is not None:
        step("outcome model")
        outcome_result = outcome_backtest(
            prepared,
            parts.train_and_validation,
            parts.test,
            positive=outcome[0],
            negative=outcome[1],
            state=state,
            seed=seed,
        )
    deployed_result: dict[str, Any] | None = None
    if deployed:
        try:
            deployed_result = run_deployed(
                prepared,
                parts,
                state=state,
                seed=seed,
                progress=step,
                bootstrap=case_bootstrap_interval,
            ).as_json()
        except ValueError as exc:
            deployed_result = {"skipped": str(exc)}
    result = BacktestResult(
        log_name=log_name,
        cases=prepared.n_cases,
        events=prepared.n_events,
        train_cases=len(parts.train),
        validation_cases=len(parts.validation),
        test_cases=len(parts.test),
        test_prefixes=len(y),
        mae_days=float(err.mean()) if len(y) else float("nan"),
        baseline_median_mae_days=float(base_err.mean()) if len(y) else float("nan"),
        coverage_80=float(inside.mean()) if len(y) else float("nan"),
        coverage_80_ci90=case_bootstrap_interval(inside, tc, seed=seed),
        below_80=float(np.mean(y < fc.lo80)) if len(y) else float("nan"),
        above_80=float(np.mean(y > fc.hi80)) if len(y) else float("nan"),
        mean_width_80_days=float((fc.hi80 - fc.lo80).mean()) if len(y) else float("nan"),
        baseline_coverage_80=float(naive_inside.mean()) if len(y) else float("nan"),
        mae_by_k=by_k,
        uscis_p80_days=p80,
        uscis_reference_cases=n_ref,
        uscis_share_within=share,
        blend=model.blend,
        seed=seed,
        timing_s={
            "prepare": t1 - t0,
            "train": t2 - t1,
            "predict": t3 - t2,
            "total": time.perf_counter() - t0,
        },
        diagnostics=model.diagnostics,
        outcome=outcome_result,
        deployed=deployed_result,
    )
    return result, model
