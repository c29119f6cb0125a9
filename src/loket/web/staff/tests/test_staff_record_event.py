"""The staff form that records one event on a case: only the events the case allows, a valid
default, free text for the letters, and refusals in plain words (Dutch and English)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from loket.cases import services
from loket.cases.models import Case, CaseEvent, EventKind
from loket.web.conftest import at, url
from loket.web.staff import recording
from loket.web.staff.forms import RecordEventForm

pytestmark = pytest.mark.django_db

K = EventKind


def _url(case: Case, lang: str = "en") -> str:
    return url("staff:staff-record-event", lang, reference=case.reference)


def _form(**values: str) -> dict[str, str]:
    data = {
        "submission_token": str(uuid.uuid4()),
        "kind": "stage_entered",
        "at": "2026-04-25T09:30",
        "days": "",
        "reply_days": "21",
        "outcome": "",
        "reasons": "",
        "needed": "",
        "extension_reason": "",
        "stage": "decision",
        "note": "",
    }
    data.update(values)
    return data


def _last_event(case: Case) -> CaseEvent:
    return case.events.order_by("-sequence")[0]


def test_staff_form_records_an_event(client: Client, handler: User, story_case: Case) -> None:
    client.force_login(handler)
    before = story_case.events.count()
    response = client.post(_url(story_case), _form(note="All checks done."), follow=True)
    assert response.status_code == 200
    assert "The event is recorded." in response.content.decode()
    assert story_case.events.count() == before + 1
    event = _last_event(story_case)
    assert event.kind == "stage_entered"
    assert event.stage == "decision"
    assert event.source == "staff"
    assert event.recorded_by == handler
    assert event.note == "All checks done."
    story_case.refresh_from_db()
    assert story_case.stage == "decision"


# --- Only the events the case allows ------------------------------------------------------


def _case_in(status: str, amira: User, reference: str) -> Case:
    """A knowledge-migrant case of Amira brought to ``status`` through the services."""
    case = services.case_create(
        reference=reference,
        product="knowledge-migrant",
        received_at=at(dt.date(2026, 2, 2)),
        source="staff",
        applicant=amira,
    )
    steps: dict[str, list[tuple[str, dict[str, object]]]] = {
        "received": [],
        "in_progress": [("stage_entered", {"stage": "intake"})],
        "waiting_for_client": [("information_requested", {})],
        "granted": [("decided", {"outcome": "granted"})],
        "refused": [("decided", {"outcome": "refused"})],
        "document_ready": [("decided", {"outcome": "granted"}), ("document_ready", {})],
        "issued": [("decided", {"outcome": "granted"}), ("issued", {})],
        "withdrawn": [("withdrawn", {})],
    }
    for day, (kind, extra) in enumerate(steps[status], start=3):
        services.case_record_event(
            case=case,
            kind=kind,
            at=at(dt.date(2026, 2, day)),
            source="staff",
            **extra,  # type: ignore[arg-type]
        )
    case.refresh_from_db()
    return case


ALLOWED = {
    "received": [K.STAGE_ENTERED, K.INFORMATION_REQUESTED, K.TERM_EXTENDED, K.DECIDED, K.WITHDRAWN],
    "in_progress": [
        K.STAGE_ENTERED,
        K.INFORMATION_REQUESTED,
        K.TERM_EXTENDED,
        K.DECIDED,
        K.WITHDRAWN,
    ],
    "waiting_for_client": [
        K.STAGE_ENTERED,
        K.INFORMATION_RECEIVED,
        K.TERM_EXTENDED,
        K.DECIDED,
        K.WITHDRAWN,
    ],
    "granted": [K.STAGE_ENTERED, K.DOCUMENT_READY, K.ISSUED],
    "refused": [K.STAGE_ENTERED],  # no document after a refusal
    "document_ready": [K.STAGE_ENTERED, K.ISSUED],
    "issued": [],
    "withdrawn": [],
}
DEFAULT = {
    "received": K.STAGE_ENTERED,
    "in_progress": K.STAGE_ENTERED,
    "waiting_for_client": K.INFORMATION_RECEIVED,
    "granted": K.DOCUMENT_READY,
    "refused": K.STAGE_ENTERED,
    "document_ready": K.ISSUED,
}


@pytest.mark.parametrize("status", list(ALLOWED))
def test_the_form_offers_only_the_events_the_case_allows_and_a_valid_default(
    status: str, amira: User
) -> None:
    case = _case_in(status, amira, f"KM-{status}")
    form = RecordEventForm(case=case)
    offered = [value for value, _label in form.fields["kind"].choices]  # type: ignore[attr-defined]
    assert offered == [kind.value for kind in ALLOWED[status]]
    if not ALLOWED[status]:
        return
    default = form.initial["kind"]
    assert default == DEFAULT[status]
    assert default in offered
    # The proposed event, as the form shows it, can be recorded (with its own fields).
    data = {
        "submission_token": str(form.initial["submission_token"]),
        "kind": default.value,
        "at": "2026-03-01T10:00",
        "reply_days": "21",
        "stage": form.initial.get("stage", "assessment"),
    }
    bound = RecordEventForm(data, case=case)
    assert bound.is_valid(), bound.errors
    recording.record_event(
        case=case,
        kind=bound.cleaned_data["kind"],
        at=bound.cleaned_data["at"],
        days=bound.event_days,
        outcome=bound.event_outcome,
        stage=bound.event_stage,
        note=bound.event_note,
        recorded_by=None,
    )


def test_the_step_proposed_is_the_next_one(amira: User) -> None:
    case = _case_in("in_progress", amira, "KM-next")  # in "intake"
    form = RecordEventForm(case=case)
    codes = [code for code, _name in form.fields["stage"].choices]  # type: ignore[attr-defined]
    assert form.initial["stage"] == codes[codes.index("intake") + 1]


def test_a_closed_case_shows_no_form_but_says_why(
    client: Client, handler: User, amira: User
) -> None:
    case = _case_in("withdrawn", amira, "KM-closed")
    client.force_login(handler)
    body = client.get(_url(case)).content.decode()
    assert "Nothing more can be recorded on this case: it is closed." in body
    assert 'name="kind"' not in body
    dutch = client.get(_url(case, "nl")).content.decode()
    assert "Op deze zaak kunt u niets meer vastleggen" in dutch


def test_an_event_the_case_does_not_allow_gets_a_plain_sentence(
    client: Client, handler: User, story_case: Case
) -> None:
    client.force_login(handler)
    body = client.post(_url(story_case), _form(kind="issued", stage="")).content.decode()
    assert "This event is not possible on this case now." in body
    assert "Now you can record: &#x27;Next step started&#x27;" in body
    assert "is not one of the available choices" not in body
    dutch = client.post(_url(story_case, "nl"), _form(kind="issued", stage="")).content.decode()
    assert "Deze gebeurtenis kan nu niet bij deze zaak." in dutch


# --- Refusals by the case's rules, in plain words -----------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "You cannot record 'Information received' now, because the case is 'In progress'. "
            "Now you can record: 'Next step started', 'Information requested', "
            "'Decision term extended', 'Decision made' or 'Application withdrawn'.",
        ),
        (
            "nl",
            "U kunt 'Informatie ontvangen' nu niet vastleggen, omdat de zaak 'In behandeling' is.",
        ),
    ],
)
def test_a_transition_the_table_refuses_is_explained_in_plain_words(
    story_case: Case, language: str, expected: str
) -> None:
    """The form offers only what is allowed, but a colleague may record something first."""
    with translation.override(language), pytest.raises(recording.EventRefusedError) as refused:
        recording.record_event(
            case=story_case,
            kind=EventKind.INFORMATION_RECEIVED,
            at=at(dt.date(2026, 4, 25)),
            days=None,
            outcome="",
            stage="",
            note="",
            recorded_by=None,
        )
    assert refused.value.field == "kind"
    assert refused.value.message.startswith(expected)
    for developer_text in ("event #", "not allowed", "in_progress", "information_received"):
        assert developer_text not in refused.value.message


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "This date is before the last event on this case (20 April 2026 10:00)."),
        ("nl", "Deze datum ligt vóór de laatste gebeurtenis van deze zaak (20 april 2026 10:00)."),
    ],
)
def test_an_event_before_the_last_one_is_refused_in_plain_words(
    story_case: Case, language: str, expected: str
) -> None:
    with translation.override(language), pytest.raises(recording.EventRefusedError) as refused:
        recording.record_event(
            case=story_case,
            kind=EventKind.STAGE_ENTERED,
            at=at(dt.date(2026, 4, 1)),
            days=None,
            outcome="",
            stage="decision",
            note="",
            recorded_by=None,
        )
    assert refused.value.field == "at"
    assert refused.value.message.startswith(expected)


def test_an_extension_beyond_the_maximum_says_how_many_days_are_left(
    client: Client, handler: User, story_case: Case
) -> None:
    client.force_login(handler)
    before = story_case.events.count()
    data = _form(kind="term_extended", stage="", days="90", extension_reason="A report is late.")
    body = client.post(_url(story_case), data).content.decode()
    assert (
        "The decision term can be extended by 90 days at most, in all. This case was extended "
        "by 14 days already, so 76 days are left."
    ) in body
    assert "brings the total extension" not in body
    assert story_case.events.count() == before
    dutch = client.post(_url(story_case, "nl"), data).content.decode()
    assert "De beslistermijn kan in totaal met hoogstens 90 dagen worden verlengd." in dutch


def test_staff_form_rejects_an_extension_without_days_and_keeps_the_input(
    client: Client, handler: User, story_case: Case
) -> None:
    client.force_login(handler)
    response = client.post(
        _url(story_case),
        _form(kind="term_extended", stage="", extension_reason="Waiting on a report."),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter by how many days the decision term is extended." in body
    assert "Waiting on a report." in body  # nothing lost
    assert 'aria-invalid="true"' in body
    assert 'href="#id_days"' in body  # the error summary links to the field
    assert not story_case.events.filter(kind="term_extended", days=None).exists()


def test_staff_form_rejects_a_date_in_the_future(
    client: Client, handler: User, story_case: Case
) -> None:
    client.force_login(handler)
    response = client.post(_url(story_case), _form(at="2099-01-01T09:00"))
    assert "This date is in the future." in response.content.decode()


# --- Free text for the letters --------------------------------------------------------------


def test_a_refusal_needs_its_reasons_and_stores_them_for_the_letter(
    client: Client, handler: User, story_case: Case
) -> None:
    client.force_login(handler)
    refused = _form(kind="decided", outcome="refused", stage="")
    body = client.post(_url(story_case), refused).content.decode()
    assert "Write the reasons for the refusal." in body
    reasons = "Your income is below the required amount."
    client.post(_url(story_case), {**refused, "reasons": reasons})
    event = _last_event(story_case)
    assert (event.kind, event.outcome, event.note) == ("decided", "refused", reasons)


def test_an_information_request_stores_what_is_needed_and_the_days_to_reply(
    client: Client, handler: User, story_case: Case
) -> None:
    client.force_login(handler)
    request = _form(kind="information_requested", stage="", reply_days="14")
    body = client.post(_url(story_case), request).content.decode()
    assert "Write what the applicant must send." in body
    client.post(_url(story_case), {**request, "needed": "A copy of your passport."})
    event = _last_event(story_case)
    assert (event.kind, event.days, event.note) == (
        "information_requested",
        14,
        "A copy of your passport.",
    )


def test_the_days_to_reply_are_21_unless_changed(handler: User, story_case: Case) -> None:
    form = RecordEventForm(case=story_case)
    assert form.initial["reply_days"] == 21
    data = _form(kind="information_requested", stage="", reply_days="", needed="Payslips.")
    bound = RecordEventForm(data, case=story_case)
    assert bound.is_valid(), bound.errors
    assert bound.event_days == 21


def test_an_extension_stores_its_reason(client: Client, handler: User, story_case: Case) -> None:
    client.force_login(handler)
    data = _form(kind="term_extended", stage="", days="7", extension_reason="We need advice.")
    client.post(_url(story_case), data)
    event = _last_event(story_case)
    assert (event.kind, event.days, event.note) == ("term_extended", 7, "We need advice.")


def test_letter_text_is_not_mixed_with_a_note_for_colleagues(
    handler: User, story_case: Case
) -> None:
    data = _form(kind="term_extended", stage="", days="7", extension_reason="Advice.", note="x")
    form = RecordEventForm(data, case=story_case)
    assert not form.is_valid()
    assert "note" in form.errors
    other = RecordEventForm(_form(reasons="Not for a step."), case=story_case)
    assert not other.is_valid()
    assert "reasons" in other.errors


def test_the_form_labels_say_what_goes_into_the_letters(
    client: Client, handler: User, story_case: Case
) -> None:
    client.force_login(handler)
    body = client.get(_url(story_case)).content.decode()
    for label in (
        "Reasons (written in the refusal letter)",
        "What do we need from the applicant?",
        "Days to reply",
        "Reason for the extension",
    ):
        assert f"{label}" in body
    assert 'data-kind="decided"' in body
    assert "staff/record_event.js" in body
    dutch = client.get(_url(story_case, "nl")).content.decode()
    assert "Wat hebben wij nodig van de aanvrager?" in dutch


# --- Submitting once ------------------------------------------------------------------------


def test_a_double_submission_records_the_event_once(
    client: Client, handler: User, story_case: Case
) -> None:
    client.force_login(handler)
    before = story_case.events.count()
    data = _form()
    client.post(_url(story_case), data)
    response = client.post(_url(story_case), data, follow=True)
    assert story_case.events.count() == before + 1
    assert "already sent" in response.content.decode()


def test_a_refused_event_leaves_the_token_usable(
    client: Client, handler: User, story_case: Case
) -> None:
    client.force_login(handler)
    data = _form(kind="term_extended", stage="", days="90", extension_reason="Advice.")
    client.post(_url(story_case), data)
    data.update(days="7")
    client.post(_url(story_case), data)
    assert CaseEvent.objects.filter(case=story_case, kind="term_extended", days=7).exists()


def test_staff_form_in_dutch(client: Client, handler: User, story_case: Case) -> None:
    client.force_login(handler)
    response = client.get(url("staff:staff-record-event", reference=story_case.reference))
    body = response.content.decode()
    assert "Gebeurtenis vastleggen" in body


def test_a_reference_in_other_capitals_goes_to_the_case(
    client: Client, handler: User, story_case: Case
) -> None:
    client.force_login(handler)
    response = client.get(url("staff:staff-record-event", "en", reference="km-2026-0001"))
    assert response["Location"] == _url(story_case)
