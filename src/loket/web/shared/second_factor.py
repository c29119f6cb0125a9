"""Staff's second factor: a code from an authenticator app (TOTP, django-otp).

After the password, a staff member (``is_staff``) reaches no staff page and no admin page
until they type the current 6-digit code (:class:`StaffSecondFactorMiddleware` sends them
here). Someone without an app set up yet gets the secret and its ``otpauth://`` link as text
to add to their app, and confirms it with a first code. django-otp throttles wrong codes
(a wait of 1, 2, 4… seconds after each). Applicants have no second factor: their production
path is DigiD through OpenID Connect, which has its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.kernel.totp import grouped_key
from loket.web.shared.forms import AccessibleFormMixin

# Where staff land after logging in: the work page of their team (the staff door's).
STAFF_LANDING = "staff:staff-find-case"
# Pages an unverified staff member may still reach: logging in and out, this page, the
# public pages and the language switch.
OPEN_NAMESPACES = frozenset({"accounts", "public"})
OPEN_URL_NAMES = frozenset({"set_language"})


def confirmed_device(user: AbstractBaseUser | AnonymousUser) -> TOTPDevice | None:
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    )
    return device


def setup_device(user: AbstractBaseUser | AnonymousUser) -> TOTPDevice:
    """The device being set up: the same one on every visit until confirmed, so the entry
    the person already added to their app stays right."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Loket"}
    )
    return device


class CodeForm(AccessibleFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=10,
        help_text=_("The 6 digits that your authenticator app shows now."),
    )

    def __init__(self, *args: Any, device: TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric"}
        )
        self.decorate_widgets()

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split())
        allowed, _reason = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("You typed a wrong code several times. Wait a minute and try again.")
            )
        if not (code.isdigit() and self.device.verify_token(code)):
            raise forms.ValidationError(
                _("This code is not right. Type the code your app shows now, without spaces.")
            )
        return code

    def full_clean(self) -> None:
        super().full_clean()
        self.decorate_widgets(self.errors)


def _verified(user: object) -> bool:
    """Whether this session passed the second factor (django-otp's ``OTPMiddleware`` adds
    ``is_verified`` to the user)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(STAFF_LANDING)


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code, or set the app up first; then on to ``next``."""
    user = request.user
    if not user.is_staff:
        raise Http404("Not found.")
    next_url = _next_url(request)
    if _verified(user):
        return HttpResponseRedirect(next_url)
    device = confirmed_device(user)
    setting_up = device is None
    if device is None:
        device = setup_device(user)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        if setting_up:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return HttpResponseRedirect(next_url)
    context = {
        "form": form,
        "setting_up": setting_up,
        "secret": grouped_key(device) if setting_up else "",
        "config_url": device.config_url if setting_up else "",
        "next": next_url,
    }
    return render(request, "web/second_factor.html", context)


class StaffSecondFactorMiddleware:
    """Sends a staff member who has not typed their code yet to :func:`second_factor` from
    every page but the open ones (after django-otp's ``OTPMiddleware``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_staff and not _verified(user):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return self.get_response(request)
            open_page = match.url_name in OPEN_URL_NAMES or bool(
                OPEN_NAMESPACES.intersection(match.namespaces)
            )
            if not open_page:
                return redirect_to_login(request.get_full_path(), reverse("accounts:second-factor"))
        return self.get_response(request)
