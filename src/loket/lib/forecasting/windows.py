"""From a forecast made at an open case's last event to the window the applicant sees, and
the correction that makes those windows honest for *open* cases.

The engine learns from decided cases. Cases still open today are, by being open, the slow
ones: a model trained and calibrated on what finished is too optimistic about what has
not (on the simulated service its 80% windows held 47-63% of the later decisions). So at
each retraining the service looks back: on a few recent days it rebuilds the log as it was
then, trains as it would have, makes the windows it would have shown, and checks them
against when those cases were decided. Shifts on the log-days scale (one per bound and one
for the median) that would have put 10% of those cases before the window, 10% after it
and half of them after the median are then applied to today's windows.

The recent past is the one most like today (a model trained 30 days ago learned from
nearly today's history), but many of its open cases are still open: censored, decided some
time after today. A case still open is neither dropped (that drops the slow ones) nor
given a rank among the decided ones by its wait so far (Kaplan-Meier on the scale of the
window errors: it hands the weight of long forecasts to short ones and overshot by up to 1.3
on that scale); it counts with the chance that a case of its product and track, open as
long as it has been, is still waiting at the bound in question (Kaplan-Meier of the days
from receipt to decision, which today's log gives with censoring that does not depend on
how long a case takes). On the simulator this is closer to 80% than the first version on
every seed, but not yet calibrated on all (BENCHMARKS.md, "What applicants see").
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

from loket.kernel.time import DAY
from loket.lib.eventlogs.model import EventLog
from loket.lib.forecasting import engine
from loket.lib.forecasting.conformal import AdaptiveShifts
from loket.lib.forecasting.features import ProcessState
from loket.lib.forecasting.risk import after_waiting, residual_quantiles
from loket.lib.forecasting.servicelog import ServiceLog, product_of_label

logger = logging.getLogger(__name__)

SNAPSHOT_DAYS_BACK = (30, 60, 90)
# Recent days: their models learned from nearly today's history and their service was most
# like today's; their many still-open cases are counted by ``PastWindows.share_later``.
MIN_SNAPSHOT_CASES = 100  # open cases on the snapshot days, decided or still open, together
MIN_SNAPSHOT_TRAINING = 50  # decided cases a past log needs to train on
# A past model that learned from much less history than today's is worse than today's, and
# correcting today's windows by its errors would make them far too wide.
MIN_HISTORY_RATIO = 0.5
# Never move a bound by more than this on the log(1 + days) scale (about 4.5 times the
# days): a guard for a past so unlike today that no plausible shift fits it.
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


def adaptive_forecast(forecast: engine.Forecast, shifts: AdaptiveShifts | None) -> engine.Forecast:
    """The engine's forecast with the adaptive shifts on its bounds (``conformal.py``).

    Every window goes through here: the applicant's (``cases_score``), the
    processing-times page's and the as-deployed backtest's (``backtests/deployed.py``), so
    the backtest measures the windows the product shows.
    """
    if shifts is None:
        return forecast
    lower, median, upper = shifts.apply(forecast.lo80, forecast.median, forecast.hi80)
    return engine.Forecast(median=median, lo80=lower, hi80=upper)


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
    kinds of case: per product and track (or per time already waited) the past is thinner,
    and on the simulated service separate shifts made the windows wider."""

    lower: float
    median: float
    upper: float
    snapshots: list[str]
    cases: int  # open cases on the snapshot days (withdrawn since: left out)
    undetermined: int  # still open now and not yet past their window: counted by chance
    coverage_before: float  # expected coverage of the uncorrected past windows
    # The same three shifts learned from the "apply today" forecasts of the look-back days
    # against the applications received in the days after them (``_new_application_windows``);
    # None when too few (and in corrections stored before they existed).
    new_application: dict[str, float] | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OpenCaseCorrection:
        return cls(**data)

    def apply(self, lower: Floats, median: Floats, upper: Floats) -> Windows:
        return _shifted(lower, median, upper, down=self.lower, mid=self.median, up=self.upper)

    def apply_new(self, lower: Floats, median: Floats, upper: Floats) -> Windows:
        """The window for an application sent today. An open case is open because it is
        slow; a new one is not selected at all, so its own shifts are used where known (the
        open-case shifts moved a new application's lower bound up by half on one simulated
        service, and its forecast covered 50% instead of 84%)."""
        shifts = self.new_application
        if shifts is None:
            return self.apply(lower, median, upper)
        return _shifted(
            lower, median, upper, down=shifts["lower"], mid=shifts["median"], up=shifts["upper"]
        )


def _shifted(
    lower: Floats, median: Floats, upper: Floats, *, down: float, mid: float, up: float
) -> Windows:
    return _ordered(
        np.maximum(np.expm1(np.log1p(lower) - down), 0.0),
        np.expm1(np.log1p(median) + mid),
        np.expm1(np.log1p(upper) + up),
    )


Trainer = Callable[[EventLog, ProcessState], engine.ForecastModel]


class DurationSurvival:
    """Kaplan-Meier estimates of the days from receipt to decision, per product and track,
    from today's log: decided cases are exact, open ones censored at the days they have
    waited so far. Censoring is the same for every case received on a day (today), so it
    is independent of how long a case takes, which is what Kaplan-Meier needs."""

    def __init__(self, log: ServiceLog, now: float) -> None:
        self.now = now
        spans: dict[str, list[tuple[float, bool]]] = {}
        for part, censored in ((log.decided, False), (log.open, True)):
            ends = np.full(part.n_cases, now) if censored else part.case_end
            days = (ends - part.case_start) / DAY
            for i in range(part.n_cases):
                spans.setdefault(first_label(part, i), []).append((float(days[i]), censored))
        self._curves = {label: _kaplan_meier(rows) for label, rows in spans.items()}
        self._pooled = _kaplan_meier([row for rows in spans.values() for row in rows])

    def survival(self, label: str, days: Floats) -> Floats:
        """P(a case of this kind takes longer than ``days``), for each value of ``days``."""
        times, surviving = self._curves.get(label, self._pooled)
        at = np.searchsorted(times, days, side="right") - 1
        return np.where(at < 0, 1.0, surviving[np.maximum(at, 0)])


def _kaplan_meier(rows: list[tuple[float, bool]]) -> tuple[Floats, Floats]:
    """Times and the survival just after each (a right-continuous step function)."""
    if not rows:
        return np.zeros(0), np.zeros(0)
    times = np.array([t for t, _ in rows], dtype=np.float64)
    censored = np.array([c for _, c in rows], dtype=np.bool_)
    order = np.lexsort((censored, times))  # at equal times, decisions before censorings
    times, censored = times[order], censored[order]
    at_risk = len(times) - np.arange(len(times))
    surviving = np.cumprod(np.where(censored, 1.0, 1.0 - 1.0 / at_risk))
    return times, np.asarray(surviving, dtype=np.float64)


@dataclass(frozen=True)
class PastWindows:
    """The windows shown on past days to the cases then open, and what is known now of when
    those cases were decided (days from the past day)."""

    lower: Floats
    median: Floats
    upper: Floats
    truth: Floats  # days to the decision; for a still-open case the days until today
    censored: npt.NDArray[np.bool_]  # still open today: decided later than ``truth``
    waited: Floats  # days from receipt to the past day
    labels: npt.NDArray[np.str_]  # product and track (``first_label``)
    survival: DurationSurvival

    @classmethod
    def joined(cls, parts: list[PastWindows], survival: DurationSurvival) -> PastWindows:
        return cls(
            lower=np.concatenate([p.lower for p in parts]),
            median=np.concatenate([p.median for p in parts]),
            upper=np.concatenate([p.upper for p in parts]),
            truth=np.concatenate([p.truth for p in parts]),
            censored=np.concatenate([p.censored for p in parts]),
            waited=np.concatenate([p.waited for p in parts]),
            labels=np.concatenate([p.labels for p in parts]),
            survival=survival,
        )

    def share_later(self, bounds: Floats) -> float:
        """The expected share of these cases decided after ``bounds`` (days from the past
        day). A case still open today whose bound lies beyond today counts with the chance
        that a case of its kind, open that long, was still waiting at the bound."""
        later = np.where(self.truth > bounds, 1.0, 0.0)
        unknown = np.flatnonzero(self.censored & (bounds > self.truth))
        for label in np.unique(self.labels[unknown]):
            idx = unknown[self.labels[unknown] == label]
            still = self.survival.survival(str(label), self.waited[idx] + self.truth[idx])
            beyond = self.survival.survival(str(label), self.waited[idx] + bounds[idx])
            # A kind with no case left at risk says nothing more: count the case as late.
            later[idx] = np.where(still > 0, beyond / np.maximum(still, 1e-12), 1.0)
        return float(later.mean())


def open_case_correction(
    *,
    log_at: Callable[[dt.datetime], ServiceLog],
    now_log: ServiceLog,
    now: dt.datetime,
    train: Trainer,
    days_back: tuple[int, ...] | None = None,
    min_history_ratio: float | None = None,
    progress: Callable[[str], None] | None = None,
    new_application_log: Callable[[str, float], EventLog] | None = None,
) -> OpenCaseCorrection | None:
    """Offsets that make past windows for open cases cover 80% (see the module text).

    ``log_at(moment)`` gives the service log as it was at ``moment``; ``now_log`` says how
    each of those cases went since. None when the past holds too few cases to learn from.
    With ``new_application_log(product, moment)`` (the log of one application received at
    ``moment``) the "apply today" forecast gets its own shifts too.
    """
    step = progress or (lambda _msg: None)
    days_back = SNAPSHOT_DAYS_BACK if days_back is None else days_back
    min_history_ratio = MIN_HISTORY_RATIO if min_history_ratio is None else min_history_ratio
    ended = dict(zip(now_log.decided.case_ids, now_log.decided.case_end.tolist(), strict=True))
    still_open = set(now_log.open.case_ids)
    columns: dict[str, list[float]] = {k: [] for k in ("lo", "med", "hi", "y", "waited")}
    censored: list[bool] = []
    labels: list[str] = []
    used: list[str] = []
    new_windows: list[PastWindows] = []
    survival = DurationSurvival(now_log, now.timestamp())
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
        if new_application_log is not None:
            new_windows.append(
                _new_application_windows(
                    model,
                    state=state,
                    now_log=now_log,
                    moment=moment.timestamp(),
                    new_application_log=new_application_log,
                    survival=survival,
                )
            )
        since = (moment.timestamp() - past.open.case_start) / DAY
        used.append(moment.isoformat())
        for i, ref in enumerate(past.open.case_ids):
            if ref in ended:
                truth, open_now = max(ended[ref] - moment.timestamp(), 0.0) / DAY, False
            elif ref in still_open:
                # Decided later than today: censored (see ``PastWindows.share_later``).
                truth, open_now = float(days), True
            else:
                continue  # withdrawn since: never decided, nothing to learn
            for key, value in (
                ("lo", lower[i]),
                ("med", median[i]),
                ("hi", upper[i]),
                ("y", truth),
                ("waited", since[i]),
            ):
                columns[key].append(float(value))
            censored.append(open_now)
            labels.append(first_label(past.open, i))
    n = len(censored)
    if n < MIN_SNAPSHOT_CASES:
        return None
    past_windows = PastWindows(
        lower=np.array(columns["lo"]),
        median=np.array(columns["med"]),
        upper=np.array(columns["hi"]),
        truth=np.array(columns["y"]),
        censored=np.array(censored, dtype=np.bool_),
        waited=np.array(columns["waited"]),
        labels=np.array(labels),
        survival=survival,
    )
    lower_shift, median_shift, upper_shift = _shifts(past_windows, "open-case correction")
    before = [
        past_windows.share_later(past_windows.upper),
        1.0 - past_windows.share_later(past_windows.lower),
    ]
    new_application = None
    if new_windows:
        applications = PastWindows.joined(new_windows, survival)
        if len(applications.truth) >= MIN_SNAPSHOT_CASES:
            new_application = dict(
                zip(
                    ("lower", "median", "upper"),
                    _shifts(applications, "new-application correction"),
                    strict=True,
                )
            )
    return OpenCaseCorrection(
        lower=lower_shift,
        median=median_shift,
        upper=upper_shift,
        snapshots=used,
        cases=n,
        undetermined=int(np.sum(past_windows.censored & (past_windows.upper > past_windows.truth))),
        coverage_before=1.0 - sum(before),
        new_application=new_application,
    )


def _shifts(past: PastWindows, what: str) -> tuple[float, float, float]:
    """Lower, median and upper shifts (log scale) that put 10% of the past cases before
    the window, half after the median and 10% after the window (split-conformal level)."""
    n = len(past.truth)
    tail = 1.0 - min(1.0, math.ceil((n + 1) * (1.0 - engine.ALPHA_LO)) / n)
    lo, med, hi = (np.log1p(v) for v in (past.lower, past.median, past.upper))
    upper_shift = _smallest_shift(lambda s: past.share_later(np.expm1(hi + s)), tail)
    # The median: half of the past cases after it. (Weighting each case by 1 + median, the
    # shift with the smallest error in days, left the median early on unseen seeds.)
    median_shift = _smallest_shift(lambda s: past.share_later(np.expm1(med + s)), 0.5)
    lower_shift = _smallest_shift(
        lambda s: 1.0 - past.share_later(np.maximum(np.expm1(lo - s), 0.0)), tail
    )
    shifts = {"lower": lower_shift, "median": median_shift, "upper": upper_shift}
    capped = [name for name, shift in shifts.items() if shift is None]
    if capped:
        logger.warning(
            "%s: the %s shift would exceed %.2f; capped", what, ", ".join(capped), MAX_SHIFT
        )
    lower, median, upper = (MAX_SHIFT if v is None else v for v in shifts.values())
    return lower, median, upper


# An "apply today" forecast made on a past day is checked against the applications received
# in this many days after it, as the processing-times page's figure is read for about that long.
NEW_APPLICATION_DAYS = 14


def _new_application_windows(
    model: engine.ForecastModel,
    *,
    state: ProcessState,
    now_log: ServiceLog,
    moment: float,
    new_application_log: Callable[[str, float], EventLog],
    survival: DurationSurvival,
) -> PastWindows:
    """The "apply today" forecast a past model made at ``moment``, per product, beside
    the applications received in the days after it (days from receipt; those still open
    today are censored at today)."""
    rows: list[tuple[float, float, float, float, bool, str]] = []
    forecasts: dict[str, tuple[float, float, float]] = {}
    until = moment + NEW_APPLICATION_DAYS * DAY
    for part, open_now in ((now_log.decided, False), (now_log.open, True)):
        received = part.case_start
        ends = np.full(part.n_cases, survival.now) if open_now else part.case_end
        for i in np.flatnonzero((received > moment) & (received <= until)).tolist():
            label = first_label(part, i)
            product = product_of_label(label)
            if product not in forecasts:
                f = engine.predict(model, new_application_log(product, moment), state=state)
                lower, median, upper = _ordered(f.lo80, f.median, f.hi80)
                forecasts[product] = (float(lower[0]), float(median[0]), float(upper[0]))
            days = max(float(ends[i] - received[i]), 0.0) / DAY
            rows.append((*forecasts[product], days, open_now, label))
    return PastWindows(
        lower=np.array([r[0] for r in rows]),
        median=np.array([r[1] for r in rows]),
        upper=np.array([r[2] for r in rows]),
        truth=np.array([r[3] for r in rows]),
        censored=np.array([r[4] for r in rows], dtype=np.bool_),
        waited=np.zeros(len(rows)),  # measured from receipt
        labels=np.array([r[5] for r in rows], dtype=np.str_),
        survival=survival,
    )


def _smallest_shift(share: Callable[[float], float], target: float) -> float | None:
    """The smallest shift in [-MAX_SHIFT, MAX_SHIFT] at which ``share`` (which never grows
    with the shift) is at most ``target``, by bisection; None when even MAX_SHIFT is short."""
    low, high = -MAX_SHIFT, MAX_SHIFT
    if share(high) > target:
        return None
    if share(low) <= target:
        return low
    for _ in range(30):  # 3 / 2**30: far below a day at any window length
        mid = (low + high) / 2
        low, high = (low, mid) if share(mid) <= target else (mid, high)
    return high
