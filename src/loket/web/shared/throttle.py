"""Login throttling on top of django-axes: three limits, one clear message.

Axes counts failed logins per (username, address, browser) row and locks on one limit. Loket
keeps axes's counting and adds two wider limits (ASVS 5.0 V6.3.1: at most 100 failed attempts
an hour on one account), all over the last ``AXES_COOLOFF_TIME`` (an hour):

- one account from one address: ``AXES_FAILURE_LIMIT`` (10) — someone guessing, or a person who
  forgot; locking only this pair means an attacker elsewhere cannot lock the owner out;
- one account from all addresses: ``LOKET_LOGIN_ACCOUNT_LIMIT`` (100) — guessing spread over
  many addresses (a botnet);
- one address over all accounts: ``LOKET_LOGIN_ADDRESS_LIMIT`` (100) — credential stuffing.

A locked-out login gets the login page again with the reason in plain language (status 429),
for the portal's and the admin's login alike (the admin's login is the portal's).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from loket.web.shared.forms import LoginForm


def client_address(request: HttpRequest) -> str:
    """The address of the browser: ``REMOTE_ADDR``, or behind ``LOKET_TRUSTED_PROXY_COUNT``
    reverse proxies the entry of ``X-Forwarded-For`` that the outermost trusted proxy added.

    Entries further left were written by the client and can be anything, so only the one
    our own proxies vouch for counts (an attacker cannot choose a fresh address per try).
    """
    count: int = settings.LOKET_TRUSTED_PROXY_COUNT
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if count <= 0:
        return remote
    forwarded = [
        part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    ]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


def _failures(since: Any, **where: str) -> int:
    total = (
        AccessAttempt.objects.filter(attempt_time__gte=since, **where)
        .aggregate(total=Sum("failures_since_start"))
        .get("total")
    )
    return int(total or 0)


class LoketAxesHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Axes's database handler with the per-account and per-address limits added."""

    def _over_wide_limit(self, request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
        cool_off = get_cool_off(request) or timedelta(hours=1)
        since = getattr(request, "axes_attempt_time", None)
        if since is None:
            return False
        since -= cool_off
        username = get_client_username(request, credentials)
        address = str(getattr(request, "axes_ip_address", "") or "")
        if username and (_failures(since, username=username) >= settings.LOKET_LOGIN_ACCOUNT_LIMIT):
            return True
        return bool(address) and (
            _failures(since, ip_address=address) >= settings.LOKET_LOGIN_ADDRESS_LIMIT
        )

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        return bool(super().is_locked(request, credentials)) or self._over_wide_limit(
            request, credentials
        )

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        # The failure that reaches a wide limit is refused with the message too, not only
        # the next try.
        if (
            request is not None
            and not getattr(request, "axes_locked_out", False)
            and self._over_wide_limit(request, credentials)
        ):
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]


def lockout_message() -> str:
    minutes = int((get_cool_off() or timedelta(hours=1)).total_seconds() // 60)
    return _(
        "You tried to log in too often with a wrong password. To protect your account, "
        "you cannot log in for %(minutes)d minutes. Try again later. Forgot your password? "
        "Then call us: our number is at the bottom of this page."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The login page with the lockout message (axes's ``AXES_LOCKOUT_CALLABLE``)."""
    response = TemplateResponse(
        request,
        "web/login.html",
        {"form": LoginForm(request), "lockout_message": lockout_message()},
        status=429,
    )
    return response.render()
