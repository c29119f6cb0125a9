"""Reads for the forecasting pages: published processing times, and the staff work lists
(cases at risk, overdue, waiting for the client past the reply date, received recently).

Each read that a door makes takes the ``Actor`` and starts from a policy. The work lists and
their counts come from here only, so the staff pages, ``loket forecast refresh`` and the
teams' daily digest say the same numbers.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from loket.cases.domain import replies
from loket.cases.domain.calendar import is_non_counting_day
from loket.cases.domain.replies import DEFAULT_REPLY_DAYS
from loket.cases.models import Case, CaseEvent, CaseStatus, EventKind
from loket.cases.policies import cases_visible_to
from loket.catalogue.models import ProductType
from loket.forecasts.models import CasePrediction, ForecastModel, ProcessingTime
from loket.forecasts.policies import (
    predictions_visible_to,
    processing_times_visible_to,
    track_record_visible_to,
)
from loket.kernel.actors import Actor
from loket.kernel.time import AMSTERDAM, local_date
from loket.lib.forecasting.risk import at_most_days

if TYPE_CHECKING:  # the windows module loads the engine (LightGBM); pages don't need it
    from loket.lib.forecasting.windows import OpenCaseCorrection

LOOKBACK = dt.timedelta(days=182)  # "the last 6 months"
AT_RISK_THRESHOLD = 0.5
TRACK_RECORD_MIN_DECISIONS = 20  # fewer say too little to publish
# Only windows shown soon after the application count: the first promise, made before
# any of the wait was behind the applicant.
TRACK_RECORD_MAX_WAITED_DAYS = 2
RUNNING_TERM_STATUSES = (CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS)
# "Received recently" on the work page and in the digest: the last 24 hours.
RECENT = dt.timedelta(days=1)


def decision_durations_days(
    *, product: ProductType, now: dt.datetime, lookback: dt.timedelta = LOOKBACK
) -> list[float]:
    """How long each decision of ``product`` in the lookback window took, in days."""
    rows = Case.objects.filter(
        product=product, decided_at__gt=now - lookback, decided_at__lte=now
    ).values_list("received_at", "decided_at")
    return [(decided - received).total_seconds() / 86_400 for received, decided in rows if decided]


def uscis_style_figure(*, product: ProductType, now: dt.datetime) -> tuple[int, int | None]:
    """(decisions in the last 6 months, days within which 80% of them were made)."""
    durations = decision_durations_days(product=product, now=now)
    return len(durations), at_most_days(durations)


def processing_times_latest(*, actor: Actor) -> list[ProcessingTime]:
    """The most recent published figures, one per active product."""
    newest = (
        ProcessingTime.objects.filter(product=OuterRef("product"))
        .order_by("-computed_on")
        .values("computed_on")[:1]
    )
    return list(
        processing_times_visible_to(actor)
        .select_related("product")
        .filter(product__is_active=True, computed_on=Subquery(newest))
        .order_by("product__code")
    )


# --- Staff work lists --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkScope:
    """Which cases a staff work list shows: some teams (``None``: every team; ``""`` is the
    team of cases without one), one product (its code; ``""``: all) and one track (``""``:
    both)."""

    teams: frozenset[str] | None = None
    product: str = ""
    track: str = ""

    def q(self, prefix: str = "") -> Q:
        """The scope as a filter on cases (``prefix``: the path to the case, ``"case__"``)."""
        q = Q()
        if self.teams is not None:
            q &= Q(**{f"{prefix}team__in": self.teams})
        if self.product:
            q &= Q(**{f"{prefix}product__code": self.product})
        if self.track:
            q &= Q(**{f"{prefix}track": self.track})
        return q


EVERY_CASE = WorkScope()


def _cases(actor: Actor, scope: WorkScope) -> QuerySet[Case]:
    return cases_visible_to(actor).filter(scope.q())


def cases_at_risk(
    *,
    actor: Actor,
    today: dt.date | None = None,
    threshold: float = AT_RISK_THRESHOLD,
    scope: WorkScope = EVERY_CASE,
) -> QuerySet[CasePrediction]:
    """Open cases whose legal date is ``today`` or later and whose forecast puts more than
    ``threshold`` of its probability past it, riskiest first. A case whose legal date has
    passed is not at risk but overdue (:func:`cases_overdue`): never on both lists.

    ``today`` is the service's date now when not given.
    """
    if today is None:
        today = local_date(timezone.now())
    return (
        predictions_visible_to(actor)
        .filter(scope.q("case__"))
        .select_related("case", "case__product")
        # A case waiting for the client has a suspended term: it cannot run late.
        .filter(
            case__status__in=RUNNING_TERM_STATUSES,
            case__decision_due__gte=today,
            probability_late__gt=threshold,
        )
        .order_by("-probability_late", "case__decision_due", "case__reference")
    )


def cases_overdue(*, actor: Actor, today: dt.date, scope: WorkScope = EVERY_CASE) -> QuerySet[Case]:
    """Open cases not waiting for the client whose legal date is before ``today``: we are
    late. Longest overdue first. (A case waiting for the client has its term suspended; its
    legal date moves on until the answer comes.)"""
    return (
        _cases(actor, scope)
        .filter(status__in=RUNNING_TERM_STATUSES, decision_due__lt=today)
        .select_related("product", "prediction")
        .order_by("decision_due", "reference")
    )


def _last_counting_day_before(day: dt.date) -> dt.date:
    """The latest day before ``day`` on which a term may end (no weekend, no holiday)."""
    day -= dt.timedelta(days=1)
    while is_non_counting_day(day):
        day -= dt.timedelta(days=1)
    return day


def reply_date(asked_at: dt.datetime, days: int | None) -> dt.date:
    """The date by which the client must answer a request made at ``asked_at``."""
    return replies.reply_date(local_date(asked_at), days)


def cases_waiting_past_reply_date(
    *, actor: Actor, today: dt.date, scope: WorkScope = EVERY_CASE
) -> QuerySet[Case]:
    """Cases waiting for the client whose reply date (:func:`reply_date`) is before
    ``today``, the request asked longest ago first. Each case carries ``asked_at`` and
    ``reply_days`` (its open request's moment and term).

    Counted in the database: a reply date ``roll_forward(asked_on + days)`` is before
    ``today`` exactly when ``asked_on + days`` is on or before the last day before ``today``
    on which a term may end, so per term length it is one bound on ``asked_at``.
    """
    # A waiting case's newest request is its open one: no second request while waiting.
    requests = CaseEvent.objects.filter(
        case=OuterRef("pk"), kind=EventKind.INFORMATION_REQUESTED
    ).order_by("-sequence")
    waiting = (
        _cases(actor, scope)
        .filter(status=CaseStatus.WAITING_FOR_CLIENT)
        .annotate(
            asked_at=Subquery(requests.values("at")[:1]),
            reply_days=Coalesce(Subquery(requests.values("days")[:1]), Value(DEFAULT_REPLY_DAYS)),
        )
    )
    last_day = _last_counting_day_before(today)
    late = Q(pk__in=[])
    for days in set(waiting.values_list("reply_days", flat=True)):
        asked_before = dt.datetime.combine(
            last_day - dt.timedelta(days=days - 1), dt.time.min, tzinfo=AMSTERDAM
        )
        late |= Q(reply_days=days, asked_at__lt=asked_before)
    return waiting.filter(late).select_related("product").order_by("asked_at", "reference")


def cases_received_recently(
    *, actor: Actor, now: dt.datetime, scope: WorkScope = EVERY_CASE
) -> QuerySet[Case]:
    """Cases received in the last day (:data:`RECENT`) before ``now``, newest first."""
    return (
        _cases(actor, scope)
        .filter(received_at__gt=now - RECENT, received_at__lte=now)
        .select_related("product")
        .order_by("-received_at", "reference")
    )


@dataclass(frozen=True, slots=True)
class WorkCounts:
    """How many cases are on each staff work list."""

    waiting_past_reply_date: int
    at_risk: int
    overdue: int
    received_recently: int


def work_counts(*, actor: Actor, now: dt.datetime, scope: WorkScope = EVERY_CASE) -> WorkCounts:
    """The counts of the work lists at ``now``: the one source of the numbers on the staff
    pages, in the teams' digest and in ``loket forecast refresh``."""
    today = local_date(now)
    return WorkCounts(
        waiting_past_reply_date=cases_waiting_past_reply_date(
            actor=actor, today=today, scope=scope
        ).count(),
        at_risk=cases_at_risk(actor=actor, today=today, scope=scope).count(),
        overdue=cases_overdue(actor=actor, today=today, scope=scope).count(),
        received_recently=cases_received_recently(actor=actor, now=now, scope=scope).count(),
    )


def teams_of_cases(*, actor: Actor) -> list[str]:
    """Every team that cases are in, sorted (``""``, the cases without a team, first)."""
    return sorted(set(cases_visible_to(actor).values_list("team", flat=True).distinct()))


def prediction_for_case(*, actor: Actor, case: Case) -> CasePrediction | None:
    """The stored forecast of ``case`` if the actor may see it. Never loads the model's
    artifact (megabytes): pages need only its dates."""
    return (
        predictions_visible_to(actor)
        .filter(case=case)
        .select_related("model")
        .defer("model__artifact")
        .first()
    )


@dataclass(frozen=True)
class TrackRecord:
    """How the first windows we showed for one product's recent decisions turned out."""

    product: ProductType
    decisions: int
    within: int
    later: int
    earlier: int

    @property
    def in_ten(self) -> int:
        """ "N in 10 came within the period", rounded to whole tenths."""
        return math.floor(10 * self.within / self.decisions + 0.5) if self.decisions else 0


def forecast_track_record(
    *, actor: Actor, now: dt.datetime, lookback: dt.timedelta = LOOKBACK
) -> list[TrackRecord]:
    """Per active product with enough of them: the decisions of the last 6 months whose
    case was shown a window within days of the application, and whether the decision came
    within that first window. Counted in
    the database: a public page cannot read a hundred thousand rows per visit."""
    decided_on = TruncDate("case__decided_at", tzinfo=timezone.get_default_timezone())
    rows = (
        track_record_visible_to(actor)
        .filter(
            case__decided_at__gt=now - lookback,
            case__decided_at__lte=now,
            case__product__is_active=True,
            waited_days__lte=TRACK_RECORD_MAX_WAITED_DAYS,
        )
        .annotate(decided_on=decided_on)
        .values("case__product")
        .annotate(
            decisions=Count("pk"),
            later=Count("pk", filter=Q(decided_on__gt=F("latest_on"))),
            earlier=Count("pk", filter=Q(decided_on__lt=F("earliest_on"))),
        )
        .filter(decisions__gte=TRACK_RECORD_MIN_DECISIONS)
    )
    products = ProductType.objects.in_bulk([row["case__product"] for row in rows])
    return sorted(
        (
            TrackRecord(
                product=products[row["case__product"]],
                decisions=row["decisions"],
                within=row["decisions"] - row["later"] - row["earlier"],
                later=row["later"],
                earlier=row["earlier"],
            )
            for row in rows
        ),
        key=lambda record: record.product.code,
    )


def newest_model() -> ForecastModel | None:
    """The model the forecasts use now, without its artifact (pages never load a model)."""
    return ForecastModel.objects.order_by("-trained_at").defer("artifact").first()


def correction_in_use() -> OpenCaseCorrection | None:
    """The open-case correction of the newest model (None: the windows are not corrected)."""
    newest = ForecastModel.objects.order_by("-trained_at").only("window_correction").first()
    return newest.open_case_correction() if newest is not None else None
