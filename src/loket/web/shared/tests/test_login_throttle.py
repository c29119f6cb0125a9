"""Failed logins are throttled per account and address (django-axes and Loket's wider limits).

Before: 200 wrong passwords on the portal (50 on the admin), then the right one logged in.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import Settings

pytestmark = pytest.mark.django_db

RIGHT = {"username": "amira", "password": "amira-pass-2026"}
WRONG = {"username": "amira", "password": "not-her-password"}


def _fail(client: Client, times: int, path: str = "/login/", **extra: str) -> None:
    for _ in range(times):
        response = client.post(path, WRONG, **extra)  # type: ignore[arg-type]
        assert response.status_code in (200, 429)


def test_after_ten_wrong_passwords_the_right_one_is_refused_with_a_message(
    client: Client, amira: User
) -> None:
    _fail(client, 9)
    response = client.post("/login/", WRONG)
    assert response.status_code == 429
    response = client.post("/login/", RIGHT)
    assert response.status_code == 429  # not a redirect to her cases
    page = response.content.decode()
    assert "Inloggen is even geblokkeerd" in page  # the login page, in Dutch
    assert "60 minuten" in page
    assert 'name="password"' in page
    assert "_auth_user_id" not in client.session


def test_the_message_is_in_english_on_the_english_login_page(client: Client, amira: User) -> None:
    _fail(client, 10, "/en/login/")
    page = client.post("/en/login/", RIGHT).content.decode()
    assert "Logging in is blocked for a while" in page
    assert "you cannot log in for 60 minutes" in page


def test_nine_wrong_passwords_then_the_right_one_logs_in(client: Client, amira: User) -> None:
    _fail(client, 9)
    assert client.post("/login/", RIGHT).status_code == 302


def test_a_lockout_of_one_address_does_not_lock_the_owner_out_elsewhere(
    client: Client, amira: User
) -> None:
    _fail(client, 10, REMOTE_ADDR="203.0.113.9")
    assert client.post("/login/", RIGHT, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert client.post("/login/", RIGHT, REMOTE_ADDR="198.51.100.4").status_code == 302


def test_one_account_is_locked_after_its_account_limit_over_many_addresses(
    client: Client, amira: User, settings: Settings
) -> None:
    settings.LOKET_LOGIN_ACCOUNT_LIMIT = 30
    for address in range(10):  # 3 failures from each of 10 addresses: no pair reaches 10
        _fail(client, 3, REMOTE_ADDR=f"192.0.2.{address}")
    response = client.post("/login/", RIGHT, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 429


def test_one_address_is_locked_after_its_address_limit_over_many_accounts(
    client: Client, amira: User, settings: Settings
) -> None:
    settings.LOKET_LOGIN_ADDRESS_LIMIT = 20
    for name in ("a", "b", "c", "d"):
        for _ in range(5):
            client.post("/login/", {"username": name, "password": "guess"})
    assert client.post("/login/", RIGHT).status_code == 429


def test_the_default_limits_meet_asvs_at_most_100_failures_an_hour(settings: Settings) -> None:
    assert settings.LOKET_LOGIN_ACCOUNT_LIMIT <= 100
    assert settings.AXES_FAILURE_LIMIT <= settings.LOKET_LOGIN_ACCOUNT_LIMIT
    assert settings.AXES_COOLOFF_TIME.total_seconds() >= 3600


def test_the_admin_login_is_the_portal_login_with_the_same_lockout(
    client: Client, amira: User
) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/admin/"
    # A POST to the admin's login authenticates nobody: no second door to guess through.
    response = client.post("/admin/login/", RIGHT)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_behind_a_trusted_proxy_the_forwarded_address_counts(
    client: Client, amira: User, settings: Settings
) -> None:
    settings.LOKET_TRUSTED_PROXY_COUNT = 1
    # The client writes the left entries; only the one the proxy added (right) is believed.
    for fake in range(10):
        client.post("/login/", WRONG, HTTP_X_FORWARDED_FOR=f"10.0.0.{fake}, 203.0.113.9")
    blocked = client.post("/login/", RIGHT, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9")
    assert blocked.status_code == 429
    other = client.post("/login/", RIGHT, HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert other.status_code == 302
