"""Staff pages: the team's work page (with the case finder), the work lists, and the form that
records an event. Thin: each takes the request's Actor and reads through the domain
selectors and policies; only case handlers see them.

The work lists and their counts come from ``loket.forecasts.selectors`` (``work_counts`` and
the list selectors behind it), as do ``loket forecast refresh`` and the teams' digest, so the
numbers agree wherever they appear.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from loket.audit.models import Activity, Operation
from loket.audit.services import Processed
from loket.cases import selectors
from loket.cases.models import Case
from loket.cases.policies import cases_recordable_by
from loket.catalogue.models import ProductType
from loket.documents.policies import documents_visible_to
from loket.documents.selectors import case_documents
from loket.forecasts.models import CasePrediction
from loket.forecasts.selectors import (
    WorkScope,
    cases_at_risk,
    cases_overdue,
    cases_received_recently,
    cases_waiting_past_reply_date,
    newest_model,
    reply_date,
    teams_of_cases,
    work_counts,
)
from loket.kernel.actors import Actor, Role
from loket.kernel.submissions import form_submission_consume
from loket.kernel.time import local_date
from loket.web.shared.access import request_actor, staff_only
from loket.web.shared.processing import log_processing, processed_case
from loket.web.staff import recording
from loket.web.staff.forms import ALL, RecordEventForm, WorkFilterForm, possible_now

LIST_PAGE_SIZE: Final = 50
PREVIEW: Final = 5  # cases per section on the work page


def normalised_reference(text: str) -> str:
    """What a handler typed, as a reference: no spaces anywhere (case is ignored by the
    lookup itself)."""
    return "".join(text.split())


def _case_for_recording(actor: Actor, reference: str) -> Case:
    case = cases_recordable_by(actor).select_related("product").filter(reference=reference).first()
    if case is None:
        raise Http404("No such case.")
    return case


def _find(actor: Actor, reference: str) -> Case | None:
    """The case with ``reference``, whatever its capitals: as typed (spaces inside kept, one
    each: a reference may hold one), else without any spaces (a reference typed in groups)."""
    if "\x00" in reference:  # no reference holds one, and PostgreSQL refuses it in a query
        return None
    recordable = cases_recordable_by(actor)
    for candidate in dict.fromkeys((" ".join(reference.split()), normalised_reference(reference))):
        case = recordable.filter(reference__iexact=candidate).order_by("reference").first()
        if case is not None:
            return case
    return None


# --- The filter of the work lists --------------------------------------------------------


@dataclass(frozen=True)
class WorkFilter:
    form: WorkFilterForm
    scope: WorkScope
    description: str  # whose cases: "Team Studie", "All teams"
    query: str  # the filter as a query string ("" or "?team=..."), for links
    no_team: bool  # the handler is in no team, so they see every team


def _work_filter(request: HttpRequest, actor: Actor) -> WorkFilter:
    teams = teams_of_cases(actor=actor)
    products = list(ProductType.objects.order_by("code"))
    form = WorkFilterForm(
        request.GET,
        teams=teams,
        own_teams=actor.teams,
        products=[(product.code, product.name) for product in products],
    )
    form.is_valid()  # an unknown value is left out, not shown as an error
    data = form.cleaned_data
    team_value = data.get("team") or ""
    if team_value == ALL or (not team_value and not actor.teams):
        chosen, description = None, _("All teams")
    elif team_value:
        team = "" if team_value == "-" else team_value
        chosen = frozenset({team})
        description = _("Team %(team)s") % {"team": team} if team else _("Cases without a team")
    else:
        chosen = actor.teams
        description = _("Team %(team)s") % {"team": ", ".join(sorted(actor.teams))}
    scope = WorkScope(
        teams=chosen, product=data.get("product") or "", track=data.get("track") or ""
    )
    params = {key: data[key] for key in ("team", "product", "track") if data.get(key)}
    return WorkFilter(
        form=form,
        scope=scope,
        description=description,
        query=f"?{urlencode(params)}" if params else "",
        no_team=not actor.teams,
    )


# --- Rows of the work lists ----------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One case in a work list, with what that list shows of it."""

    case: Case
    prediction: CasePrediction | None = None
    reply_by: dt.date | None = None
    days_late: int | None = None  # days past the legal date or the reply date


def _prediction(case: Case) -> CasePrediction | None:
    try:
        return case.prediction
    except CasePrediction.DoesNotExist:
        return None


def _at_risk_rows(predictions: list[CasePrediction], today: dt.date) -> list[Row]:
    return [Row(case=p.case, prediction=p) for p in predictions]


def _overdue_rows(cases: list[Case], today: dt.date) -> list[Row]:
    return [
        Row(
            case=case,
            prediction=_prediction(case),
            days_late=(today - case.decision_due).days if case.decision_due else None,
        )
        for case in cases
    ]


def _waiting_rows(cases: list[Case], today: dt.date) -> list[Row]:
    rows = []
    for case in cases:
        by = reply_date(case.asked_at, case.reply_days)  # type: ignore[attr-defined]
        rows.append(Row(case=case, reply_by=by, days_late=(today - by).days))
    return rows


def _received_rows(cases: list[Case], today: dt.date) -> list[Row]:
    return [Row(case=case) for case in cases]


@dataclass(frozen=True)
class WorkList:
    """One of the four work lists: its name, page, what it shows, and its rows."""

    key: str  # also the template's column set
    url_name: str
    title: Any
    explanation: Any
    empty: Any


WAITING = WorkList(
    "waiting",
    "staff:waiting",
    gettext_lazy("Waiting for the applicant, reply date passed"),
    gettext_lazy(
        "We asked the applicant for information and the date to reply has passed. Decide "
        "what to do: remind them, or decide on what you have."
    ),
    gettext_lazy("No case waits past its reply date."),
)
AT_RISK = WorkList(
    "at-risk",
    "staff:at-risk",
    gettext_lazy("At risk of being late"),
    gettext_lazy(
        "Open cases whose decision period has not ended yet, where the forecast puts more "
        "than half of its chance after the end of the decision period. Riskiest first."
    ),
    gettext_lazy("No open case is at risk right now."),
)
OVERDUE = WorkList(
    "overdue",
    "staff:overdue",
    gettext_lazy("Overdue"),
    gettext_lazy(
        "Open cases whose decision period has ended without a decision. We are late: "
        "decide as soon as possible. Longest overdue first."
    ),
    gettext_lazy("No case is overdue."),
)
RECEIVED = WorkList(
    "received",
    "staff:received",
    gettext_lazy("Received in the last day"),
    gettext_lazy("Applications that came in during the last 24 hours. Newest first."),
    gettext_lazy("No application came in during the last day."),
)


def _list_rows(key: str, objects: list[Any], today: dt.date) -> list[Row]:
    if key == "waiting":
        return _waiting_rows(objects, today)
    if key == "at-risk":
        return _at_risk_rows(objects, today)
    if key == "overdue":
        return _overdue_rows(objects, today)
    return _received_rows(objects, today)


def _list_queryset(
    key: str, actor: Actor, scope: WorkScope, now: dt.datetime
) -> QuerySet[Case] | QuerySet[CasePrediction]:
    today = local_date(now)
    if key == "waiting":
        return cases_waiting_past_reply_date(actor=actor, today=today, scope=scope)
    if key == "at-risk":
        return cases_at_risk(actor=actor, today=today, scope=scope)
    if key == "overdue":
        return cases_overdue(actor=actor, today=today, scope=scope)
    return cases_received_recently(actor=actor, now=now, scope=scope)


# --- Pages -------------------------------------------------------------------------------


@require_GET
@staff_only
def staff_find_case(request: HttpRequest) -> HttpResponse:
    """The work page of the handler's team: the case finder, and per work list its count
    and its first cases. With ``?reference=`` it finds a case (capitals do not matter) and
    goes to the form that records an event on it."""
    actor = request_actor(request)
    reference = request.GET.get("reference", "").strip()
    not_found = False
    if reference:
        case = _find(actor, reference)
        if case is not None:
            return redirect("staff:staff-record-event", reference=case.reference)
        not_found = True
    now = timezone.now()
    today = local_date(now)
    work = _work_filter(request, actor)
    counts = work_counts(actor=actor, now=now, scope=work.scope)
    sections = []
    shown: list[Processed] = []
    for work_list, count in (
        (WAITING, counts.waiting_past_reply_date),
        (AT_RISK, counts.at_risk),
        (OVERDUE, counts.overdue),
        (RECEIVED, counts.received_recently),
    ):
        objects = list(_list_queryset(work_list.key, actor, work.scope, now)[:PREVIEW])
        rows = _list_rows(work_list.key, objects, today)
        shown.extend(processed_case(row.case) for row in rows)
        sections.append(
            {
                "list": work_list,
                "count": count,
                "rows": rows,
                "all_url": reverse(work_list.url_name) + work.query,
            }
        )
    context = {
        "reference": reference,
        "not_found": not_found,
        "work": work,
        "sections": sections,
        "model": newest_model(),
        "privacy_officer": actor.has_role(Role.PRIVACY_OFFICER),
    }
    log_processing(request, Activity.CASE_LIST, shown)
    return render(request, "staff/work.html", context)


def _work_list_page(request: HttpRequest, work_list: WorkList) -> HttpResponse:
    actor = request_actor(request)
    now = timezone.now()
    work = _work_filter(request, actor)
    queryset = _list_queryset(work_list.key, actor, work.scope, now)
    page: Page[Any] = Paginator(queryset, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _list_rows(work_list.key, list(page.object_list), local_date(now))
    log_processing(request, Activity.CASE_LIST, [processed_case(row.case) for row in rows])
    page_query = work.query + ("&" if work.query else "?") + "page="
    context = {
        "list": work_list,
        "work": work,
        "page": page,
        "rows": rows,
        "page_query": page_query,
        "model": newest_model() if work_list is AT_RISK else None,
    }
    return render(request, "staff/work_list.html", context)


@require_GET
@staff_only
def at_risk(request: HttpRequest) -> HttpResponse:
    return _work_list_page(request, AT_RISK)


@require_GET
@staff_only
def overdue(request: HttpRequest) -> HttpResponse:
    return _work_list_page(request, OVERDUE)


@require_GET
@staff_only
def waiting(request: HttpRequest) -> HttpResponse:
    return _work_list_page(request, WAITING)


@require_GET
@staff_only
def received(request: HttpRequest) -> HttpResponse:
    return _work_list_page(request, RECEIVED)


@require_http_methods(["GET", "POST"])
@staff_only
def staff_record_event(request: HttpRequest, reference: str) -> HttpResponse:
    actor = request_actor(request)
    try:
        case = _case_for_recording(actor, reference)
    except Http404:
        found = _find(actor, reference) if request.method == "GET" else None
        if found is None:
            raise
        return redirect("staff:staff-record-event", reference=found.reference)
    if request.method == "POST":
        form = RecordEventForm(request.POST, case=case)
        if form.is_valid() and _record(request, form):
            log_processing(
                request,
                Activity.CASE_RECORD_EVENT,
                [processed_case(case)],
                operation=Operation.CHANGE,
                detail=str(form.cleaned_data["kind"]),
            )
            return redirect("staff:staff-record-event", reference=case.reference)
    else:
        form = RecordEventForm(case=case)
    timeline = selectors.case_timeline(case)
    stage_names = {step.stage.code: step.stage.name for step in timeline.steps}
    events = [(event, stage_names.get(event.stage, event.stage)) for event in timeline.events]
    context = {
        "case": case,
        "form": form,
        "events": events[-10:][::-1],
        "possible_now": possible_now(case),
    }
    context["documents"] = case_documents(documents_visible_to(request_actor(request)), case)
    log_processing(request, Activity.CASE_VIEW, [processed_case(case)])
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
                days=form.event_days,
                outcome=form.event_outcome,
                stage=form.event_stage,
                note=form.event_note,
                recorded_by=request.user if isinstance(request.user, User) else None,
            )
    except recording.EventRefusedError as refused:
        form.add_error(refused.field, refused.message)
        return False
    messages.success(request, _("The event is recorded."))
    return True
