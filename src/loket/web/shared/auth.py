"""Login and logout for the portal: the one swappable authentication layer.

Today: local Django accounts (username + password), good for the demo and for staff.

Production path (ADR-ready note): citizens log in with DigiD and businesses with
eHerkenning through an OpenID Connect broker, using ``mozilla-django-oidc``:

1. add ``mozilla_django_oidc`` to INSTALLED_APPS and an ``OIDCAuthenticationBackend``
   subclass to AUTHENTICATION_BACKENDS that maps the broker's pseudonymous subject (never
   the BSN in clear) to a local user;
2. replace :data:`auth_urlpatterns` below with the OIDC routes (``login/`` redirecting to
   ``oidc_authentication_init``, the callback, and ``logout/`` to the OIDC logout view),
   keeping the URL names ``accounts:login`` and ``accounts:logout``, and remembering the
   language of a login on the English pages as :class:`PortalLoginView` does.

Nothing else changes: every door depends only on the request's ``Actor``
(``loket.kernel.actors.request_actor``) and ``LOGIN_URL``, never on how the user proved who they are.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import get_language

from loket.notifications.services import language_preference_set
from loket.web.shared.forms import LoginForm


class PortalLoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        # Signing in on the English pages is a choice, made perhaps with the switch before
        # signing in; the Dutch pages are only the default, so they leave a choice as it was.
        language = get_language()
        if language != settings.LANGUAGE_CODE and language in dict(settings.LANGUAGES):
            language_preference_set(user=form.get_user(), language=language)
        return response


class PortalLogoutView(auth_views.LogoutView):
    """Logout is a POST (a form button in the page header), as Django 5 requires."""


auth_urlpatterns: list[URLPattern] = [
    path("login/", PortalLoginView.as_view(), name="login"),
    path("logout/", PortalLogoutView.as_view(), name="logout"),
]
