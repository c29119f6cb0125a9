"""The DigiD login in a real browser: Loket's login page, the provider's login form, back
to Loket's "My applications" (Chromium through Playwright, Loket on ``live_server``, the
provider in its own process)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from pytest_django import Settings

from loket.web.shared import oidc
from tests.browser.chromium import CHROMIUM, launched_chromium
from tests.browser.test_case_page import _assert_accessible

from . import provider as op
from .conftest import RunningProvider

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def browser() -> Iterator[object]:
    with launched_chromium() as chromium:
        yield chromium


def test_a_person_logs_in_with_digid_in_the_browser(
    live_server: object, oidc_provider: RunningProvider, settings: Settings, browser: object
) -> None:
    settings.LOKET_OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_RP_CLIENT_ID = oidc_provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = oidc_provider.client_secret
    oidc._cache.clear()
    base = str(live_server.url)  # type: ignore[attr-defined]
    page = browser.new_page()  # type: ignore[attr-defined]

    page.goto(f"{base}/login/")
    _assert_accessible(page, "login page with the DigiD button")
    page.get_by_role("link", name="Inloggen met DigiD").click()
    page.wait_for_url(f"{oidc_provider.issuer.rsplit('/', 1)[0]}/accounts/login/**")
    page.get_by_label("Username").fill("amira-digid")
    page.get_by_label("Password").fill(op.PASSWORD)
    page.get_by_role("button", name="Log in at the provider").click()

    page.wait_for_url(f"{base}/cases/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn aanvragen"
