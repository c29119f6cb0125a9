"""Public pages, for everyone, signed in or not: the processing times, how to reach us, the
privacy statement and the accessibility statement."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from loket.forecasts.published import published_figures
from loket.web.public.charts import processing_times_chart
from loket.web.shared.access import request_actor
from loket.web.shared.contact import contact_details

# When the accessibility statement was last checked against the pages (and the tests run).
ACCESSIBILITY_STATEMENT_DATE = dt.date(2026, 12, 3)
# The axe-core version the browser tests (tests/browser/test_accessibility.py) ran.
AXE_CORE_VERSION = "4.12"


@require_GET
def processing_times(request: HttpRequest) -> HttpResponse:
    figures = published_figures(actor=request_actor(request), now=timezone.now())
    return render(
        request,
        "public/processing_times.html",
        {
            "rows": figures.rows,
            "chart": processing_times_chart(figures.rows),
            "computed_on": figures.computed_on,
            "track_record": figures.track_record,
            "corrected": figures.corrected,
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
