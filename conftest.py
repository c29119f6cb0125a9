"""Fixtures for every test in the repository."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _staff_signed_in_with_their_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """``client.force_login(staff)`` signs a staff member in as after password *and* code.

    Staff need a second factor before any staff or admin page
    (``loket.web.shared.second_factor``); a test that signs staff in with ``force_login``
    means a staff member at work, so this gives them a confirmed device and marks the
    session verified, as ``django_otp.login`` does. Tests of the second factor itself log in
    through the login form, which this does not touch.
    """
    original = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        if getattr(user, "is_staff", False):
            from django_otp import DEVICE_ID_SESSION_KEY
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: the published figures and sessions cached by
    one test must not show in the next (the database rolls back; the cache would not)."""
    from django.core.cache import cache

    cache.clear()
