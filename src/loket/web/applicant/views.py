"""The applicant's pages: thin. They take the request's Actor, read through
``loket.web.applicant.data`` (which goes through the domain policies) and render."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from loket.audit.models import Activity
from loket.audit.services import Processed
from loket.cases.models import Case
from loket.cases.situation import is_before_decision as situation_is_before_decision
from loket.catalogue.models import DECISION_STAGE, Stage
from loket.letters import selectors as letter_selectors
from loket.letters.pdf import PdfUnavailableError, letter_pdf
from loket.web.applicant import data, guidance, termstory
from loket.web.shared.access import request_actor, signed_in
from loket.web.shared.processing import log_processing, processed_case

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return redirect("applicant:my-cases")


@require_GET
@signed_in
def my_cases(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = []
    for case in data.cases_for(request_actor(request)):
        stages = list(case.product.stages.all())  # prefetched, in position order
        codes = [s.code for s in stages]
        situation = data.listed_case_situation(case, today=today)
        next_stage = None
        before = situation_is_before_decision(situation)
        decision_next = False
        if before and case.stage in codes:
            index = codes.index(case.stage)
            next_stage = stages[index + 1] if index + 1 < len(stages) else None
            if next_stage is not None and _follows_decision(next_stage, stages):
                next_stage = None  # only after a grant: the decision comes first
                decision_next = True
        # Where it is now: a stage while we work on it; after the decision, the badge says it.
        current_stage = stages[codes.index(case.stage)] if before and case.stage in codes else None
        rows.append(
            {
                "case": case,
                "situation": situation,
                "current_stage": current_stage,
                "next_stage": next_stage,
                "decision_next": decision_next,
            }
        )
    return render(request, "applicant/my_cases.html", {"rows": rows})


def _follows_decision(stage: Stage, stages: list[Stage]) -> bool:
    decision = next((s.position for s in stages if s.code == DECISION_STAGE), None)
    return decision is not None and stage.position > decision


@require_GET
@signed_in
def inbox(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    page, new = data.inbox_read(actor, request.GET.get("page"))
    log_processing(
        request,
        Activity.INBOX_READ,
        [Processed(subject_id=actor.user_id, object_type="inbox", object_ref=str(actor.user_id))],
    )
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
    situation = data.case_situation(case, clock=clock, events=timeline.events, today=today)
    facts = guidance.CaseFacts(
        product=case.product,
        decided_at=case.decided_at,
        closed_at=case.closed_at,
        legal_date=clock.due if clock is not None else case.decision_due,
        current_step=timeline.current_step,
        next_step=timeline.next_step,
        events=timeline.events,
    )
    text = data.case_situation_text(case, situation)
    context = {
        "case": case,
        "guidance": guidance.case_guidance(facts, situation, text, today=today),
        "steps": guidance.page_steps(timeline.steps, situation),
        "story": termstory.term_story(clock, clock.term) if clock else None,
        "letters": data.case_letters(actor, case),
        "forecast": data.case_forecast(actor, case, as_of=today),
        "delay_notice_sent": data.case_delay_notice_sent(actor, case),
        "message_count": data.case_message_count(actor, case),
        "looked_at": data.case_looked_at(actor, case),
    }
    log_processing(request, Activity.CASE_VIEW, [processed_case(case)])
    return render(request, "applicant/case_detail.html", context)


@require_GET
@signed_in
def letter_detail(request: HttpRequest, reference: str, letter_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = data.case_get(actor, reference)
    letter = data.case_letter(actor, case, letter_id)
    language = letter_selectors.letter_language(letter, get_language())
    context = {
        "case": case,
        "letter": letter,
        "title": letter.title_in(language),
        "blocks": letter_selectors.letter_blocks(letter, language),
    }
    log_processing(request, Activity.LETTER_READ, [_processed_letter(case, letter.pk)])
    return render(request, "applicant/letter_detail.html", context)


@require_GET
@signed_in
def letter_download(request: HttpRequest, reference: str, letter_id: int) -> HttpResponse:
    """The letter as a tagged PDF, in the language of the page it was asked from."""
    actor = request_actor(request)
    case = data.case_get(actor, reference)
    letter = data.case_letter(actor, case, letter_id)
    language = letter_selectors.letter_language(letter, get_language())
    try:
        pdf = letter_pdf(letter, language)
    except PdfUnavailableError:
        logger.exception("letter %s could not be made into a PDF", letter.pk)
        message = gettext("We cannot make this letter into a PDF right now. Please try later.")
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    log_processing(request, Activity.LETTER_READ, [_processed_letter(case, letter.pk)])
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = letter_selectors.letter_filename(letter, language)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _processed_letter(case: Case, letter_id: int) -> Processed:
    return Processed(
        subject_id=case.applicant_id,
        object_type="letter",
        object_ref=f"{case.reference}/{letter_id}",
    )
