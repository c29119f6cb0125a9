"""Logging in through an OpenID Connect provider, as DigiD and eHerkenning brokers offer.

Built on ``mozilla-django-oidc`` (MPL-2.0): the authorization-code flow with PKCE (S256),
``state`` bound to the session, a ``nonce`` in the ID token, RS256 signatures checked against
the provider's JWKS. On top of it Loket adds what the library leaves out:

- the provider's endpoints come from its discovery document
  (``LOKET_OIDC_ISSUER`` + ``/.well-known/openid-configuration``), whose ``issuer`` must be
  the one configured;
- the ID token's ``iss`` and ``aud`` are checked (the library checks neither), and the
  userinfo's ``sub`` must be the ID token's;
- the person is found by one claim (``LOKET_OIDC_IDENTITY_CLAIM``, ``sub`` by default),
  never by e-mail. The account's username is a hash of issuer and claim, so a BSN-like claim
  is not stored in clear (a hash of a 9-digit number can still be guessed: prefer the broker's
  pseudonym). Such an account has no password, so it cannot log in through the password form;
- a refused or failed login ends on the login page with a message in plain language, never a
  400 or 500 page.

Off unless ``LOKET_OIDC_ISSUER`` is set: then both URLs answer 404 and the login page shows
no button. Staff who log in this way still need their second factor
(:class:`loket.web.shared.second_factor.StaffSecondFactorMiddleware` looks only at
``is_staff``, not at how the person logged in).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Final

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from loket.kernel.actors import Role, actor_for_user
from loket.notifications.services import language_preference_set
from loket.web.shared.auth import url_in_language
from loket.web.shared.second_factor import STAFF_LANDING

logger = logging.getLogger(__name__)

# The language of the page the login started on: the callback URL is one address (the one
# registered at the provider), so the choice travels in the session.
LANGUAGE_SESSION_KEY: Final = "loket_oidc_language"
DISCOVERY_SECONDS: Final = 3600
USERNAME_PREFIX: Final = "oidc-"


class ProviderUnavailableError(Exception):
    """The provider's discovery document could not be read or is not right."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str


_cache: dict[str, tuple[float, Provider]] = {}
_cache_lock = threading.Lock()


def oidc_enabled() -> bool:
    return bool(settings.LOKET_OIDC_ISSUER)


def oidc_button_label() -> str:
    """The button's text: a deployment's own (``LOKET_OIDC_LABEL``), or ours, translated."""
    label: str = settings.LOKET_OIDC_LABEL
    return label or _("Log in with DigiD")


def provider_config() -> Provider:
    """The configured provider's endpoints, from its discovery document (kept an hour)."""
    issuer: str = settings.LOKET_OIDC_ISSUER
    now = time.monotonic()
    with _cache_lock:
        cached = _cache.get(issuer)
        if cached is not None and now - cached[0] < DISCOVERY_SECONDS:
            return cached[1]
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT, verify=settings.OIDC_VERIFY_SSL)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailableError(f"{url}: {error}") from error
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        # OpenID Connect Discovery 1.0, section 4.3: the issuer must be the one asked for.
        raise ProviderUnavailableError(f"{url}: issuer is not {issuer!r}")
    try:
        provider = Provider(
            issuer=issuer,
            authorization_endpoint=str(document["authorization_endpoint"]),
            token_endpoint=str(document["token_endpoint"]),
            userinfo_endpoint=str(document["userinfo_endpoint"]),
            jwks_uri=str(document["jwks_uri"]),
        )
    except KeyError as error:
        raise ProviderUnavailableError(f"{url}: no {error.args[0]}") from error
    with _cache_lock:
        _cache[issuer] = (now, provider)
    return provider


def identity_username(*, issuer: str, identity: str) -> str:
    """The local username for a person known to ``issuer`` by ``identity``."""
    digest = hashlib.sha256(f"{issuer}\n{identity}".encode()).hexdigest()
    return f"{USERNAME_PREFIX}{digest[:40]}"


class LoketOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Answers only the callback of a login this browser started (it carries the nonce)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The library reads its endpoints here; Loket reads them from discovery at the
        # callback, so that a password login never waits for the provider.
        self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> AbstractBaseUser | None:
        if request is None or not oidc_enabled() or "nonce" not in kwargs:
            return None
        self.provider = provider_config()
        self.OIDC_OP_TOKEN_ENDPOINT = self.provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = self.provider.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = self.provider.jwks_uri
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        user: AbstractBaseUser | None = super().authenticate(request, **kwargs)
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        # The library looks the key up by ``kid`` and fails with a KeyError (a 500) on a
        # token without one; an unsigned token must not get that far either.
        header = jwt.get_unverified_header(token)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO or not header.get("kid"):
            raise SuspiciousOperation("ID token not signed with the provider's key")
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        if payload.get("iss") != self.provider.issuer:
            raise SuspiciousOperation("ID token from another issuer")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token authorised for another client")
        return payload

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> AbstractBaseUser | None:
        userinfo: dict[str, Any] = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            # OpenID Connect Core 1.0, section 5.3.2: else the answer is not about this person.
            raise SuspiciousOperation("userinfo is about another subject")
        claim: str = settings.LOKET_OIDC_IDENTITY_CLAIM
        identity = userinfo.get(claim, payload.get(claim))
        if not isinstance(identity, str | int) or not str(identity).strip():
            raise SuspiciousOperation(f"no {claim!r} claim")
        username = identity_username(issuer=self.provider.issuer, identity=str(identity).strip())
        user: AbstractBaseUser | None = self.UserModel.objects.filter(username=username).first()
        if user is None:
            user = self.UserModel.objects.create_user(
                username,
                email=str(userinfo.get("email", "")),
                first_name=str(userinfo.get("given_name", ""))[:150],
                last_name=str(userinfo.get("family_name", ""))[:150],
            )
        return user


def _login_page(language: str) -> str:
    with translation.override(language):
        return reverse("accounts:login")


class OIDCStartView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """``GET /login/oidc/``: off to the provider, with state, nonce and a PKCE challenge.

    A link, not a form: CSP's ``form-action 'self'`` stops a form's redirect to another
    site, and starting a login changes nothing that a forged request could abuse."""

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # the library's reads settings we fill per request

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404("Not found.")
        language = translation.get_language() or settings.LANGUAGE_CODE
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_config().authorization_endpoint
        except ProviderUnavailableError as error:
            logger.warning("OpenID Connect provider unavailable: %s", error)
            messages.error(
                request,
                _("Logging in with DigiD is not possible right now. Try again later."),
            )
            return HttpResponseRedirect(_login_page(language))
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        request.session[LANGUAGE_SESSION_KEY] = language
        # The callback address is the one registered at the provider: the default language's.
        with translation.override(settings.LANGUAGE_CODE):
            response: HttpResponse = super().get(request)
        return response


class OIDCCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """``GET /login/oidc/callback/``: the provider sends the person back here with a code."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404("Not found.")
        self.language = str(request.session.get(LANGUAGE_SESSION_KEY) or settings.LANGUAGE_CODE)
        try:
            with translation.override(settings.LANGUAGE_CODE):
                response: HttpResponse = super().get(request)
        except (SuspiciousOperation, jwt.PyJWTError, requests.RequestException) as error:
            # A state this browser never sent, a token whose signature, issuer, audience or
            # nonce is wrong, a code the provider refuses.
            logger.warning("OpenID Connect login refused: %s", error)
            return self.login_failure()
        except ProviderUnavailableError as error:
            logger.warning("OpenID Connect provider unavailable: %s", error)
            return self.login_failure()
        return response

    def login_failure(self) -> HttpResponse:
        with translation.override(self.language):
            if self.request.GET.get("error"):
                text = _("You stopped logging in with DigiD. You are not logged in.")
            else:
                text = _(
                    "Logging in with DigiD did not work. Perhaps it took too long, or you "
                    "started it in another window. Please try again."
                )
            messages.error(self.request, text)
        return HttpResponseRedirect(_login_page(self.language))

    def login_success(self) -> HttpResponse:
        super().login_success()  # logs in (a new session id) unless this user already was
        user = self.request.user
        language = self.language
        if language != settings.LANGUAGE_CODE and language in dict(settings.LANGUAGES):
            language_preference_set(user=user, language=language)
        return HttpResponseRedirect(self._next_url(user, language))

    def _next_url(self, user: AbstractBaseUser | AnonymousUser, language: str) -> str:
        # The library checked ``next`` against this host before keeping it in the session.
        wanted = self.request.session.pop("oidc_login_next", None)
        if wanted:
            return url_in_language(str(wanted), language)
        with translation.override(language):
            if actor_for_user(user).has_role(Role.HANDLER):
                return resolve_url(STAFF_LANDING)
            return resolve_url(settings.LOGIN_REDIRECT_URL)


oidc_urlpatterns: list[URLPattern] = [
    path("login/oidc/", OIDCStartView.as_view(), name="oidc-start"),
    path("login/oidc/callback/", OIDCCallbackView.as_view(), name="oidc-callback"),
]
