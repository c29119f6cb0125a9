"""How doors turn a request into an Actor and keep pages to their audience."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from loket.kernel.actors import Actor, Role, request_actor

View = Callable[..., HttpResponse]

__all__ = ["Actor", "View", "request_actor", "signed_in", "staff_only"]


def signed_in(view: View) -> View:
    """Pages for a signed-in person: anyone else is sent to the login page."""
    return login_required(view)


def staff_only(view: View) -> View:
    """Staff pages answer 404 to everyone else: they do not exist for applicants."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request_actor(request).has_role(Role.HANDLER):
            raise Http404("Not found.")
        return view(request, *args, **kwargs)

    return wrapper
