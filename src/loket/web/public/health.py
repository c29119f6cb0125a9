"""``GET /health/``: is this Loket able to work? For load balancers and monitoring.

JSON, no personal data: whether the database answers, and the outbox backlog (how many
messages are due and not yet sent, and how long the oldest has waited). 200 when all is
well; 503 when the database does not answer or the oldest pending message has waited longer
than ``LOKET_HEALTH_OUTBOX_MAX_AGE_MINUTES`` (60): the mail server has been down for an
hour, or no outbox worker runs.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from loket.notifications.selectors import outbox_backlog

logger = logging.getLogger(__name__)

DEFAULT_OUTBOX_MAX_AGE = timedelta(hours=1)


def outbox_max_age() -> timedelta:
    minutes = getattr(settings, "LOKET_HEALTH_OUTBOX_MAX_AGE_MINUTES", None)
    return timedelta(minutes=float(minutes)) if minutes else DEFAULT_OUTBOX_MAX_AGE


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    now = timezone.now()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        backlog = outbox_backlog(now=now)
    except DatabaseError as error:
        # The reason goes to the log, not to whoever asks.
        logger.error("Health check: the database does not answer: %s", error)
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    age = backlog.oldest_age(now)
    limit = outbox_max_age()
    outbox_ok = age is None or age <= limit
    body: dict[str, Any] = {
        "status": "ok" if outbox_ok else "degraded",
        "database": "ok",
        "outbox": {
            "status": "ok" if outbox_ok else "backlog too old",
            "pending": backlog.pending,
            "oldest_pending_seconds": int(age.total_seconds()) if age is not None else None,
            "max_age_seconds": int(limit.total_seconds()),
            "failed": backlog.failed,
        },
    }
    return JsonResponse(body, status=200 if outbox_ok else 503)
