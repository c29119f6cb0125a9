"""Sessions are read from the cache, so a signed-in page makes no query for its session once
the cache holds it; logging out still ends the session on the server (ADR 7)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_a_warm_session_costs_no_session_query(client: Client, amira: User) -> None:
    client.force_login(amira)
    client.get("/en/cases/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/en/cases/").status_code == 200
    assert not [q for q in captured.captured_queries if "django_session" in q["sql"]]


def test_logging_out_ends_the_session_in_the_database_and_the_cache(
    client: Client, amira: User
) -> None:
    client.force_login(amira)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post("/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key or ""  # a copy of the old cookie
    assert client.get("/en/cases/").status_code == 302  # to the login page
