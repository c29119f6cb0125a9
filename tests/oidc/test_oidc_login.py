"""The OpenID Connect login (DigiD through a broker) against a real provider on localhost.

Loket runs in the test client; the provider (``provider.py``, django-oidc-provider) runs in
its own process and the test is the person's browser there (``requests``). Loket's server
side really calls the provider's discovery, token, JWKS and userinfo endpoints.
"""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, urljoin, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import Settings

from loket.web.shared import oidc
from loket.web.shared.oidc import LoketOIDCBackend, identity_username

from . import provider as op
from .conftest import RunningProvider

pytestmark = pytest.mark.django_db


def _start(client: Client, language_prefix: str = "/en") -> str:
    """Loket's login page shows the button; following it leads to the provider."""
    page = client.get(f"{language_prefix}/login/").content.decode()
    start = f"{language_prefix}/login/oidc/"
    assert f'href="{start}"' in page
    response = client.get(start)
    assert response.status_code == 302
    return str(response["Location"])


def _log_in_at_provider(authorize_url: str, username: str = "amira-digid") -> str:
    """What the person does at the provider: log in. Returns where it sends them back to."""
    browser = requests.Session()
    to_login = browser.get(authorize_url, allow_redirects=False, timeout=10)
    assert to_login.status_code == 302, to_login.text
    login_url = urljoin(authorize_url, to_login.headers["Location"])
    form = browser.get(login_url, timeout=10)
    assert "Test DigiD: log in" in form.text
    logged_in = browser.post(
        login_url,
        data={
            "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
            "username": username,
            "password": op.PASSWORD,
            "next": parse_qs(urlsplit(login_url).query)["next"][0],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert logged_in.status_code == 302, logged_in.text
    back = browser.get(
        urljoin(login_url, logged_in.headers["Location"]), allow_redirects=False, timeout=10
    )
    assert back.status_code == 302, back.text
    return str(back.headers["Location"])


def _callback_path(url: str) -> str:
    parts = urlsplit(url)
    assert (
        f"{parts.scheme}://{parts.netloc}{parts.path}" == "http://testserver/login/oidc/callback/"
    )
    return f"{parts.path}?{parts.query}"


def test_an_applicant_logs_in_with_digid_and_sees_their_applications(
    client: Client, oidc_on: RunningProvider, settings: Settings
) -> None:
    settings.OIDC_RP_SCOPES = "openid profile"  # names too (by default only the subject)
    authorize_url = _start(client)
    query = parse_qs(urlsplit(authorize_url).query)
    assert authorize_url.startswith(f"{oidc_on.issuer}/authorize?")
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]  # PKCE
    assert query["redirect_uri"] == ["http://testserver/login/oidc/callback/"]
    assert query["state"]
    assert query["nonce"]

    back = client.get(_callback_path(_log_in_at_provider(authorize_url)))

    assert back.status_code == 302
    assert back["Location"] == "/en/cases/"  # started on the English pages: stays English
    page = client.get(back["Location"])
    assert page.status_code == 200
    assert '<h1 class="utrecht-heading-1">My applications</h1>' in page.content.decode()
    user = User.objects.get(username=identity_username(
        issuer=oidc_on.issuer, identity="pseudo-amira-digid"
    ))  # fmt: skip
    assert (user.first_name, user.has_usable_password()) == ("Amira", False)


def test_a_second_login_finds_the_same_account_and_a_next_page_is_kept(
    client: Client, oidc_on: RunningProvider
) -> None:
    client.get(_callback_path(_log_in_at_provider(_start(client))))
    first = client.session["_auth_user_id"]
    client.post("/en/logout/")

    response = client.get("/en/login/oidc/?next=/en/messages/")
    back = client.get(_callback_path(_log_in_at_provider(str(response["Location"]))))
    assert back["Location"] == "/en/messages/"
    assert client.session["_auth_user_id"] == first
    assert User.objects.filter(username__startswith="oidc-").count() == 1


def test_the_person_is_found_by_the_configured_claim_not_by_email(
    client: Client, oidc_on: RunningProvider, settings: Settings
) -> None:
    """An existing password account with the provider's e-mail address is not taken over."""
    User.objects.create_user("amira", email="amira-digid@provider.example", password="x-2026")
    settings.LOKET_OIDC_IDENTITY_CLAIM = "email"  # a claim the userinfo gives
    settings.OIDC_RP_SCOPES = "openid email"
    client.get(_callback_path(_log_in_at_provider(_start(client))))
    user = User.objects.get(pk=client.session["_auth_user_id"])
    assert user.username == identity_username(
        issuer=oidc_on.issuer, identity="amira-digid@provider.example"
    )
    assert user.username != "amira"


def test_staff_who_log_in_with_the_provider_still_need_their_second_factor(
    client: Client, oidc_on: RunningProvider
) -> None:
    User.objects.create_user(
        identity_username(issuer=oidc_on.issuer, identity="pseudo-hanneke-digid"), is_staff=True
    )
    back = client.get(_callback_path(_log_in_at_provider(_start(client), "hanneke-digid")))
    assert back["Location"] == "/en/staff/"
    work_page = client.get("/en/staff/")
    assert work_page.status_code == 302
    assert work_page["Location"] == "/en/login/code/?next=/en/staff/"
    assert client.get("/en/staff/at-risk/")["Location"].startswith("/en/login/code/")


def test_a_state_this_browser_did_not_send_is_refused_with_a_message(
    client: Client, oidc_on: RunningProvider, caplog: pytest.LogCaptureFixture
) -> None:
    callback = _callback_path(_log_in_at_provider(_start(client)))
    forged = callback.replace("state=", "state=forged")
    response = client.get(forged, follow=True)
    assert response.redirect_chain[0] == ("/en/login/", 302)
    _assert_refused(client, response, caplog, "state not found in session")


def test_a_code_sent_to_another_browser_does_not_log_it_in(
    client: Client, oidc_on: RunningProvider
) -> None:
    """Login CSRF: an attacker's own callback link, opened in the victim's browser."""
    attackers_callback = _callback_path(_log_in_at_provider(_start(Client())))
    response = client.get(attackers_callback, follow=True)
    assert "_auth_user_id" not in client.session
    # This browser never chose English: the message is in Dutch, on the Dutch login page.
    assert response.redirect_chain[-1] == ("/login/", 302)
    assert "Inloggen met DigiD is niet gelukt" in response.content.decode()


def test_a_callback_is_used_once(client: Client, oidc_on: RunningProvider) -> None:
    callback = _callback_path(_log_in_at_provider(_start(client)))
    assert client.get(callback)["Location"] == "/en/cases/"
    client.post("/en/logout/")
    replay = client.get(callback, follow=True)
    assert "_auth_user_id" not in client.session
    assert "Inloggen met DigiD is niet gelukt" in replay.content.decode()  # a new session


def _tamper_tokens(monkeypatch: pytest.MonkeyPatch, change: object) -> None:
    """Between provider and Loket, ``change`` rewrites the real ID token the provider sent."""
    original = LoketOIDCBackend.get_token

    def get_token(self: LoketOIDCBackend, payload: dict[str, str]) -> dict[str, str]:
        tokens: dict[str, str] = original(self, payload)
        tokens["id_token"] = change(tokens["id_token"])  # type: ignore[operator]
        return tokens

    monkeypatch.setattr(LoketOIDCBackend, "get_token", get_token)


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(token: str) -> dict[str, object]:
    claims: dict[str, object] = jwt.decode(token, options={"verify_signature": False})
    return claims


_OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _resigned(token: str) -> str:
    """The same claims and ``kid``, signed with a key that is not the provider's."""
    kid = jwt.get_unverified_header(token)["kid"]
    return jwt.encode(_claims(token), _OTHER_KEY, algorithm="RS256", headers={"kid": kid})


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        # Another subject in the payload, the provider's signature kept.
        (lambda t: ".".join([t.split(".")[0], _b64({**_claims(t), "sub": "pseudo-someone"}), t.split(".")[2]]),
         "JWS token verification failed"),
        (_resigned, "JWS token verification failed"),
        # Unsigned ("alg": "none").
        (lambda t: ".".join([_b64({"alg": "none", "typ": "JWT"}), t.split(".")[1], ""]),
         "not signed with the provider's key"),
        # Algorithm confusion: HS256 with the client secret as the key.
        (lambda t: jwt.encode(_claims(t), op.CLIENT_SECRET * 2, algorithm="HS256"),
         "not signed with the provider's key"),
    ],
    ids=["changed-payload", "other-key", "unsigned", "hs256-with-secret"],
)  # fmt: skip
def test_an_id_token_that_is_not_as_the_provider_signed_it_is_refused(
    client: Client,
    oidc_on: RunningProvider,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    change: object,
    reason: str,
) -> None:
    _tamper_tokens(monkeypatch, change)
    response = client.get(_callback_path(_log_in_at_provider(_start(client))), follow=True)
    _assert_refused(client, response, caplog, reason)
    assert not User.objects.filter(username__startswith="oidc-").exists()


def _assert_refused(
    client: Client, response: object, caplog: pytest.LogCaptureFixture, reason: str
) -> None:
    assert "_auth_user_id" not in client.session
    assert "Logging in with DigiD did not work" in response.content.decode()  # type: ignore[attr-defined]
    assert reason in caplog.text


def test_an_id_token_with_another_nonce_is_refused(
    client: Client, oidc_on: RunningProvider, caplog: pytest.LogCaptureFixture
) -> None:
    authorize_url = _start(client)
    state = parse_qs(urlsplit(authorize_url).query)["state"][0]
    session = client.session
    session["oidc_states"][state]["nonce"] = "not-the-nonce-the-provider-signed"
    session.save()
    response = client.get(_callback_path(_log_in_at_provider(authorize_url)), follow=True)
    _assert_refused(client, response, caplog, "Nonce verification failed")


def test_an_id_token_for_another_client_is_refused(
    client: Client,
    oidc_on: RunningProvider,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The library does not check ``aud``; Loket does. Here Loket believes it is another
    client, so the provider's genuine token (for ``loket-test``) is not meant for it."""
    callback = _callback_path(_log_in_at_provider(_start(client)))
    settings.OIDC_RP_CLIENT_ID = "another-client"
    settings.OIDC_TOKEN_USE_BASIC_AUTH = False
    original = LoketOIDCBackend.get_token

    def get_token(self: LoketOIDCBackend, payload: dict[str, str]) -> dict[str, str]:
        tokens: dict[str, str] = original(self, {**payload, "client_id": op.CLIENT_ID})
        return tokens

    monkeypatch.setattr(LoketOIDCBackend, "get_token", get_token)
    response = client.get(callback, follow=True)
    _assert_refused(client, response, caplog, "ID token for another client")


def test_stopping_at_the_provider_says_so(client: Client, oidc_on: RunningProvider) -> None:
    state = parse_qs(urlsplit(_start(client)).query)["state"][0]
    response = client.get(f"/login/oidc/callback/?error=access_denied&state={state}", follow=True)
    assert "You stopped logging in with DigiD" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_provider_that_is_down_gives_a_message_not_an_error_page(
    client: Client, settings: Settings
) -> None:
    settings.LOKET_OIDC_ISSUER = "http://127.0.0.1:9/openid"  # nothing listens there
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "x", "y"
    settings.OIDC_TIMEOUT = 2
    oidc._cache.clear()
    response = client.get("/en/login/oidc/", follow=True)
    assert response.status_code == 200
    assert "Logging in with DigiD is not possible right now" in response.content.decode()


def test_when_it_is_not_configured_there_is_no_button_and_no_door(client: Client) -> None:
    assert "/login/oidc/" not in client.get("/en/login/").content.decode()
    assert client.get("/en/login/oidc/").status_code == 404
    assert client.get("/login/oidc/callback/?code=x&state=y").status_code == 404


def test_the_password_login_is_unchanged_when_it_is_configured(
    client: Client, oidc_on: RunningProvider
) -> None:
    User.objects.create_user("bram", password="bram-pass-2026")
    response = client.post("/en/login/", {"username": "bram", "password": "bram-pass-2026"})
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"
