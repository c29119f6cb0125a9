"""Today's adaptive shifts for the windows, replayed from the windows applicants were shown.

Every case keeps the first window it was shown (``FirstWindow``). Each of its bounds is
answered when it passes: decided before the lower bound is a miss below, still undecided
after the upper bound a miss above (``loket.lib.forecasting.conformal``). Replaying those
answers in time order gives the shifts the daily job applies to today's windows, through
the same ``windows.adaptive_forecast`` the as-deployed backtest measures.
"""

from __future__ import annotations

import datetime as dt
import math

from django.utils import timezone

from loket.forecasts.models import FirstWindow
from loket.lib.forecasting.conformal import AdaptiveShifts, shifts_from_history


def _start_of(day: dt.date) -> float:
    midnight = dt.datetime.combine(day, dt.time(0))
    return timezone.make_aware(midnight, timezone.get_default_timezone()).timestamp()


def adaptive_shifts(*, now: dt.datetime) -> AdaptiveShifts:
    """The shifts learned from every first window whose bounds have passed by ``now``.

    A withdrawn case (closed without a decision) tells nothing and is left out. The lower
    bound passes at the start of its day, the upper one at the end of its day (the window
    names whole days)."""
    rows = FirstWindow.objects.exclude(
        case__closed_at__isnull=False, case__decided_at__isnull=True
    ).values_list("shown_on", "earliest_on", "latest_on", "case__decided_at")
    return shifts_from_history(
        (
            (
                _start_of(shown),
                _start_of(earliest),
                _start_of(latest + dt.timedelta(days=1)),
                decided.timestamp() if decided is not None else math.inf,
            )
            for shown, earliest, latest, decided in rows.iterator(chunk_size=5_000)
        ),
        now=now.timestamp(),
    )
