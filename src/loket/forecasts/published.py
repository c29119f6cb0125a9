"""The public processing-times page's figures, read once per publication and then served from
the cache.

The figures change once a day, when ``loket forecast refresh`` publishes; every visitor sees
the same ones (the policies make them public). Counting the track record walks a year of
first windows, so a page that everyone reads must not do it per visit (issue "National
scale": 1,000 requests a second). Publishing deletes the entry. With a cache per process (the
default local-memory cache), other processes keep theirs until ``CACHE_SECONDS`` have passed;
a shared cache (``LOKET_CACHE_URL``, see docs/operations.md) makes the deletion reach all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from django.core.cache import cache
from django.db import transaction

from loket.forecasts.models import ProcessingTime
from loket.forecasts.selectors import (
    TrackRecord,
    correction_in_use,
    forecast_track_record,
    processing_times_latest,
)
from loket.kernel.actors import Actor

CACHE_KEY: Final = "loket:forecasts:published:v1"
# How stale a process's copy may get after a publication it did not see (and how long the
# track record, which counts up to "now", may lag): a few minutes on a page that changes daily.
CACHE_SECONDS: Final = 300


@dataclass(frozen=True)
class PublishedFigures:
    rows: list[ProcessingTime]
    computed_on: dt.date | None
    track_record: list[TrackRecord]
    corrected: bool  # the forecasts carry the open-case correction


def published_figures(*, actor: Actor, now: dt.datetime) -> PublishedFigures:
    """The newest published figures. Public data, the same for every actor, so one cached
    copy serves all; the actor still goes through the policies when the copy is made."""
    figures = cache.get(CACHE_KEY)
    if isinstance(figures, PublishedFigures):
        return figures
    rows = processing_times_latest(actor=actor)
    figures = PublishedFigures(
        rows=rows,
        computed_on=max((row.computed_on for row in rows), default=None),
        track_record=forecast_track_record(actor=actor, now=now),
        corrected=correction_in_use() is not None,
    )
    cache.set(CACHE_KEY, figures, CACHE_SECONDS)
    return figures


def published_figures_forget() -> None:
    """Drop the cached copy once the transaction that published new figures has committed
    (dropping it earlier could let a reader cache the old figures again)."""
    transaction.on_commit(lambda: cache.delete(CACHE_KEY), robust=True)
