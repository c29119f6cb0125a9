"""Keeping forecasts fresh: retrain when due or drifting, score open cases, publish
processing times, send delay notices and the teams' daily digests. Everything takes ``now``; only the run lease reads
the clock, because it guards real processes rather than the service's time.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from django.db import transaction
from django.utils import timezone

from loket.cases.models import OPEN_STATUSES, Case, CaseStatus, EventKind, Outcome, Track
from loket.catalogue.models import ProductType
from loket.forecasts import notices
from loket.forecasts.adaptive import adaptive_shifts
from loket.forecasts.logs import load_service_log
from loket.forecasts.models import (
    CasePrediction,
    FirstWindow,
    ForecastModel,
    ProcessingTime,
)
from loket.forecasts.published import published_figures_forget
from loket.forecasts.selectors import uscis_style_figure
from loket.kernel.lease import (
    LeaseHeartbeat,
    job_lease_claim,
    job_lease_get,
    job_lease_release,
    job_lease_renew,
    lease_holder_name,
)
from loket.kernel.models import JobLease
from loket.kernel.time import DAY
from loket.lib.eventlogs.model import EventLog, EventLogBuilder
from loket.lib.forecasting import engine
from loket.lib.forecasting.features import ProcessState
from loket.lib.forecasting.outcome import (
    OutcomeDataError,
    OutcomeModel,
    PerTypeRate,
    first_activities,
    predict_outcome,
    train_outcome,
)
from loket.lib.forecasting.prefixes import prefix_index, remaining_days
from loket.lib.forecasting.risk import probability_after
from loket.lib.forecasting.servicelog import ServiceLog, event_label
from loket.lib.forecasting.windows import (
    OpenCaseCorrection,
    adaptive_forecast,
    first_label,
    open_case_correction,
    windows_from_now,
)

logger = logging.getLogger(__name__)

RETRAIN_AFTER = dt.timedelta(days=7)
# Retrain when the stored model's 80% interval covers fewer or more of the cases decided
# since it was trained than this band (and there are enough of them to tell).
DRIFT_BAND = (0.70, 0.90)
DRIFT_MIN_PREFIXES = 200
MIN_TRAINING_CASES = 50
# The per-case grant model needs enough decisions of both kinds; until then the grant
# share of the case's product and track stands in.
MIN_OUTCOME_CASES_EACH = 30
SEED = 0
REFRESH_JOB = "forecasts_refresh"
# How long a refresh may go without a sign of life before another may take over. A heartbeat
# thread renews the lease every minute however long a step (training) takes, and every step
# renews it too, so only a run that was killed (SIGKILL, a lost machine) or hangs loses it,
# and the next run waits at most this long.
REFRESH_LEASE = dt.timedelta(minutes=3)

Progress = Callable[[str], None]


class RefreshAlreadyRunningError(Exception):
    """Another forecast refresh holds the lease, so this one stopped (or never started)."""

    def __init__(self, lease: JobLease | None, *, before_step: str | None = None) -> None:
        self.lease = lease
        detail = ""
        if lease is not None and lease.holder and lease.claimed_at and lease.lease_until:
            detail = (
                f" ({lease.holder}, since {timezone.localtime(lease.claimed_at):%Y-%m-%d %H:%M};"
                f" its lease runs out at {timezone.localtime(lease.lease_until):%Y-%m-%d %H:%M})"
            )
        if before_step is None:
            message = f"a forecast refresh is already running{detail}; this one did nothing"
        else:
            message = (
                f"this forecast refresh outlived its lease and another one took over{detail};"
                f" it stopped before {before_step}"
            )
        super().__init__(message)


@dataclass
class RefreshResult:
    model: ForecastModel | None
    retrained: bool
    reason: str
    cases_scored: int = 0
    notices_sent: int = 0
    digests_sent: int = 0
    drift_coverage: float | None = None
    processing_times: list[ProcessingTime] = field(default_factory=list)


class StoredModelUnreadableError(Exception):
    """A stored model artifact that this version of Loket cannot load."""


def _load_model(row: ForecastModel) -> engine.ForecastModel:
    """Unpickle a stored model. A model stored by an older layout of the code (a class that
    moved or was renamed) or a damaged artifact raises ``StoredModelUnreadableError``: the
    refresh then trains a new one instead of failing every night."""
    try:
        model = pickle.loads(bytes(row.artifact))  # noqa: S301 - written by this app only
    except (  # what unpickling a moved class or a damaged artifact raises
        pickle.UnpicklingError,
        ImportError,
        AttributeError,
        EOFError,
        TypeError,
        ValueError,
        IndexError,
    ) as error:
        raise StoredModelUnreadableError(
            f"stored model {row.pk} cannot be loaded: {error}"
        ) from error
    if not isinstance(model, engine.ForecastModel):
        raise StoredModelUnreadableError(
            f"stored model {row.pk} holds a {type(model).__qualname__}, not a forecast model"
        )
    return model


def _coverage_since(
    model: engine.ForecastModel, log: ServiceLog, since: float, state: ProcessState
) -> tuple[float | None, int]:
    """Coverage of the model's 80% interval on prefixes of cases decided after ``since``."""
    recent = np.flatnonzero(log.decided.case_end > since)
    if len(recent) == 0:
        return None, 0
    case_idx, k = prefix_index(log.decided, recent.astype(np.int64), k_min=1)
    if len(k) == 0:
        return None, 0
    forecast = engine.predict(model, log.decided, case_idx, k, state=state)
    truth = remaining_days(log.decided, case_idx, k)
    inside = (truth >= forecast.lo80) & (truth <= forecast.hi80)
    return float(inside.mean()), len(k)


def _retrain_reason(
    latest: ForecastModel | None,
    loaded: engine.ForecastModel | None,
    log: ServiceLog,
    now: dt.datetime,
    state: ProcessState,
) -> tuple[str | None, float | None]:
    """Why the model must be retrained now (None: it is fine), and its recent coverage."""
    if latest is None or loaded is None:
        return "first", None
    if now - latest.trained_at >= RETRAIN_AFTER:
        return "schedule", None
    if not engine.features_match(loaded):
        return "features changed", None
    coverage, n = _coverage_since(loaded, log, latest.data_until.timestamp(), state)
    if (
        coverage is not None
        and n >= DRIFT_MIN_PREFIXES
        and not (DRIFT_BAND[0] <= coverage <= DRIFT_BAND[1])
    ):
        return "drift", coverage
    return None, coverage


def time_model_train(decided: EventLog, state: ProcessState) -> engine.ForecastModel:
    """The remaining-time model as the product trains it (from each case's first event)."""
    return engine.train(decided, seed=SEED, k_min=1, state=state)


def forecast_model_train(
    *,
    log: ServiceLog,
    now: dt.datetime,
    reason: str,
    state: ProcessState,
    progress: Progress | None = None,
) -> tuple[ForecastModel, engine.ForecastModel]:
    model = time_model_train(log.decided, state)
    model.outcome = _outcome_model_train(log, state)
    # Past windows for open cases against what happened since (see ``windows``).
    correction = open_case_correction(
        log_at=lambda moment: load_service_log(now=moment),
        now_log=log,
        now=now,
        train=time_model_train,
        progress=progress,
        new_application_log=new_application_log,
    )
    diagnostics = model.diagnostics
    row = ForecastModel.objects.create(
        window_correction=correction.as_json() if correction is not None else None,
        trained_at=now,
        data_until=now,
        training_cases=log.decided.n_cases,
        training_events=log.decided.n_events,
        reason=reason,
        holdout_coverage_80=diagnostics.get("calibration_coverage_80"),
        holdout_mae_days=diagnostics.get("calibration_mae_days"),
        artifact=pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL),
    )
    return row, model


def _decided_outcomes(log: ServiceLog) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Per decided case: whether its outcome is known (granted or refused), and granted."""
    outcomes = [log.decided_outcomes.get(ref) for ref in log.decided.case_ids]
    known = np.array([o in {Outcome.GRANTED, Outcome.REFUSED} for o in outcomes], dtype=np.bool_)
    granted = np.array([o == Outcome.GRANTED for o in outcomes], dtype=np.bool_)
    return known, granted


def _outcome_model_train(log: ServiceLog, state: ProcessState) -> OutcomeModel | None:
    """P(grant) per case from the decided cases whose outcome is granted or refused."""
    known, granted = _decided_outcomes(log)
    n_granted = int((known & granted).sum())
    if min(n_granted, int(known.sum()) - n_granted) < MIN_OUTCOME_CASES_EACH:
        return None
    cases = np.flatnonzero(known)
    try:
        return train_outcome(log.decided.subset(cases), granted[cases], seed=SEED, state=state)
    except OutcomeDataError as exc:
        # Optional: without it the grant share per product and track stands in. It must
        # never stop the windows, processing times and notices of the refresh.
        logger.warning("no grant model this time: %s", exc)
        return None


def _grant_rates(log: ServiceLog) -> dict[str, float]:
    """Share of decisions that granted, per first-event label (product and track), with one
    pseudo-case each way so a product with few decisions does not get 0% or 100%."""
    known, granted = _decided_outcomes(log)
    cases = np.flatnonzero(known)
    types = first_activities(log.decided, cases)
    return PerTypeRate(types, granted[cases].astype(np.float64)).rates


def _day_after(now: dt.datetime, days: float) -> dt.date:
    """The local calendar day ``days`` after ``now``."""
    return timezone.localdate(now + dt.timedelta(days=float(days)))


def _days_until_end_of(day: dt.date, now: dt.datetime) -> float:
    """Days from ``now`` to the end of ``day`` (local midnight after it)."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0))
    end = timezone.make_aware(midnight, timezone.get_current_timezone())
    return (end - now).total_seconds() / DAY


def cases_score(
    *,
    model_row: ForecastModel,
    model: engine.ForecastModel,
    log: ServiceLog,
    now: dt.datetime,
    state: ProcessState,
) -> int:
    """Replace every stored prediction with today's, one per open case."""
    rows: list[CasePrediction] = []
    if log.open.n_cases:
        forecast = adaptive_forecast(
            engine.predict(model, log.open, state=state), adaptive_shifts(now=now)
        )
        lower, median, upper = windows_from_now(forecast, log, now.timestamp())
        correction = model_row.open_case_correction()
        if correction is not None:
            lower, median, upper = correction.apply(lower, median, upper)
        rates = _grant_rates(log)
        granted = (
            predict_outcome(model.outcome, log.open, state=state)
            if model.outcome is not None
            else None
        )
        cases = Case.objects.in_bulk(log.open_case_pks)
        for i, pk in enumerate(log.open_case_pks):
            case = cases[pk]
            p_late = 0.0
            # While we wait for the client the term is suspended and its end moves every
            # day, so such a case is not at risk of being late.
            if case.decision_due is not None and case.status != CaseStatus.WAITING_FOR_CLIENT:
                p_late = probability_after(
                    _days_until_end_of(case.decision_due, now),
                    lower=lower[i],
                    median=median[i],
                    upper=upper[i],
                )
            rows.append(
                CasePrediction(
                    case=case,
                    model=model_row,
                    predicted_at=now,
                    expected_on=_day_after(now, median[i]),
                    earliest_on=_day_after(now, lower[i]),
                    latest_on=_day_after(now, upper[i]),
                    probability_late=p_late,
                    probability_granted=(
                        float(granted[i])
                        if granted is not None
                        else rates.get(first_label(log.open, i))
                    ),
                )
            )
    with transaction.atomic():
        # Cases closed since the last run lose their prediction too.
        CasePrediction.objects.all().delete()
        CasePrediction.objects.bulk_create(rows, batch_size=2_000)
        # The first window a case gets is kept for good (the public track record).
        default_tz = timezone.get_default_timezone()
        shown_on = timezone.localdate(now, default_tz)
        FirstWindow.objects.bulk_create(
            [
                FirstWindow(
                    case=row.case,
                    shown_on=shown_on,
                    waited_days=max(
                        (shown_on - timezone.localdate(row.case.received_at, default_tz)).days,
                        0,
                    ),
                    earliest_on=row.earliest_on,
                    expected_on=row.expected_on,
                    latest_on=row.latest_on,
                )
                for row in rows
            ],
            batch_size=2_000,
            ignore_conflicts=True,
        )
    return len(rows)


def new_application_log(product_code: str, now: float) -> EventLog:
    """The log of one application received at ``now`` on the standard track: what the
    processing-times forecast ("if you apply today") is made for."""
    builder = EventLogBuilder()
    label = event_label(EventKind.RECEIVED, "", product=product_code, track=Track.STANDARD)
    builder.add_event("new", label, now)
    return builder.build()


def processing_times_publish(
    *,
    model: engine.ForecastModel | None,
    now: dt.datetime,
    state: ProcessState,
    correction: OpenCaseCorrection | None = None,
) -> list[ProcessingTime]:
    """Today's figures per product: the last 6 months' 80% figure and a forecast for an
    application submitted today (an open case that has not waited yet, so the open-case
    correction applies to it too)."""
    today = timezone.localdate(now)
    published = []
    shifts = adaptive_shifts(now=now) if model is not None else None
    for product in ProductType.objects.filter(is_active=True):
        decisions, p80 = uscis_style_figure(product=product, now=now)
        median = lower = upper = None
        if model is not None:
            forecast = adaptive_forecast(
                engine.predict(
                    model, new_application_log(product.code, now.timestamp()), state=state
                ),
                shifts,
            )
            low, mid, high = forecast.lo80, forecast.median, forecast.hi80
            if correction is not None:
                low, mid, high = correction.apply_new(low, mid, high)
            median = math.ceil(float(mid[0]))
            lower = min(math.floor(float(low[0])), median)
            upper = max(math.ceil(float(high[0])), median)
        row, _ = ProcessingTime.objects.update_or_create(
            product=product,
            computed_on=today,
            defaults={
                "decisions_last_6_months": decisions,
                "p80_days_last_6_months": p80,
                "forecast_median_days": median,
                "forecast_lower_days": lower,
                "forecast_upper_days": upper,
                "open_cases": Case.objects.filter(
                    product=product, status__in=OPEN_STATUSES
                ).count(),
            },
        )
        published.append(row)
    published_figures_forget()
    return published


def forecasts_refresh(
    *, now: dt.datetime, force_retrain: bool = False, progress: Progress | None = None
) -> RefreshResult:
    """The daily job: (re)train if needed, score every open case, publish, notify.

    One run at a time (the ``--every`` loop, the task and the demo's thread could meet):
    two runs side by side would both replace the stored predictions. A run holds the
    ``forecasts_refresh`` lease while it works; a second call raises
    :class:`RefreshAlreadyRunningError` before it reads or writes anything.
    """
    holder = lease_holder_name()
    if not job_lease_claim(name=REFRESH_JOB, holder=holder, now=timezone.now(), ttl=REFRESH_LEASE):
        raise RefreshAlreadyRunningError(job_lease_get(name=REFRESH_JOB))

    heartbeat = LeaseHeartbeat(name=REFRESH_JOB, holder=holder, ttl=REFRESH_LEASE)

    def step(message: str) -> None:
        if heartbeat.lost.is_set() or not job_lease_renew(
            name=REFRESH_JOB, holder=holder, now=timezone.now(), ttl=REFRESH_LEASE
        ):
            # Our lease ran out and another run took over: stop rather than overlap it.
            raise RefreshAlreadyRunningError(job_lease_get(name=REFRESH_JOB), before_step=message)
        if progress is not None:
            progress(message)

    try:
        with heartbeat:
            return _forecasts_refresh(now=now, force_retrain=force_retrain, step=step)
    finally:
        job_lease_release(name=REFRESH_JOB, holder=holder)


def _forecasts_refresh(*, now: dt.datetime, force_retrain: bool, step: Progress) -> RefreshResult:
    step("reading the event log")
    log = load_service_log(now=now)
    state = ProcessState.from_logs(log.decided, log.open)
    latest = ForecastModel.objects.order_by("-trained_at").first()
    model: engine.ForecastModel | None = None
    coverage: float | None = None
    if force_retrain:
        reason: str | None = "manual"  # also the way out when a stored model cannot load
    else:
        try:
            model = _load_model(latest) if latest is not None else None
        except StoredModelUnreadableError as error:
            logger.warning("%s; training a new one", error)
            reason, model = "stored model unreadable", None
        else:
            reason, coverage = _retrain_reason(latest, model, log, now, state)
    if reason is not None and log.decided.n_cases < MIN_TRAINING_CASES:
        step("too few decided cases to train a model")
        times = processing_times_publish(model=None, now=now, state=state)
        # Without forecasts nothing is at risk, but cases can be overdue or waiting.
        step("sending the teams' daily digests")
        digests = notices.team_digests_send(now=now)
        return RefreshResult(
            None, False, "too few decided cases", digests_sent=digests, processing_times=times
        )
    if reason is not None:
        step(f"training a model ({reason})")
        latest, model = forecast_model_train(
            log=log, now=now, reason=reason, state=state, progress=step
        )
    assert latest is not None
    assert model is not None
    step("scoring open cases")
    scored = cases_score(model_row=latest, model=model, log=log, now=now, state=state)
    step("publishing processing times")
    times = processing_times_publish(
        model=model,
        now=now,
        state=state,
        correction=latest.open_case_correction(),
    )
    step("sending delay notices")
    sent = notices.delay_notices_send(now=now)
    step("sending the teams' daily digests")
    digests = notices.team_digests_send(now=now)
    return RefreshResult(
        model=latest,
        retrained=reason is not None,
        reason=reason or "up to date",
        cases_scored=scored,
        notices_sent=sent,
        digests_sent=digests,
        drift_coverage=coverage,
        processing_times=times,
    )
