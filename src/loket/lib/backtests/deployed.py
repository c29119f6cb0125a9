"""The backtest "as deployed": replay the product through the test period, in time.

The static protocol trains once on the first 80% of cases (including the long ones that
closed after the test period began) and never learns again. The product instead trains on
what has closed so far, is retrained on a schedule and recalibrates daily. This replay
does what the product does, with the same code for the windows:

* the walk starts when the first test case starts (``t0``) and ends with the log;
* a model is trained at ``t0`` and then every ``retrain_every_days`` of log time (28 days,
  or a sixth of the walk when that is longer, so a long log costs at most seven trainings:
  a cheaper stand-in for the product's weekly or drift-triggered retraining), each time on
  the cases closed before that moment only; cases still open then are left out of
  training, as the product leaves out undecided cases;
* every event of any case at or after ``t0`` gets a forecast at its own moment, from the
  model in force and the process state up to that moment (every feature reads only times
  at or before it, ``features.py``);
* the window is the engine's interval moved by the adaptive shifts
  (``windows.adaptive_forecast``, the function the product's windows go through), whose
  state is updated at the start of each day with every answer known by then
  (``conformal.PendingAnswers``: closes, and bounds passed by cases still open);
* the figures are over the test cases' prefixes k = 2..n-1, the static protocol's set, so
  the two MAEs compare.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from lightgbm.basic import LightGBMError

from loket.kernel.time import DAY
from loket.lib.eventlogs.model import EventLog, FloatArray, IntArray
from loket.lib.forecasting import engine
from loket.lib.forecasting.conformal import PendingAnswers
from loket.lib.forecasting.features import ProcessState
from loket.lib.forecasting.prefixes import prefix_index, remaining_days
from loket.lib.forecasting.protocol import Split
from loket.lib.forecasting.windows import adaptive_forecast

RETRAIN_DAYS = 28.0
MAX_RETRAINS = 6  # after the first training
MIN_TRAINING_CASES = 20  # closed cases needed before the first model (else the walk waits)


@dataclass
class DeployedResult:
    """The as-deployed figures (the ``deployed`` object of ``--json``)."""

    test_prefixes: int
    test_cases: int
    mae_days: float
    baseline_median_mae_days: float  # the per-k median of the model in force at each moment
    coverage_80: float
    coverage_80_ci90: tuple[float, float]
    below_80: float
    above_80: float
    mean_width_80_days: float
    coverage_80_without_adaptation: float  # the engine's own interval, for comparison
    mean_width_80_days_without_adaptation: float
    forecasts: int  # every forecast made in the walk (all cases' events after t0)
    trainings: int
    retrain_every_days: float
    final_shifts: dict[str, Any]
    timing_s: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _training_moments(t0: float, t_end: float) -> FloatArray:
    every = max(RETRAIN_DAYS * DAY, (t_end - t0) / MAX_RETRAINS)
    return np.arange(t0, t_end, every) if t_end > t0 else np.array([t0])


@dataclass
class Walk:
    """Every forecast of the walk, in time order, before the adaptive shifts."""

    case: IntArray
    k: IntArray
    moment: FloatArray
    end: FloatArray  # the case's close (known to the walk only once a bound passes)
    forecast: engine.Forecast
    base: FloatArray  # the per-k median of the model in force
    t0: float
    trainings: int
    retrain_every_days: float
    train_s: float


def walk_forecasts(
    prepared: EventLog,
    parts: Split,
    *,
    state: ProcessState,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> Walk:
    """Train on the schedule and forecast every event from ``t0`` on (module text)."""
    step = progress or (lambda _m: None)
    t0 = float(np.min(prepared.case_start[parts.test]))
    t_end = float(np.nanmax(prepared.timestamp))
    ends = prepared.case_end
    # Every prefix whose moment lies in the walk: the product shows a window at each event.
    all_c, all_k = prefix_index(prepared, np.arange(prepared.n_cases, dtype=np.int64))
    moment = prepared.timestamp[prepared.offsets[all_c] + all_k - 1]
    walk = moment >= t0
    order = np.argsort(moment[walk], kind="stable")
    all_c, all_k, moment = all_c[walk][order], all_k[walk][order], moment[walk][order]

    moments = _training_moments(t0, t_end)
    if int(np.sum(ends < moments[0])) < MIN_TRAINING_CASES:
        raise ValueError(
            f"fewer than {MIN_TRAINING_CASES} cases closed before the test period began"
        )
    n = len(all_c)
    med, lo, hi, base = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    train_s = 0.0
    bounds = [*moments.tolist(), np.inf]
    for j, (since, until) in enumerate(itertools.pairwise(bounds)):
        sel = np.flatnonzero((moment >= since) & (moment < until))
        if len(sel) == 0:
            continue
        step(f"deployed: training {j + 1} of {len(moments)} (cases closed before it)")
        closed = np.flatnonzero(ends < since)
        t_train = time.perf_counter()
        try:
            model = engine.train(prepared.subset(closed), seed=seed, state=state)
        except LightGBMError as exc:
            raise ValueError(f"the model cannot be trained at step {j + 1} ({exc})") from exc
        train_s += time.perf_counter() - t_train
        forecast = engine.predict(model, prepared, all_c[sel], all_k[sel], state=state)
        med[sel], lo[sel], hi[sel] = forecast.median, forecast.lo80, forecast.hi80
        base[sel] = model.baseline.predict(all_k[sel])
    return Walk(
        case=all_c,
        k=all_k,
        moment=moment,
        end=ends[all_c],
        forecast=engine.Forecast(median=med, lo80=lo, hi80=hi),
        base=base,
        t0=t0,
        trainings=len(moments),
        retrain_every_days=float((moments[1] - moments[0]) / DAY) if len(moments) > 1 else 0.0,
        train_s=train_s,
    )


def adapt(walk: Walk) -> tuple[engine.Forecast, PendingAnswers]:
    """The windows shown: each day's forecasts through ``adaptive_forecast`` with the
    shifts learned from every answer known at the start of that day."""
    pending = PendingAnswers()
    n = len(walk.case)
    lo, med, hi = np.zeros(n), np.zeros(n), np.zeros(n)
    days = np.floor((walk.moment - walk.t0) / DAY)
    cuts = np.flatnonzero(np.diff(days)) + 1
    for today in np.split(np.arange(n), cuts):
        if len(today) == 0:
            continue
        pending.learn_until(walk.t0 + float(days[today[0]]) * DAY)  # daily recalibration
        raw = walk.forecast
        window = adaptive_forecast(
            engine.Forecast(median=raw.median[today], lo80=raw.lo80[today], hi80=raw.hi80[today]),
            pending.shifts,
        )
        lo[today], med[today], hi[today] = window.lo80, window.median, window.hi80
        for at, low, high, end in zip(
            walk.moment[today].tolist(),
            window.lo80.tolist(),
            window.hi80.tolist(),
            walk.end[today].tolist(),
            strict=True,
        ):
            pending.show(at=at, lower_days=low, upper_days=high, end=end)
    # The shifts as they stand when the log ends: answers that would come later (a bound
    # passing after the extraction) were never known to the product.
    known = np.concatenate([walk.moment, walk.end[np.isfinite(walk.end)]])
    pending.learn_until(float(np.max(known)) if len(known) else walk.t0)
    return engine.Forecast(median=med, lo80=lo, hi80=hi), pending


def run_deployed(
    prepared: EventLog,
    parts: Split,
    *,
    state: ProcessState,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    bootstrap: Callable[..., tuple[float, float]],
) -> DeployedResult:
    """Walk the test period of ``prepared`` (sorted, split as the protocol says).

    ``bootstrap(inside, case_ids, seed=...)`` is the case bootstrap of the static figures.
    Raises ``ValueError`` when too few cases closed before the test period to train on.
    """
    started = time.perf_counter()
    walk = walk_forecasts(prepared, parts, state=state, seed=seed, progress=progress)
    return score(walk, prepared, parts, bootstrap=bootstrap, seed=seed, started=started)


def score(
    walk: Walk,
    prepared: EventLog,
    parts: Split,
    *,
    bootstrap: Callable[..., tuple[float, float]],
    seed: int,
    started: float | None = None,
) -> DeployedResult:
    shown, pending = adapt(walk)
    is_test = np.isin(walk.case, parts.test)
    raw = walk.forecast
    return _score(
        walk.case[is_test],
        walk.k[is_test],
        prepared,
        lo=shown.lo80[is_test],
        med=shown.median[is_test],
        hi=shown.hi80[is_test],
        raw=(raw.lo80[is_test], raw.hi80[is_test]),
        base=walk.base[is_test],
        bootstrap=bootstrap,
        seed=seed,
        extra={
            "forecasts": len(walk.case),
            "trainings": walk.trainings,
            "retrain_every_days": walk.retrain_every_days,
            "final_shifts": pending.shifts.as_json(),
            "timing_s": {
                "train": walk.train_s,
                "total": time.perf_counter() - started if started is not None else 0.0,
            },
        },
    )


def _score(
    tc: IntArray,
    tk: IntArray,
    prepared: EventLog,
    *,
    lo: FloatArray,
    med: FloatArray,
    hi: FloatArray,
    raw: tuple[FloatArray, FloatArray],
    base: FloatArray,
    bootstrap: Callable[..., tuple[float, float]],
    seed: int,
    extra: dict[str, Any],
) -> DeployedResult:
    y = remaining_days(prepared, tc, tk)
    inside = (y >= lo) & (y <= hi)
    raw_inside = (y >= raw[0]) & (y <= raw[1])
    n = len(y)
    nan = float("nan")
    return DeployedResult(
        test_prefixes=n,
        test_cases=len(np.unique(tc)),
        mae_days=float(np.abs(med - y).mean()) if n else nan,
        baseline_median_mae_days=float(np.abs(base - y).mean()) if n else nan,
        coverage_80=float(inside.mean()) if n else nan,
        coverage_80_ci90=bootstrap(inside, tc, seed=seed),
        below_80=float(np.mean(y < lo)) if n else nan,
        above_80=float(np.mean(y > hi)) if n else nan,
        mean_width_80_days=float((hi - lo).mean()) if n else nan,
        coverage_80_without_adaptation=float(raw_inside.mean()) if n else nan,
        mean_width_80_days_without_adaptation=float((raw[1] - raw[0]).mean()) if n else nan,
        **extra,
    )
