"""Portal views: thin. They check who may see what, call ``loket.portal.data`` and render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_GET, require_http_methods

from loket.cases.models import CaseStatus
from loket.cases.projection import product_term
from loket.notifications.services import language_preference_set
from loket.portal import casepage, data
from loket.portal.forms import RecordEventForm
from loket.portal.models import FormSubmission

View = Callable[..., HttpResponse]


def staff_or_404(view: View) -> View:
    """Staff pages answer 404 to everyone else: they do not exist for applicants."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_staff:
            raise Http404("Not found.")
        return view(request, *args, **kwargs)

    return wrapper


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers a signed-in applicant's choice: the
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


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return redirect("portal:my-cases")


@require_GET
@login_required
def my_cases(request: HttpRequest) -> HttpResponse:
    rows = []
    for case in data.cases_for_applicant(request.user):
        stages = list(case.product.stages.all())  # prefetched, in position order
        codes = [s.code for s in stages]
        next_stage = None
        if case.closed_at is None and case.stage in codes:
            index = codes.index(case.stage)
            next_stage = stages[index + 1] if index + 1 < len(stages) else None
        current_stage = stages[codes.index(case.stage)] if case.stage in codes else None
        rows.append({"case": case, "current_stage": current_stage, "next_stage": next_stage})
    return render(request, "portal/my_cases.html", {"rows": rows})


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page, new = data.inbox_read(request.user, request.GET.get("page"))
    context = {"page": page, "inbox": [{"message": m, "new": m.pk in new} for m in page]}
    return render(request, "portal/inbox.html", context)


@require_GET
@login_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = data.case_get_for_applicant(request.user, reference)
    today = timezone.localdate()
    timeline = data.case_timeline(case)
    clock = data.case_term_clock(case, as_of=today, events=timeline.events)
    context = {
        "case": case,
        "steps": timeline.steps,
        "current_step": timeline.current_step,
        "next_step": timeline.next_step,
        "waiting_for_client": case.status == CaseStatus.WAITING_FOR_CLIENT,
        "story": casepage.term_story(clock, product_term(case.product)) if clock else None,
        "letters": data.case_letters(case),
        "forecast": data.case_forecast(case, as_of=today),
        "message_count": data.case_message_count(request.user, case),
    }
    return render(request, "portal/case_detail.html", context)


@require_GET
@login_required
def letter_detail(request: HttpRequest, reference: str, letter_id: int) -> HttpResponse:
    case = data.case_get_for_applicant(request.user, reference)
    letter = data.case_letter(case, letter_id)
    return render(request, "portal/letter_detail.html", {"case": case, "letter": letter})


@require_GET
@login_required
def letter_download(request: HttpRequest, reference: str, letter_id: int) -> HttpResponse:
    case = data.case_get_for_applicant(request.user, reference)
    letter = data.case_letter(case, letter_id)
    english = (get_language() or "nl").startswith("en")
    title = letter.title_en if english else letter.title_nl
    body = letter.body_en if english else letter.body_nl
    sent = timezone.localdate(letter.sent_at).isoformat()
    text = f"{title}\n{case.reference} · {sent}\n\n{body}\n"
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    filename = f"{slugify(case.reference)}-{sent}-{slugify(title)[:40]}.txt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@staff_or_404
def staff_find_case(request: HttpRequest) -> HttpResponse:
    """Staff type a reference and go to the form that records an event on that case."""
    reference = request.GET.get("reference", "").strip()
    not_found = False
    if reference:
        if data.case_exists(reference):
            return redirect("portal:staff-record-event", reference=reference)
        not_found = True
    context = {"reference": reference, "not_found": not_found}
    return render(request, "portal/staff_find_case.html", context)


@require_http_methods(["GET", "POST"])
@staff_or_404
def staff_record_event(request: HttpRequest, reference: str) -> HttpResponse:
    case = data.case_get_for_staff(reference)
    if request.method == "POST":
        form = RecordEventForm(request.POST, case=case)
        if form.is_valid() and _record(request, form):
            return redirect("portal:staff-record-event", reference=case.reference)
    else:
        form = RecordEventForm(case=case)
    timeline = data.case_timeline(case)
    stage_names = {step.stage.code: step.stage.name for step in timeline.steps}
    events = [(event, stage_names.get(event.stage, event.stage)) for event in timeline.events]
    context = {"case": case, "form": form, "events": events[-10:][::-1]}
    return render(request, "portal/staff_record_event.html", context)


def _record(request: HttpRequest, form: RecordEventForm) -> bool:
    """Record the event once. False when the service refused it (the error is on the form)."""
    cleaned = form.cleaned_data
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    FormSubmission.objects.create(
                        token=cleaned["submission_token"], user_id=request.user.pk
                    )
            except IntegrityError:
                messages.info(request, _("This form was already sent. The event is recorded once."))
                return True
            data.record_event(
                case=form.case,
                kind=cleaned["kind"],
                at=cleaned["at"],
                days=cleaned["days"],
                outcome=cleaned["outcome"],
                stage=cleaned["stage"],
                note=cleaned["note"],
                recorded_by=request.user if isinstance(request.user, User) else None,
            )
    except data.EventRefusedError as refused:
        form.add_error(refused.field, refused.message)
        return False
    messages.success(request, _("The event is recorded."))
    return True
