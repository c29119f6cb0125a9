"""Template helper for the case page: the open information request, for
``web/includes/request_answer.html`` (so the page's view need not know about documents)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils import timezone

from loket.cases.models import Case
from loket.documents.selectors import OpenRequest, open_request_for

register = template.Library()


@dataclass(frozen=True, slots=True)
class RequestToAnswer:
    """An open request as a page shows it today."""

    request: OpenRequest
    days_left: int
    late: bool


def request_to_answer(case: Case) -> RequestToAnswer | None:
    open_request = open_request_for(case)
    if open_request is None:
        return None
    today = timezone.localdate()
    return RequestToAnswer(
        request=open_request,
        days_left=open_request.days_left(today),
        late=open_request.is_late(today),
    )


@register.simple_tag
def request_to_answer_for(case: Case) -> RequestToAnswer | None:
    """``{% request_to_answer_for case as answer %}``: ``None`` unless the case waits for an
    answer from the applicant."""
    return request_to_answer(case)
