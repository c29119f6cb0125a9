"""Who may see which forecast.

Processing times are public. Per-case predictions are personal data about a case: an
applicant sees the one of their own case (through the case policy), staff see them all (the
at-risk list), nobody else any.
"""

from __future__ import annotations

from django.db.models import QuerySet

from loket.cases.policies import cases_visible_to
from loket.forecasts.models import CasePrediction, FirstWindow, ProcessingTime
from loket.kernel.actors import Actor


def processing_times_visible_to(actor: Actor) -> QuerySet[ProcessingTime]:
    """Published processing times: for everyone, signed in or not."""
    return ProcessingTime.objects.all()


def track_record_visible_to(actor: Actor) -> QuerySet[FirstWindow]:
    """First windows of decided cases, counted (never listed) by the public track record."""
    return FirstWindow.objects.all()


def predictions_visible_to(actor: Actor) -> QuerySet[CasePrediction]:
    if actor.is_system or actor.is_staff:
        return CasePrediction.objects.all()
    return CasePrediction.objects.filter(case__in=cases_visible_to(actor))
