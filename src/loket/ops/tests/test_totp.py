"""The demo's staff can log in with their second factor: ``loket totp`` prints the code."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from loket.ops.demo import demo_password, ensure_users

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)


def _code(username: str) -> str:
    out = StringIO()
    call_command("totp", username, stdout=out)
    return out.getvalue().strip()


def test_the_demo_handler_logs_in_with_password_and_the_printed_code() -> None:
    logins = {login.username: login for login in ensure_users(now=NOW)}
    assert "loket totp handler" in logins["handler"].role
    assert "loket totp admin" in logins["admin"].role
    client = Client()
    client.post("/en/login/", {"username": "handler", "password": demo_password("handler")})
    assert client.get("/en/staff/").status_code == 302  # the code is still to come
    response = client.post("/en/login/code/", {"code": _code("handler")})
    assert response.status_code == 302
    assert client.get("/en/staff/").status_code == 200


def test_the_code_is_the_one_the_app_shows() -> None:
    ensure_users(now=NOW)
    device = TOTPDevice.objects.get(user__username="admin", confirmed=True)
    assert _code("admin") == f"{totp(device.bin_key):06d}"


def test_running_the_demo_twice_keeps_one_device_per_staff_account() -> None:
    ensure_users(now=NOW)
    ensure_users(now=NOW)
    assert TOTPDevice.objects.filter(user__username="handler").count() == 1


def test_it_refuses_in_production(settings: Settings) -> None:
    ensure_users(now=NOW)
    settings.LOKET_MODE = "production"
    with pytest.raises(CommandError, match="demo and test mode only"):
        _code("handler")


def test_it_names_an_unknown_account() -> None:
    with pytest.raises(CommandError, match="no account 'nobody'"):
        _code("nobody")
