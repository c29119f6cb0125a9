"""Staff page of the outbox's dead letters: messages that could not be delivered, why, and a
button to send one again (after the address was corrected, or the staff member checked with
the person that an unconfirmed message did not arrive)."""

from __future__ import annotations

from typing import Any, Final

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from loket.notifications.policies import dead_letters_visible_to
from loket.notifications.services import message_retry
from loket.web.shared.access import request_actor, staff_only

PAGE_SIZE: Final = 50


@require_http_methods(["GET", "POST"])
@staff_only
def undelivered(request: HttpRequest) -> HttpResponse:
    dead = dead_letters_visible_to(request_actor(request))
    if request.method == "POST":
        try:
            message_id = int(request.POST.get("message", ""))
        except ValueError as error:
            raise Http404("No such message.") from error
        if not dead.filter(pk=message_id).exists():
            # Sent again already (by a colleague, or a second click): nothing to do.
            messages.info(request, _("This message is no longer undelivered."))
        elif message_retry(message_id=message_id):
            messages.success(request, _("The message will be sent again in a moment."))
        return redirect("staff:undelivered")
    page: Page[Any] = Paginator(dead, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "staff/undelivered.html", {"page": page, "rows": page.object_list})
