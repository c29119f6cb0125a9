"""Template helpers for the language switch."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in_language(context: template.Context, language: str) -> str:
    """This page's URL in ``language`` (``/en/cases/`` ⇄ ``/cases/``).

    Worked out here, while the page's own language is active, because Django's
    ``set_language`` view runs outside ``i18n_patterns``: there the default language is
    active and it cannot resolve an English ``/en/...`` path to translate it back.
    """
    request: HttpRequest | None = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), language)
