"""Staff type a TOTP code after the password: the browser tests do it as a person would."""

from __future__ import annotations

import time
from base64 import b32decode
from typing import Any

from django_otp.oath import hotp

STEP = 30  # seconds per code (django-otp's default)


def pass_second_factor(page: Any, username: str, check: Any = None) -> None:
    """On the code page after a staff login: read the key the setup page shows (a new staff
    member) or take the confirmed device's, and type the current code. ``check(page)``, if
    given, runs on the code page first (axe). Nothing happens on any other page."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.wait_for_load_state()
    if "/login/code/" not in page.url:
        return
    if check is not None:
        check(page)
    shown = page.locator("#totp-secret")
    if shown.count():
        key, last = b32decode(shown.inner_text().replace(" ", "")), -1
    else:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        key, last = device.bin_key, device.last_t
    now = int(time.time()) // STEP
    if last >= now + 1:  # two codes used in this step already: wait for the next one
        time.sleep(STEP - time.time() % STEP + 0.5)
        now += 1
    counter = max(now, last + 1)  # a code is used once; django-otp accepts one step ahead
    page.locator("#id_code").fill(f"{hotp(key, counter):06d}")
    page.locator("form.loket-card button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login/code/" not in page.url, f"{username}'s code was refused"
