"""The public processing-times page reads its figures once per publication: later visits
come from the cache, and publishing new figures replaces them (issue "National scale")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from loket.catalogue.models import ProductType
from loket.forecasts.models import ProcessingTime
from loket.forecasts.published import published_figures_forget
from loket.forecasts.services import processing_times_publish
from loket.lib.forecasting.features import ProcessState

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _queries(client: Client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        html = client.get(path).content.decode()
    # Without the form tokens, which differ per response.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return len(captured), " ".join(html.split())


def test_the_figures_are_read_once_and_then_served_from_the_cache(client: Client) -> None:
    first, _ = _queries(client, "/en/processing-times/")
    again, _ = _queries(client, "/en/processing-times/")
    dutch, _ = _queries(client, "/processing-times/")
    assert first > 0
    # An anonymous visit after the first: no query at all (no session, no figures).
    assert again == 0
    assert dutch == 0


def test_publishing_new_figures_replaces_the_cached_ones(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    study = ProductType.objects.get(code="study")
    ProcessingTime.objects.create(
        product=study,
        computed_on=NOW.date(),
        decisions_last_6_months=100,
        p80_days_last_6_months=40,
        open_cases=3,
    )
    _, before = _queries(client, "/en/processing-times/")
    ProcessingTime.objects.filter(product=study).update(p80_days_last_6_months=77)
    _, cached = _queries(client, "/en/processing-times/")
    assert cached == before  # not yet published: the page still shows what it showed
    empty = np.empty(0)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        processing_times_publish(
            model=None,
            now=NOW,
            state=ProcessState(starts=empty, ends=empty, durations=empty, recent_medians={}),
        )
    assert len(callbacks) == 1  # the cache is dropped after the publication commits
    count, after = _queries(client, "/en/processing-times/")
    assert count > 0
    assert after != before


def test_forgetting_drops_the_copy_once_committed(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    _queries(client, "/en/processing-times/")
    with django_capture_on_commit_callbacks(execute=True):
        published_figures_forget()
    count, _ = _queries(client, "/en/processing-times/")
    assert count > 0
