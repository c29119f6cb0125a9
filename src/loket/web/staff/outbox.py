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

from loket.audit.models import Activity, Operation
from loket.audit.services import Processed
from loket.notifications.models import Message
from loket.notifications.policies import dead_letters_visible_to
from loket.notifications.services import message_retry
from loket.web.shared.access import request_actor, staff_only
from loket.web.shared.processing import log_processing

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
            log_processing(
                request,
                Activity.MESSAGE_READ,
                [
                    _processed(m)
                    for m in Message.objects.filter(pk=message_id).select_related("case")
                ],
                operation=Operation.CHANGE,
                detail="sent again",
            )
            messages.success(request, _("The message will be sent again in a moment."))
        return redirect("staff:undelivered")
    page: Page[Any] = Paginator(dead, PAGE_SIZE).get_page(request.GET.get("page"))
    # The page shows addresses and subjects: a read of each recipient's data.
    log_processing(
        request,
        Activity.MESSAGE_READ,
        [_processed(message) for message in page.object_list],
    )
    return render(request, "staff/undelivered.html", {"page": page, "rows": page.object_list})


def _processed(message: Message) -> Processed:
    """Whose message: its recipient's, else (an e-mail to an address) the case's applicant."""
    subject = message.recipient_id or (message.case.applicant_id if message.case else None)
    return Processed(subject_id=subject, object_type="message", object_ref=str(message.pk))
