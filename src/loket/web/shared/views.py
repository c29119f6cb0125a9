"""Views every door shares: the language switch."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views import i18n

from loket.notifications.services import language_preference_set


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers a signed-in person's choice: the
    messages we send them (delay notices) are written in that language."""
    response = i18n.set_language(request)
    language = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER, "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
    ):
        language_preference_set(user=request.user, language=language)
    return response
