"""The applicant's pages: thin. They take the request's Actor, read through
``loket.web.applicant.data`` (which goes through the domain policies) and render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from loket.cases.models import CaseStatus
from loket.cases.projection import product_term
from loket.web.applicant import data, termstory
from loket.web.shared.access import request_actor, signed_in


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return redirect("applicant:my-cases")


@require_GET
@signed_in
def my_cases(request: HttpRequest) -> HttpResponse:
    rows = []
    for case in data.cases_for(request_actor(request)):
        stages = list(case.product.stages.all())  # prefetched, in position order
        codes = [s.code for s in stages]
        next_stage = None
        if case.closed_at is None and case.stage in codes:
            index = codes.index(case.stage)
            next_stage = stages[index + 1] if index + 1 < len(stages) else None
        current_stage = stages[codes.index(case.stage)] if case.stage in codes else None
        rows.append({"case": case, "current_stage": current_stage, "next_stage": next_stage})
    return render(request, "applicant/my_cases.html", {"rows": rows})


@require_GET
@signed_in
def inbox(request: HttpRequest) -> HttpResponse:
    page, new = data.inbox_read(request_actor(request), request.GET.get("page"))
    context = {"page": page, "inbox": [{"message": m, "new": m.pk in new} for m in page]}
    return render(request, "applicant/inbox.html", context)


@require_GET
@signed_in
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    actor = request_actor(request)
    case = data.case_get(actor, reference)
    today = timezone.localdate()
    timeline = data.case_timeline(case)
    clock = data.case_term_clock(case, as_of=today, events=timeline.events)
    context = {
        "case": case,
        "steps": timeline.steps,
        "current_step": timeline.current_step,
        "next_step": timeline.next_step,
        "waiting_for_client": case.status == CaseStatus.WAITING_FOR_CLIENT,
        "story": termstory.term_story(clock, product_term(case.product)) if clock else None,
        "letters": data.case_letters(actor, case),
        "forecast": data.case_forecast(actor, case, as_of=today),
        "message_count": data.case_message_count(actor, case),
    }
    return render(request, "applicant/case_detail.html", context)


@require_GET
@signed_in
def letter_detail(request: HttpRequest, reference: str, letter_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = data.case_get(actor, reference)
    letter = data.case_letter(actor, case, letter_id)
    return render(request, "applicant/letter_detail.html", {"case": case, "letter": letter})


@require_GET
@signed_in
def letter_download(request: HttpRequest, reference: str, letter_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = data.case_get(actor, reference)
    letter = data.case_letter(actor, case, letter_id)
    english = (get_language() or "nl").startswith("en")
    title = letter.title_en if english else letter.title_nl
    body = letter.body_en if english else letter.body_nl
    sent = timezone.localdate(letter.sent_at).isoformat()
    text = f"{title}\n{case.reference} · {sent}\n\n{body}\n"
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    filename = f"{slugify(case.reference)}-{sent}-{slugify(title)[:40]}.txt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
