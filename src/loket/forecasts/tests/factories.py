"""Test helpers: a stored forecast without training a model."""

from __future__ import annotations

import datetime as dt

from loket.cases.models import Case
from loket.forecasts.models import CasePrediction, ForecastModel


def late_prediction(
    case: Case, *, at: dt.datetime, days_after_due: tuple[int, int, int]
) -> CasePrediction:
    """A prediction made at ``at`` whose window (earliest, expected, latest) lies the given
    days after the case's legal date: a case that will very likely be late."""
    assert case.decision_due is not None
    model = ForecastModel.objects.create(
        trained_at=at,
        data_until=at,
        training_cases=100,
        training_events=500,
        reason="first",
        artifact=b"",
    )
    earliest, expected, latest = (case.decision_due + dt.timedelta(days=d) for d in days_after_due)
    return CasePrediction.objects.create(
        case=case,
        model=model,
        predicted_at=at,
        earliest_on=earliest,
        expected_on=expected,
        latest_on=latest,
        probability_late=0.9,
    )
