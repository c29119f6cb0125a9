"""Reads for the forecasting pages: published processing times and cases at risk.

Each read that a door makes takes the ``Actor`` and starts from a policy.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from loket.cases.models import Case, CaseStatus
from loket.catalogue.models import ProductType
from loket.forecasts.models import CasePrediction, ForecastModel, ProcessingTime
from loket.forecasts.policies import (
    predictions_visible_to,
    processing_times_visible_to,
    track_record_visible_to,
)
from loket.kernel.actors import Actor
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


def cases_at_risk(
    *, actor: Actor, threshold: float = AT_RISK_THRESHOLD
) -> QuerySet[CasePrediction]:
    """Open cases whose forecast puts more than ``threshold`` of its probability past the
    legal date, riskiest first."""
    return (
        predictions_visible_to(actor)
        .select_related("case", "case__product")
        # A case waiting for the client has a suspended term: it cannot run late.
        .filter(case__status__in=RUNNING_TERM_STATUSES, probability_late__gt=threshold)
        .order_by("-probability_late", "case__decision_due")
    )


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
