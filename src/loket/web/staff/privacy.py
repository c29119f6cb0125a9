"""Answering an access request (GDPR art. 15): a privacy officer finds a person and downloads
everything Loket holds about them, as JSON. Everyone else gets 404, as for any staff page
they may not use."""

from __future__ import annotations

import datetime as dt
import json
from functools import wraps
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from loket.audit.models import Activity, Operation
from loket.audit.selectors import records_of_subject
from loket.audit.services import Processed, processing_record
from loket.cases.policies import cases_visible_to, letters_visible_to
from loket.documents.policies import documents_visible_to
from loket.kernel.actors import Actor, Role
from loket.notifications.policies import messages_visible_to
from loket.web.shared.access import View, request_actor, staff_only


def privacy_officer_only(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request_actor(request).has_role(Role.PRIVACY_OFFICER):
            raise Http404("Not found.")
        return view(request, *args, **kwargs)

    return staff_only(wrapper)


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def person_record(*, actor: Actor, person: AbstractBaseUser) -> dict[str, Any]:
    """Everything Loket holds about ``person``, read through the policies of ``actor``."""
    cases = cases_visible_to(actor).filter(applicant_id=person.pk).select_related("product")
    letters = letters_visible_to(actor).filter(case__applicant_id=person.pk)
    documents = documents_visible_to(actor).filter(case__applicant_id=person.pk)
    return {
        "generated_at": timezone.now().isoformat(),
        "person": {
            "username": person.get_username(),
            "first_name": getattr(person, "first_name", ""),
            "last_name": getattr(person, "last_name", ""),
            "email": getattr(person, "email", ""),
            "date_joined": _iso(getattr(person, "date_joined", None)),
            "last_login": _iso(person.last_login),
        },
        "cases": [
            {
                "reference": case.reference,
                "product": case.product.code,
                "status": case.status,
                "stage": case.stage,
                "received_at": _iso(case.received_at),
                "decision_due": _iso(case.decision_due),
                "decided_at": _iso(case.decided_at),
                "outcome": case.outcome,
                "team": case.team,
                "handler": case.handler_name,
                "events": [
                    {
                        "sequence": e.sequence,
                        "kind": e.kind,
                        "at": _iso(e.at),
                        "days": e.days,
                        "outcome": e.outcome,
                        "stage": e.stage,
                        "note": e.note,
                    }
                    for e in case.events.order_by("sequence")
                ],
            }
            for case in cases.order_by("received_at")
        ],
        "letters": [
            {
                "case": letter.case.reference,
                "kind": letter.kind,
                "sent_at": _iso(letter.sent_at),
                "title_nl": letter.title_nl,
                "title_en": letter.title_en,
                "body_nl": letter.body_nl,
                "body_en": letter.body_en,
            }
            for letter in letters.select_related("case").order_by("sent_at")
        ],
        "documents": [
            {
                "case": document.case.reference,
                "file_name": document.original_name,
                "size": document.size,
                "type": document.content_type,
                "received_at": _iso(document.uploaded_at),
            }
            for document in documents.select_related("case").order_by("uploaded_at")
        ],
        "messages": [
            {
                "channel": message.channel,
                "kind": message.kind,
                "status": message.status,
                "subject": message.subject,
                "body": message.body,
                "written_at": _iso(message.created_at),
                "sent_at": _iso(message.sent_at),
            }
            for message in messages_visible_to(actor)
            .filter(recipient_id=person.pk)
            .order_by("created_at")
        ],
        # Who processed their data: the team and kind of actor, not the employee.
        "processing_log": [
            {
                "at": _iso(record.at),
                "activity": record.activity,
                "operation": record.operation,
                "by": record.actor_team or record.actor_kind,
                "record": record.object_ref,
            }
            for record in records_of_subject(actor=actor, subject_id=person.pk)
        ],
    }


@require_GET
@privacy_officer_only
def access_request(request: HttpRequest) -> HttpResponse:
    """A form for the username; with ``?username=`` the person's record as a JSON download."""
    username = request.GET.get("username", "").strip()
    if not username:
        return render(request, "staff/access_request.html", {"username": ""})
    person = get_user_model()._default_manager.filter(username__iexact=username).first()
    if person is None:
        return render(
            request, "staff/access_request.html", {"username": username, "not_found": True}
        )
    actor = request_actor(request)
    record = person_record(actor=actor, person=person)
    processing_record(
        actor=actor,
        activity=Activity.ACCESS_REQUEST,
        operation=Operation.EXPORT,
        item=Processed(subject_id=person.pk, object_type="person", object_ref=username),
    )
    response = HttpResponse(
        json.dumps(record, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="access-request-{person.pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response
