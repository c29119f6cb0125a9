"""Public pages: the processing times, for everyone, signed in or not."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from loket.forecasts.selectors import (
    correction_in_use,
    forecast_track_record,
    processing_times_latest,
)
from loket.web.public.charts import processing_times_chart
from loket.web.shared.access import request_actor


@require_GET
def processing_times(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    rows = processing_times_latest(actor=actor)
    return render(
        request,
        "public/processing_times.html",
        {
            "rows": rows,
            "chart": processing_times_chart(rows),
            "computed_on": max((row.computed_on for row in rows), default=None),
            "track_record": forecast_track_record(actor=actor, now=timezone.now()),
            "corrected": correction_in_use() is not None,
        },
    )
