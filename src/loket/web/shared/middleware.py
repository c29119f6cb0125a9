"""Request-wide rules of every door: a request id, session time limits, no caching of
personal pages.

- :class:`RequestIdMiddleware` (first): each request gets an id, from a trusted proxy's
  ``X-Request-ID`` or made here; logs carry it and the response returns it.
- :class:`SessionTimeoutMiddleware` (after authentication): a session ends after
  ``LOKET_SESSION_IDLE_MINUTES`` without a request and ``LOKET_SESSION_MAX_HOURS`` after
  the login, whatever happens in between (ASVS V7.3.1, V7.3.2).
- :class:`NoStoreMiddleware`: pages for a signed-in person and the pages of the applicant's
  and the staff door and the admin get ``Cache-Control: no-store``, so no browser or proxy
  cache keeps personal data (ASVS V14.3.2). Anonymous public pages stay cacheable.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from loket.kernel.requests import set_request_id

GetResponse = Callable[[HttpRequest], HttpResponse]

REQUEST_ID_HEADER = "X-Request-ID"
# What we accept from a proxy: short, no spaces or control characters (it goes into logs).
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

SIGNED_IN_AT = "loket_signed_in_at"
LAST_SEEN_AT = "loket_last_seen_at"
# The last-seen time is written at most this often: not a session write per request.
_SEEN_RESOLUTION = 60

PERSONAL_NAMESPACES = frozenset({"applicant", "staff", "admin", "accounts"})


class RequestIdMiddleware:
    """Sets the id for the whole request. It is cleared when the request has finished
    (Django's ``request_finished``), not on the way out of this middleware: Django logs an
    error or a 404 after the middleware returned, and that line needs the id too."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        request_finished.connect(_clear_request_id, dispatch_uid="loket-request-id")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        trusted = settings.LOKET_TRUSTED_PROXY_COUNT > 0 and _REQUEST_ID.fullmatch(offered)
        request_id = offered if trusted else uuid.uuid4().hex
        set_request_id(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


def _clear_request_id(**kwargs: object) -> None:
    set_request_id(None)


class SessionTimeoutMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = time.time()
        if request.user.is_authenticated and self._expired(request, now):
            logout(request)
            messages.info(
                request,
                _(
                    "You were logged out because you did nothing for a while, or because "
                    "you were logged in for a long time. Log in again."
                ),
            )
        response = self.get_response(request)
        if request.user.is_authenticated:
            session = request.session
            session.setdefault(SIGNED_IN_AT, now)
            if now - float(session.get(LAST_SEEN_AT, 0)) >= _SEEN_RESOLUTION:
                session[LAST_SEEN_AT] = now
        return response

    @staticmethod
    def _expired(request: HttpRequest, now: float) -> bool:
        session = request.session
        signed_in = session.get(SIGNED_IN_AT)
        seen = session.get(LAST_SEEN_AT)
        idle = settings.LOKET_SESSION_IDLE_MINUTES * 60 + _SEEN_RESOLUTION
        absolute = settings.LOKET_SESSION_MAX_HOURS * 3600
        return (signed_in is not None and now - float(signed_in) > absolute) or (
            seen is not None and now - float(seen) > idle
        )


class NoStoreMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        already = "no-store" in response.get("Cache-Control", "")  # e.g. downloads
        if not already and (request.user.is_authenticated or _personal_door(request)):
            add_never_cache_headers(response)  # no-store, no-cache, private, max-age=0
        return response


def _personal_door(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return bool(PERSONAL_NAMESPACES.intersection(match.namespaces))
