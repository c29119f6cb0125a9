"""Staff pages: find a case, record an event on it, and the cases at risk. Thin: each takes
the request's Actor and reads through the domain policies; only case handlers see them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from loket.cases import selectors
from loket.cases.models import Case
from loket.cases.policies import cases_recordable_by
from loket.documents.policies import documents_visible_to
from loket.documents.selectors import case_documents
from loket.forecasts.selectors import cases_at_risk, newest_model
from loket.kernel.actors import Actor
from loket.kernel.submissions import form_submission_consume
from loket.web.shared.access import request_actor, staff_only
from loket.web.staff import recording
from loket.web.staff.forms import RecordEventForm

AT_RISK_PAGE_SIZE = 50


def _case_for_recording(actor: Actor, reference: str) -> Case:
    case = cases_recordable_by(actor).select_related("product").filter(reference=reference).first()
    if case is None:
        raise Http404("No such case.")
    return case


@require_GET
@staff_only
def staff_find_case(request: HttpRequest) -> HttpResponse:
    """Staff type a reference and go to the form that records an event on that case."""
    reference = request.GET.get("reference", "").strip()
    not_found = False
    if reference:
        if cases_recordable_by(request_actor(request)).filter(reference=reference).exists():
            return redirect("staff:staff-record-event", reference=reference)
        not_found = True
    context = {"reference": reference, "not_found": not_found}
    return render(request, "staff/find_case.html", context)


@require_http_methods(["GET", "POST"])
@staff_only
def staff_record_event(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_for_recording(request_actor(request), reference)
    if request.method == "POST":
        form = RecordEventForm(request.POST, case=case)
        if form.is_valid() and _record(request, form):
            return redirect("staff:staff-record-event", reference=case.reference)
    else:
        form = RecordEventForm(case=case)
    timeline = selectors.case_timeline(case)
    stage_names = {step.stage.code: step.stage.name for step in timeline.steps}
    events = [(event, stage_names.get(event.stage, event.stage)) for event in timeline.events]
    context = {"case": case, "form": form, "events": events[-10:][::-1]}
    context["documents"] = case_documents(documents_visible_to(request_actor(request)), case)
    return render(request, "staff/record_event.html", context)


def _record(request: HttpRequest, form: RecordEventForm) -> bool:
    """Record the event once. False when the service refused it (the error is on the form)."""
    cleaned = form.cleaned_data
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    form_submission_consume(
                        token=cleaned["submission_token"], user_id=request.user.pk
                    )
            except IntegrityError:
                messages.info(request, _("This form was already sent. The event is recorded once."))
                return True
            recording.record_event(
                case=form.case,
                kind=cleaned["kind"],
                at=cleaned["at"],
                days=cleaned["days"],
                outcome=cleaned["outcome"],
                stage=cleaned["stage"],
                note=cleaned["note"],
                recorded_by=request.user if isinstance(request.user, User) else None,
            )
    except recording.EventRefusedError as refused:
        form.add_error(refused.field, refused.message)
        return False
    messages.success(request, _("The event is recorded."))
    return True


@require_GET
@staff_only
def at_risk(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    page = Paginator(cases_at_risk(actor=actor), AT_RISK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "staff/at_risk.html", {"page": page, "model": newest_model()})
