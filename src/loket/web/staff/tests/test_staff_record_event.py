"""The staff form that records one event on a case."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client

from loket.cases.models import Case, CaseEvent
from loket.web.conftest import url

pytestmark = pytest.mark.django_db


def _url(case: Case) -> str:
    return url("staff:staff-record-event", "en", reference=case.reference)


def _form(**values: str) -> dict[str, str]:
    data = {
        "submission_token": str(uuid.uuid4()),
        "kind": "stage_entered",
        "at": "2026-04-25T09:30",
        "days": "",
        "outcome": "",
        "stage": "decision",
        "note": "",
    }
    data.update(values)
    return data


def test_staff_form_records_an_event(client: Client, handler: User, story_case: Case) -> None:
    client.force_login(handler)
    before = story_case.events.count()
    response = client.post(_url(story_case), _form(note="All checks done."), follow=True)
    assert response.status_code == 200
    assert "The event is recorded." in response.content.decode()
    assert story_case.events.count() == before + 1
    event = story_case.events.order_by("-sequence")[0]
    assert event.kind == "stage_entered"
    assert event.stage == "decision"
    assert event.source == "staff"
    assert event.recorded_by == handler
    story_case.refresh_from_db()
    assert story_case.stage == "decision"


def test_staff_form_rejects_an_extension_without_days_and_keeps_the_input(
    client: Client,
    handler: User,
    story_case: Case,
) -> None:
    client.force_login(handler)
    response = client.post(
        _url(story_case), _form(kind="term_extended", stage="", note="Waiting on a report.")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter by how many days the decision term is extended." in body
    assert "Waiting on a report." in body  # nothing lost
    assert 'aria-invalid="true"' in body
    assert not story_case.events.filter(kind="term_extended", days=None).exists()


def test_staff_form_rejects_an_extension_beyond_the_maximum(
    client: Client,
    handler: User,
    story_case: Case,
) -> None:
    client.force_login(handler)
    before = story_case.events.count()
    response = client.post(_url(story_case), _form(kind="term_extended", stage="", days="90"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "The decision term cannot change like this." in body
    assert story_case.events.count() == before


def test_staff_form_rejects_an_event_the_case_does_not_allow(
    client: Client,
    handler: User,
    story_case: Case,
) -> None:
    client.force_login(handler)
    response = client.post(_url(story_case), _form(kind="issued", stage=""))
    body = response.content.decode()
    assert "is not possible now" in body


def test_staff_form_rejects_a_date_in_the_future(
    client: Client,
    handler: User,
    story_case: Case,
) -> None:
    client.force_login(handler)
    response = client.post(_url(story_case), _form(at="2099-01-01T09:00"))
    assert "This date is in the future." in response.content.decode()


def test_a_double_submission_records_the_event_once(
    client: Client,
    handler: User,
    story_case: Case,
) -> None:
    client.force_login(handler)
    before = story_case.events.count()
    data = _form()
    client.post(_url(story_case), data)
    response = client.post(_url(story_case), data, follow=True)
    assert story_case.events.count() == before + 1
    assert "already sent" in response.content.decode()


def test_a_refused_event_leaves_the_token_usable(
    client: Client,
    handler: User,
    story_case: Case,
) -> None:
    client.force_login(handler)
    data = _form(kind="term_extended", stage="", days="90")
    client.post(_url(story_case), data)
    data.update(days="7")
    client.post(_url(story_case), data)
    assert CaseEvent.objects.filter(case=story_case, kind="term_extended", days=7).exists()


def test_staff_form_in_dutch(client: Client, handler: User, story_case: Case) -> None:
    client.force_login(handler)
    response = client.get(url("staff:staff-record-event", reference=story_case.reference))
    body = response.content.decode()
    assert "Gebeurtenis vastleggen" in body


def test_staff_find_a_case_by_reference(client: Client, handler: User, story_case: Case) -> None:
    client.force_login(handler)
    response = client.get(url("staff:staff-find-case", "en"), {"reference": story_case.reference})
    assert response["Location"] == url(
        "staff:staff-record-event", "en", reference=story_case.reference
    )
    missing = client.get(url("staff:staff-find-case", "en"), {"reference": "NOPE"})
    assert "There is no case with reference NOPE." in missing.content.decode()


def test_staff_search_is_not_found_for_an_applicant(client: Client, amira: User) -> None:
    client.force_login(amira)
    assert client.get(url("staff:staff-find-case")).status_code == 404
