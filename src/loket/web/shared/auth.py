"""Login and logout for the portal: the one swappable authentication layer.

Local Django accounts (username + password), for the demo and for staff. Beside them, when
``LOKET_OIDC_ISSUER`` is set, citizens log in with DigiD and businesses with eHerkenning through
an OpenID Connect broker: :mod:`loket.web.shared.oidc` (``mozilla-django-oidc``), a button on
this login page.

Nothing else changes: every door depends only on the request's ``Actor``
(``loket.kernel.actors.request_actor``) and ``LOGIN_URL``, never on how the user proved who they are.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import URLPattern, path, translate_url
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from loket.kernel.actors import Role, actor_for_user
from loket.notifications.services import language_preference_set
from loket.web.shared.forms import LoginForm
from loket.web.shared.second_factor import STAFF_LANDING, second_factor


def url_in_language(url: str, language: str) -> str:
    """``url`` (a path on this site, with its query) as the same page in ``language``:
    ``/cases/?page=2`` → ``/en/cases/?page=2``. A URL that is no page of a door (the admin,
    another site) comes back as it was.

    Django's ``translate_url`` resolves the path in the active language, so it is called
    with the language the path itself is in: the login page's own language is often not it.
    """
    path_language = translation.get_language_from_path(urlsplit(url).path) or settings.LANGUAGE_CODE
    with translation.override(path_language):
        return translate_url(url, language)


class PortalLoginView(auth_views.LoginView):
    """Login in the language of the login page, and on to the pages in that language.

    A person who is sent to log in comes with the page they asked for in ``next``, in the
    language of that page (``/login/?next=/cases/``). When they switch to English on the
    login page, the switch translates the login page's path but not ``next``; so after the
    login they landed on the Dutch ``/cases/``, and the English they chose was lost. The page
    after the login is therefore ``next`` translated into the login page's language, which
    is the person's latest choice.
    """

    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:
        url = super().get_redirect_url()  # "" when next is missing or not safe
        return url_in_language(url, get_language()) if url else url

    def get_default_redirect_url(self) -> str:
        """Where a login without ``next`` goes: staff to their team's work page, anyone
        else to their own applications (``LOGIN_REDIRECT_URL``)."""
        # The user of this request, just logged in: not an Actor made before the login.
        if actor_for_user(self.request.user).has_role(Role.HANDLER):
            return resolve_url(STAFF_LANDING)
        return super().get_default_redirect_url()

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        # Signing in on the English pages is a choice, made perhaps with the switch before
        # signing in. The Dutch pages are only the default, so they leave an earlier choice
        # as it was, unless this browser chose Dutch with the switch (its language cookie).
        language = get_language()
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) == language
        if language in dict(settings.LANGUAGES) and (language != settings.LANGUAGE_CODE or chosen):
            language_preference_set(user=form.get_user(), language=language)
        return response


class PortalLogoutView(auth_views.LogoutView):
    """``GET /logout/`` asks "Log out?" with a button; the button POSTs (Django 5 logs out
    only on a POST, so a link or a prefetch cannot log anyone out). After logging out, the
    login page says that it happened."""

    http_method_names = ["get", "post", "options"]
    template_name = "web/logout.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if signed_in:
            messages.success(
                request,
                _(
                    "You are logged out. Do other people use this computer too? "
                    "Then close the browser."
                ),
            )
        return response


auth_urlpatterns: list[URLPattern] = [
    path("login/", PortalLoginView.as_view(), name="login"),
    path("logout/", PortalLogoutView.as_view(), name="logout"),
    path("login/code/", second_factor, name="second-factor"),
]
