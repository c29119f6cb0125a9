"""Sessions end after 30 idle minutes and 12 hours after the login; a login gets a new id.

Before: a session lasted 14 days, with no idle timeout.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
RIGHT = {"username": "amira", "password": "amira-pass-2026"}


def _login(client: Client) -> None:
    assert client.post("/en/login/", RIGHT).status_code == 302


def test_after_30_idle_minutes_the_next_page_asks_to_log_in_again(
    client: Client, amira: User
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        _login(client)
        assert client.get("/en/cases/").status_code == 200
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/en/cases/").status_code == 200  # 29 minutes idle: still in
        clock.shift(dt.timedelta(minutes=32))
        response = client.get("/en/cases/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/en/login/")
    assert "You were logged out because you did nothing for a while" in (response.content.decode())
    assert "_auth_user_id" not in client.session


def test_a_page_every_20_minutes_keeps_the_session_but_not_past_12_hours(
    client: Client, amira: User
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        _login(client)
        for _ in range(35):  # 11 h 40 min of work
            clock.shift(dt.timedelta(minutes=20))
            assert client.get("/en/cases/").status_code == 200
        clock.shift(dt.timedelta(minutes=25))  # 12 h 5 min after the login
        assert client.get("/en/cases/").status_code == 302


def test_the_session_id_changes_at_login(client: Client, amira: User) -> None:
    # A session from before the login (an attacker could have planted its id).
    before = SessionStore()
    before["seen"] = True
    before.create()
    planted = str(before.session_key)
    client.cookies[settings.SESSION_COOKIE_NAME] = planted
    _login(client)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != planted
    assert not SessionStore().exists(planted)  # the old id is gone, not shared


def test_the_session_cookie_lives_no_longer_than_the_absolute_limit() -> None:
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.LOKET_SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_HTTPONLY
