"""``loket forecast refresh``: the daily forecast job from the command line.

Kept here (the product side) so the engine's command module only wires it in.

One run at a time: ``forecasts_refresh`` holds a short lease that a heartbeat renews (see
``loket.kernel.lease``). A second run says in one line that it skipped. A one-off run stopped
with SIGTERM or Ctrl+C frees the lease on its way out, so the next run need not wait; one
killed outright (SIGKILL) blocks the next for at most the lease's few minutes. With
``--every`` SIGTERM lets the round in hand finish first.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
from argparse import ArgumentParser
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import IO, Any

from django.core.management.base import CommandError
from django.db import close_old_connections
from django.utils import timezone
from rich.console import Console

from loket.forecasts.selectors import work_counts
from loket.forecasts.services import RefreshAlreadyRunningError, RefreshResult, forecasts_refresh
from loket.kernel.actors import system_actor
from loket.updates.services import updates_daily_send

logger = logging.getLogger(__name__)


def add_refresh_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--retrain", action="store_true", help="train a new model even if the current one is fine"
    )
    parser.add_argument(
        "--every",
        type=float,
        default=None,
        metavar="HOURS",
        help="keep running and refresh every HOURS hours (stop with Ctrl+C or SIGTERM)",
    )


def work_lists_line(now: dt.datetime) -> str:
    """The counts of the staff work lists at ``now``, for every team: the numbers the staff
    pages (all teams) show and the teams' digests add up to."""
    counts = work_counts(actor=system_actor("loket forecast refresh"), now=now)
    return (
        f"Work lists: {counts.at_risk:,} at risk, {counts.overdue:,} overdue, "
        f"{counts.waiting_past_reply_date:,} waiting for the client past the reply date, "
        f"{counts.received_recently:,} received in the last day."
    )


def _report(console: Console, result: RefreshResult, now: dt.datetime) -> None:
    model = result.model
    trained = f"model of {model.trained_at:%Y-%m-%d %H:%M}" if model else "no model"
    coverage = (
        f"; 80% windows covered {result.drift_coverage:.0%} of recent decisions"
        if result.drift_coverage is not None
        else ""
    )
    console.print(
        f"{timezone.now():%Y-%m-%d %H:%M} {result.reason} ({trained}{coverage}): "
        f"{result.cases_scored:,} open cases scored, {len(result.processing_times)} "
        f"processing times published, {result.notices_sent} delay notices sent, "
        f"{result.digests_sent} team digests sent."
    )
    console.print(work_lists_line(now))


class _Stopped(Exception):  # noqa: N818 (a signal, not an error)
    pass


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """A one-off run: SIGTERM unwinds the run (as Ctrl+C does), so its lease is freed."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread (a test calling the command elsewhere)
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Stopped

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except (_Stopped, KeyboardInterrupt) as error:
        raise CommandError(
            "Stopped before the refresh finished; its lease is freed, so the next run may "
            "start at once."
        ) from error
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_refresh(stream: IO[str], options: dict[str, Any]) -> None:
    if options.get("every") is None:
        with _stop_on_sigterm():
            _run_refresh(stream, options)
    else:
        _run_refresh(stream, options)


def _run_refresh(stream: IO[str], options: dict[str, Any]) -> None:
    console = Console(file=stream, highlight=False)
    stop = threading.Event()
    if options.get("every") is not None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    force = bool(options.get("retrain"))
    every = options.get("every")
    while True:
        try:
            now = timezone.now()
            with console.status("Refreshing forecasts...") as status:
                result = forecasts_refresh(
                    now=now,
                    force_retrain=force,
                    progress=lambda step: status.update(f"Refreshing forecasts: {step}..."),
                )
            _report(console, result, now)
            force = False
        except RefreshAlreadyRunningError as exc:
            # Not a failure: the other run does the work (and a --retrain waits for next round).
            console.print(f"{timezone.now():%Y-%m-%d %H:%M} Skipped: {exc}.")
        except Exception:
            if every is None:
                raise
            # A long-running refresher survives a bad round (a database restart, say).
            logger.exception("forecast refresh failed; trying again next round")
        send_daily_updates(console, keep_going=every is not None)
        if every is not None:
            close_old_connections()  # a long-lived process must not keep a stale connection
        if every is None or stop.wait(float(every) * 3600):
            return


def send_daily_updates(console: Console, *, keep_going: bool) -> None:
    """After the forecasts (a legal-date-passed message gives the new window): the daily
    messages to applicants (``loket.updates``), reminders and legal dates passed. Idempotent,
    so it runs even when another process did today's forecasts."""
    try:
        result = updates_daily_send(now=timezone.now())
    except Exception:
        if not keep_going:
            raise
        logger.exception("daily updates to applicants failed; trying again next round")
        return
    console.print(
        f"{timezone.now():%Y-%m-%d %H:%M} Messages to applicants: {result.reminders} "
        f"reminders to reply, {result.legal_dates_passed} legal dates passed."
    )
