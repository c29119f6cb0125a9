"""The demo's background work, in one thread beside the web server.

A production install runs these as their own processes (``loket db_worker``,
``loket outbox --loop``, ``loket forecast refresh --every 24``); the demo is one command, so
it runs the same service functions here: deliver due messages every few seconds, refresh
forecasts once a day and then send the day's messages to applicants (reminders, legal dates
passed).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.db import close_old_connections
from django.utils import timezone

from loket.forecasts.services import RefreshAlreadyRunningError, forecasts_refresh
from loket.notifications.services import message_deliver_next
from loket.updates.services import updates_daily_send

logger = logging.getLogger(__name__)


def deliver_due_messages(limit: int = 500) -> int:
    delivered = 0
    while delivered < limit and message_deliver_next() is not None:
        delivered += 1
    return delivered


def demo_background_loop(stop: threading.Event, *, interval: float = 5.0) -> None:
    refreshed_on = timezone.localdate()  # the demo refreshed just before serving
    # The daily messages to applicants: in the first round, then once a day.
    updated_on: dt.date | None = None
    while not stop.is_set():
        try:
            if timezone.localdate() != refreshed_on:
                try:
                    forecasts_refresh(now=timezone.now())
                except RefreshAlreadyRunningError as exc:
                    # Another process (a `forecast refresh --every` loop) does today's run.
                    logger.info("demo forecast refresh skipped: %s", exc)
                refreshed_on = timezone.localdate()
            if updated_on != refreshed_on:
                # After the day's forecasts; idempotent, so a restart sends nothing twice.
                updates_daily_send(now=timezone.now())
                updated_on = refreshed_on
            deliver_due_messages()
        except Exception:  # a failing round must not stop the next one
            logger.exception("demo background round failed")
        finally:
            close_old_connections()
        stop.wait(interval)


def start_demo_background() -> threading.Event:
    stop = threading.Event()
    threading.Thread(
        target=demo_background_loop, args=(stop,), name="loket-demo-background", daemon=True
    ).start()
    return stop
