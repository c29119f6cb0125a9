"""Reads for the forecasting pages: published processing times and cases at risk."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, QuerySet, Subquery

from loket.cases.models import Case, CaseStatus
from loket.catalogue.models import ProductType
from loket.predictions.models import CasePrediction, ProcessingTime
from loket.predictions.risk import at_most_days

LOOKBACK = dt.timedelta(days=182)  # "the last 6 months"
AT_RISK_THRESHOLD = 0.5
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


def processing_times_latest() -> list[ProcessingTime]:
    """The most recent published figures, one per active product."""
    newest = (
        ProcessingTime.objects.filter(product=OuterRef("product"))
        .order_by("-computed_on")
        .values("computed_on")[:1]
    )
    return list(
        ProcessingTime.objects.select_related("product")
        .filter(product__is_active=True, computed_on=Subquery(newest))
        .order_by("product__code")
    )


def cases_at_risk(*, threshold: float = AT_RISK_THRESHOLD) -> QuerySet[CasePrediction]:
    """Open cases whose forecast puts more than ``threshold`` of its probability past the
    legal date, riskiest first."""
    return (
        CasePrediction.objects.select_related("case", "case__product")
        # A case waiting for the client has a suspended term: it cannot run late.
        .filter(case__status__in=RUNNING_TERM_STATUSES, probability_late__gt=threshold)
        .order_by("-probability_late", "case__decision_due")
    )


def prediction_for_case(case: Case) -> CasePrediction | None:
    return CasePrediction.objects.filter(case=case).select_related("model").first()
