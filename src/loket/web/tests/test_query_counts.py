"""Every main page makes a fixed number of queries, however many cases, letters and messages
there are: no query per row (issue "National scale"). A change that adds a query fails here
and must say why by changing the number."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from loket.cases import services
from loket.cases.models import Case
from loket.forecasts.tests.factories import late_prediction
from loket.notifications.models import Channel
from loket.notifications.services import message_enqueue
from loket.web.conftest import make_story_case

pytestmark = pytest.mark.django_db

# Per page: (who, path, queries). Counted with a warm session and cache.
PAGES = [
    ("applicant", "/en/cases/", 4),
    ("applicant", "/en/cases/KM-2026-0001/", 13),
    ("applicant", "/en/messages/", 5),
    (None, "/en/processing-times/", 0),
    ("staff", "/en/staff/", 18),
    ("staff", "/en/staff/at-risk/", 10),
    ("staff", "/en/staff/overdue/", 9),
    ("staff", "/en/staff/waiting/", 10),
    ("staff", "/en/staff/received/", 9),
]
# What each list must show, so a count is not met by an empty page.
SHOWS = {
    "/en/cases/": "ST-NEW-1",
    "/en/staff/": "ST-WAIT-1",
    "/en/staff/at-risk/": "ST-NEW-1",
    "/en/staff/overdue/": "KM-2026-0001",
    "/en/staff/waiting/": "ST-WAIT-1",
    "/en/staff/received/": "ST-NEW-1",
}


def _world(amira: User, cases: int) -> None:
    """Per ``cases``: one of Amira's story cases (overdue, with a letter and a message), one
    received an hour ago and at risk of being late, and one waiting past its reply date, each
    with a forecast: every work list has ``cases`` rows."""
    now = timezone.now()
    for i in range(1, cases + 1):
        story = make_story_case(amira, reference=f"KM-2026-{i:04d}")
        fresh = services.case_create(
            reference=f"ST-NEW-{i}",
            product="study",
            received_at=now - dt.timedelta(hours=1),
            source="staff",
            applicant=amira,
            team="Studie",
        )
        waiting = services.case_create(
            reference=f"ST-WAIT-{i}",
            product="study",
            received_at=now - dt.timedelta(days=40),
            source="staff",
            team="Studie",
        )
        services.case_record_event(
            case=waiting,
            kind="information_requested",
            at=now - dt.timedelta(days=30),
            source="staff",
            days=14,
            note="Send your passport.",
        )
        for case in (story, fresh, waiting):
            case.refresh_from_db()
            late_prediction(case, at=now, days_after_due=(10, 20, 30))
        message_enqueue(
            channel=Channel.PORTAL,
            recipient=amira,
            subject=f"S{i}",
            body="B",
            language="en",
            case=story,
        )
    assert Case.objects.count() == 3 * cases


def _count(client: Client, path: str) -> int:
    client.get(path)  # warm: the session, the cache, the translations
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    assert SHOWS.get(path, "") in response.content.decode()
    return len(captured)


@pytest.mark.parametrize("cases", [1, 4])
@pytest.mark.parametrize(("who", "path", "queries"), PAGES)
def test_a_page_makes_the_same_queries_for_one_case_or_many(
    client: Client,
    amira: User,
    handler: User,
    cases: int,
    who: str | None,
    path: str,
    queries: int,
) -> None:
    _world(amira, cases)
    if who is not None:
        client.force_login(amira if who == "applicant" else handler)
    assert _count(client, path) == queries
