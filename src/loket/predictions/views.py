"""Public processing times and the staff list of cases at risk of missing their legal date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from loket.predictions.charts import processing_times_chart
from loket.predictions.models import ForecastModel
from loket.predictions.selectors import (
    cases_at_risk,
    forecast_track_record,
    processing_times_latest,
)

if TYPE_CHECKING:  # the windows module loads the engine (LightGBM); pages don't need it
    from loket.predictions.windows import OpenCaseCorrection


def processing_times(request: HttpRequest) -> HttpResponse:
    rows = processing_times_latest()
    return render(
        request,
        "predictions/processing_times.html",
        {
            "rows": rows,
            "chart": processing_times_chart(rows),
            "computed_on": max((row.computed_on for row in rows), default=None),
            "track_record": forecast_track_record(now=timezone.now()),
            "corrected": _newest_correction() is not None,
        },
    )


def _newest_correction() -> OpenCaseCorrection | None:
    """The correction the forecasts use now: the newest model's (None: no correction)."""
    newest = ForecastModel.objects.order_by("-trained_at").only("window_correction").first()
    return newest.open_case_correction() if newest is not None else None


@login_required
def at_risk(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise Http404  # staff pages do not reveal themselves to applicants
    page = Paginator(cases_at_risk(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "predictions/at_risk.html",
        {"page": page, "model": ForecastModel.objects.order_by("-trained_at").first()},
    )
