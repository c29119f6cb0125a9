"""Background jobs of the forecasting integration (django-tasks)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from loket.forecasts.services import RefreshAlreadyRunningError, forecasts_refresh


@task()
def refresh_forecasts(force_retrain: bool = False) -> str:
    """The daily refresh; retrains by itself when the model is old or drifting."""
    try:
        result = forecasts_refresh(now=timezone.now(), force_retrain=force_retrain)
    except RefreshAlreadyRunningError as exc:
        return f"skipped: {exc}"  # the other run does the work; nothing to retry
    return (
        f"{result.reason}: scored {result.cases_scored} open cases, "
        f"sent {result.notices_sent} delay notices"
    )
