"""Template helper for the login page: the OpenID Connect button's text, or nothing when
that login is off (``LOKET_OIDC_ISSUER`` not set)."""

from __future__ import annotations

from django import template

from loket.web.shared.oidc import oidc_button_label, oidc_enabled

register = template.Library()


@register.simple_tag
def oidc_login_label() -> str:
    """``{% oidc_login_label as label %}``: empty when the OpenID Connect login is off."""
    return oidc_button_label() if oidc_enabled() else ""
