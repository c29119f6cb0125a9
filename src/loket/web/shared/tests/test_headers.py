"""Security headers: a strict CSP everywhere, no-store on pages with personal data, a
request id on every answer.

Before: no CSP, no Cache-Control on personal pages.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import Settings

from loket.cases.models import Case

pytestmark = pytest.mark.django_db


def test_every_page_has_a_strict_content_security_policy(client: Client) -> None:
    for path in ("/login/", "/en/processing-times/", "/en/contact/"):
        policy = client.get(path)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy


@pytest.mark.parametrize("who", ["applicant", "staff", "admin"])
def test_pages_with_personal_data_are_never_stored(
    client: Client,
    who: str,
    amira: User,
    handler: User,
    story_case: Case,
    django_user_model: type[User],
) -> None:
    if who == "applicant":
        client.force_login(amira)
        paths = ["/en/cases/", f"/en/cases/{story_case.reference}/", "/en/messages/"]
    elif who == "staff":
        client.force_login(handler)
        paths = ["/en/staff/", f"/en/staff/cases/{story_case.reference}/events/new/"]
    else:
        client.force_login(django_user_model.objects.create_superuser("root", "r@x.nl", "pw"))
        paths = ["/admin/", f"/admin/cases/case/{story_case.pk}/change/"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
        assert "private" in response["Cache-Control"], path


def test_the_login_page_is_not_stored_and_public_pages_may_be_cached(client: Client) -> None:
    assert "no-store" in client.get("/login/")["Cache-Control"]
    assert "no-store" not in client.get("/en/processing-times/").get("Cache-Control", "")


def test_a_public_page_seen_signed_in_is_not_stored(client: Client, amira: User) -> None:
    client.force_login(amira)  # its header names the person
    assert "no-store" in client.get("/en/processing-times/")["Cache-Control"]


def test_every_answer_carries_a_fresh_request_id(client: Client) -> None:
    first = client.get("/login/")["X-Request-ID"]
    second = client.get("/does-not-exist/")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


def test_a_request_id_from_a_client_is_ignored_without_a_trusted_proxy(client: Client) -> None:
    response = client.get("/login/", HTTP_X_REQUEST_ID="attacker-chosen")
    assert response["X-Request-ID"] != "attacker-chosen"


def test_a_trusted_proxy_s_request_id_is_kept_if_it_is_well_formed(
    client: Client, settings: Settings
) -> None:
    settings.LOKET_TRUSTED_PROXY_COUNT = 1
    assert client.get("/login/", HTTP_X_REQUEST_ID="lb-7f3a.42")["X-Request-ID"] == "lb-7f3a.42"
    odd = client.get("/login/", HTTP_X_REQUEST_ID="bad id\nwith=newline")["X-Request-ID"]
    assert odd != "bad id\nwith=newline"
    assert len(odd) == 32
