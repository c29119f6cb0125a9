"""Public pages, for everyone, signed in or not: the processing times, how to reach us, the
privacy statement and the accessibility statement."""

from __future__ import annotations

import datetime as dt

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
from loket.web.shared.contact import contact_details

# When the accessibility statement was last checked against the pages (and the tests run).
ACCESSIBILITY_STATEMENT_DATE = dt.date(2026, 12, 3)
# The axe-core version the browser tests (tests/browser/test_accessibility.py) ran.
AXE_CORE_VERSION = "4.12"


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


@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "public/contact.html", {"contact": contact_details()})


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "public/privacy.html", {"contact": contact_details()})


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    context = {
        "contact": contact_details(),
        "statement_date": ACCESSIBILITY_STATEMENT_DATE,
        "axe_version": AXE_CORE_VERSION,
    }
    return render(request, "public/accessibility.html", context)
