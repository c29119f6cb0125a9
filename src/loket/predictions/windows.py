"""From a forecast made at an open case's last event to the window the applicant sees, and
the correction that makes those windows honest for *open* cases.

The engine learns from decided cases. Cases still open today are, by being open, the slow
ones: a model trained and calibrated on what finished is too optimistic about what has
not (on the simulated service its 80% windows held 64% of the later decisions). So at each
retraining the service looks back: on a few past days it rebuilds the log as it was then,
trains as it would have, makes the windows it would have shown, and checks them against
when those cases were really decided. Split-conformal offsets from those past windows (per
tail, on the log-days scale, and a shift of the median) are then applied to today's
windows. The past days are far enough back that most of their open cases have been decided
since; those still open are censored (they will be decided later than today), and the
shifts come from Kaplan-Meier estimates that count them as such.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from loket.eventlog.model import EventLog
from loket.forecasting import engine
from loket.forecasting.features import ProcessState
from loket.predictions.logs import ServiceLog
from loket.predictions.risk import after_waiting, residual_quantiles

logger = logging.getLogger(__name__)

DAY = 86_400.0
SNAPSHOT_DAYS_BACK = (90, 180, 270)
MIN_SNAPSHOT_CASES = 100  # open cases with a known fate, over all snapshots together
MIN_SNAPSHOT_TRAINING = 50  # decided cases a past log needs to train on
# A past model that learned from much less history than today's is worse than today's, and
# correcting today's windows by its errors would make them far too wide.
MIN_HISTORY_RATIO = 0.5
# Never move a bound by more than this on the log(1 + days) scale (about 4.5 times the
# days): a guard for when still-open cases hide the top of the past's distribution.
MAX_SHIFT = 1.5
Floats = npt.NDArray[np.float64]
Windows = tuple[Floats, Floats, Floats]


def first_label(log: EventLog, case: int) -> str:
    """The label of a case's first event: its product and track (see ``event_label``)."""
    return log.activities[int(log.activity[log.offsets[case]])]


def decided_durations_by_first_label(log: ServiceLog) -> dict[str, Floats]:
    """Days from receipt to decision of every decided case, per product and track."""
    decided = log.decided
    spans = (decided.case_end - decided.case_start) / DAY
    firsts = decided.activity[decided.offsets[:-1]] if decided.n_cases else np.array([])
    return {decided.activities[int(code)]: spans[firsts == code] for code in np.unique(firsts)}


def windows_from_now(forecast: engine.Forecast, log: ServiceLog, now: float) -> Windows:
    """Turn forecasts made at each open case's last event into windows starting ``now``.

    A case that has been quiet since its last event has only the later part of its forecast
    left (``after_waiting``). One that has waited past nearly all of it is judged by what
    happened to earlier cases of its product and track that had been open as long
    (``residual_quantiles``); with too few of those, its window starts today.
    """
    opened = log.open.case_start
    waited = np.maximum(now - log.open.case_end, 0.0) / DAY
    durations = decided_durations_by_first_label(log)
    n = log.open.n_cases
    lower, median, upper = np.zeros(n), np.zeros(n), np.zeros(n)
    for i in range(n):
        window = after_waiting(
            lower=float(forecast.lo80[i]),
            median=float(forecast.median[i]),
            upper=float(forecast.hi80[i]),
            waited=float(waited[i]),
        )
        if window is None:
            elapsed = (now - float(opened[i])) / DAY
            window = residual_quantiles(
                durations.get(first_label(log.open, i), np.empty(0)), elapsed
            )
        if window is None:
            window = (0.0, 7.0, 28.0)  # nothing to go on: an honest "soon, within weeks"
        lower[i], median[i], upper[i] = window
    return _ordered(lower, median, upper)


def _ordered(lower: Floats, median: Floats, upper: Floats) -> Windows:
    median = np.maximum(median, 1.0)
    return np.minimum(lower, median), median, np.maximum(upper, median + 1.0)


@dataclass(frozen=True)
class OpenCaseCorrection:
    """Shifts on the log(1 + days) scale: ``lower`` is subtracted from the lower bound,
    ``median`` added to the median, ``upper`` added to the upper bound. One set for all
    kinds of case: per product and track the past is thinner, and on the simulated service
    separate shifts per kind made the windows wider and the median worse."""

    lower: float
    median: float
    upper: float
    snapshots: list[str]
    cases: int  # open cases on the snapshot days whose fate is known now
    undetermined: int  # still open now and not yet past their window: censored
    coverage_before: float  # of the uncorrected windows, over the cases whose fate is known

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OpenCaseCorrection:
        return cls(**data)

    def apply(self, lower: Floats, median: Floats, upper: Floats) -> Windows:
        return _ordered(
            np.maximum(np.expm1(np.log1p(lower) - self.lower), 0.0),
            np.expm1(np.log1p(median) + self.median),
            np.expm1(np.log1p(upper) + self.upper),
        )


Trainer = Callable[[EventLog, ProcessState], engine.ForecastModel]


def open_case_correction(
    *,
    log_at: Callable[[dt.datetime], ServiceLog],
    now_log: ServiceLog,
    now: dt.datetime,
    train: Trainer,
    days_back: tuple[int, ...] | None = None,
    min_history_ratio: float | None = None,
    progress: Callable[[str], None] | None = None,
) -> OpenCaseCorrection | None:
    """Offsets that make past windows for open cases cover 80% (see the module text).

    ``log_at(moment)`` gives the service log as it was at ``moment``; ``now_log`` says how
    each of those cases went since. None when the past holds too few cases to learn from.
    """
    step = progress or (lambda _msg: None)
    days_back = SNAPSHOT_DAYS_BACK if days_back is None else days_back
    min_history_ratio = MIN_HISTORY_RATIO if min_history_ratio is None else min_history_ratio
    ended = dict(zip(now_log.decided.case_ids, now_log.decided.case_end.tolist(), strict=True))
    still_open = set(now_log.open.case_ids)
    lo_scores: list[float] = []
    med_scores: list[float] = []
    hi_scores: list[float] = []
    censored: list[bool] = []  # still open now: the score is only a lower bound
    inside: list[bool] = []  # for the cases whose fate is known: decided, or past the window
    used: list[str] = []
    undetermined = 0
    for days in days_back:
        moment = now - dt.timedelta(days=days)
        past = log_at(moment)
        too_little = max(MIN_SNAPSHOT_TRAINING, min_history_ratio * now_log.decided.n_cases)
        if past.decided.n_cases < too_little or past.open.n_cases == 0:
            continue
        step(f"checking the windows of {days} days ago")
        state = ProcessState.from_logs(past.decided, past.open)
        model = train(past.decided, state)
        forecast = engine.predict(model, past.open, state=state)
        lower, median, upper = windows_from_now(forecast, past, moment.timestamp())
        waited = float(days)
        used.append(moment.isoformat())
        for i, ref in enumerate(past.open.case_ids):
            lo, med, hi = (math.log1p(float(v[i])) for v in (lower, median, upper))
            if ref in ended:
                truth = math.log1p(max(ended[ref] - moment.timestamp(), 0.0) / DAY)
                censored.append(False)
                inside.append(lo <= truth <= hi)
            elif ref in still_open:
                # Still open: it will be decided later than today, so today is a lower
                # bound for its decision (censored; counted by Kaplan-Meier below).
                truth = math.log1p(waited)
                censored.append(True)
                if waited >= float(upper[i]):
                    inside.append(False)  # already past the window: a miss for sure
                else:
                    undetermined += 1
            else:
                continue  # withdrawn since: never decided, nothing to learn
            lo_scores.append(lo - truth)  # an upper bound when censored: errs wide
            med_scores.append(truth - med)
            hi_scores.append(truth - hi)
    if len(hi_scores) < MIN_SNAPSHOT_CASES:
        return None
    cens = np.array(censored)
    level = 1.0 - engine.ALPHA_LO
    median_shift, median_known = censored_quantile(np.array(med_scores), cens, 0.5, conformal=False)
    upper_shift, upper_known = censored_quantile(np.array(hi_scores), cens, level)
    if not (median_known and upper_known):
        # Too many past cases are still open to see the top of the distribution: widen, but
        # no further than MAX_SHIFT, and say so in the log.
        logger.warning(
            "open-case correction: still-open cases hide the %s; shift capped at %.2f",
            "median" if not median_known else "upper tail",
            MAX_SHIFT,
        )
    return OpenCaseCorrection(
        lower=engine.conformal_quantile(np.array(lo_scores), level, np.ones(len(lo_scores))),
        median=min(median_shift, MAX_SHIFT),
        upper=min(upper_shift, MAX_SHIFT),
        snapshots=used,
        cases=len(hi_scores),
        undetermined=undetermined,
        coverage_before=float(np.mean(inside)) if inside else float("nan"),
    )


def censored_quantile(
    values: Floats, censored: npt.NDArray[np.bool_], level: float, *, conformal: bool = True
) -> tuple[float, bool]:
    """The ``level`` quantile of scores of which some are only lower bounds (right-censored),
    from the Kaplan-Meier estimate: a censored score's weight passes on to the larger ones;
    and whether the estimate reached ``level``.

    Dropping the censored cases would drop the slowest; treating their bounds as exact would
    call them early. With ``conformal`` the level gets the split-conformal finite-sample
    correction. When still-open cases hide the top of the distribution the level is not
    reached; the largest value seen (a lower bound) is returned and the caller is told.
    """
    n = len(values)
    if n == 0:
        return 0.0, True
    order = np.lexsort((censored, values))  # at equal values, decisions before bounds
    v, c = values[order], censored[order]
    at_risk = n - np.arange(n)
    survival = np.cumprod(np.where(c, 1.0, 1.0 - 1.0 / at_risk))
    q = min(1.0, math.ceil((n + 1) * level) / n) if conformal else level
    reached = np.flatnonzero(1.0 - survival >= q - 1e-12)
    return (float(v[reached[0]]), True) if len(reached) else (float(v[-1]), False)
