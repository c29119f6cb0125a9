"""Every read and change of personal data at the doors goes into the processing log, and the
applicant sees which teams looked at their case, and when (never who)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from loket.audit.models import ProcessingRecord
from loket.web.conftest import make_story_case

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def in_team(handler: User) -> User:
    handler.groups.add(Group.objects.create(name="team:Arbeid Zwolle"))
    return handler


def test_the_applicants_own_reads_are_logged_but_not_shown_as_looked_at(
    client: Client, amira: User
) -> None:
    case = make_story_case(amira)
    client.force_login(amira)
    letter = case.letters.get()
    text = _text(client.get(f"/en/cases/{case.reference}/").content.decode())
    assert "Nobody at our service has looked at your case in Loket yet." in text
    client.get(f"/en/cases/{case.reference}/letters/{letter.pk}/")
    client.get("/en/messages/")
    logged = list(ProcessingRecord.objects.order_by("pk").values_list("activity", "subject_id"))
    assert logged == [
        ("case.view", str(amira.pk)),
        ("letter.read", str(amira.pk)),
        ("inbox.read", str(amira.pk)),
    ]


def test_a_staff_look_is_logged_and_shown_to_the_applicant_with_the_team_only(
    client: Client, amira: User, in_team: User
) -> None:
    case = make_story_case(amira)
    client.force_login(in_team)
    assert client.get(f"/en/staff/cases/{case.reference}/events/new/").status_code == 200
    record = ProcessingRecord.objects.get(activity="case.view")
    assert (record.actor_kind, record.actor_name, record.actor_team) == (
        "staff",
        "hanneke",
        "Arbeid Zwolle",
    )
    assert (record.subject_id, record.object_ref) == (str(amira.pk), case.reference)

    client.force_login(amira)
    html = client.get(f"/en/cases/{case.reference}/").content.decode()
    looked = _text(
        html[
            html.index('id="looked-title"') : html.index(
                "</section>", html.index('id="looked-title"')
            )
        ]
    )
    assert "Who looked at your case" in looked
    assert "Arbeid Zwolle looked at your case." in looked
    assert "hanneke" not in looked.lower()  # the team, never the employee
    dutch = _text(client.get(f"/cases/{case.reference}/").content.decode())
    assert "Wie heeft uw zaak bekeken" in dutch
    assert "Arbeid Zwolle heeft uw zaak bekeken." in dutch


def test_another_applicant_never_sees_those_records(
    client: Client, amira: User, bram: User, in_team: User
) -> None:
    case = make_story_case(amira)
    client.force_login(in_team)
    client.get(f"/en/staff/cases/{case.reference}/events/new/")
    make_story_case(bram, reference="KM-2026-0002")
    client.force_login(bram)
    text = _text(client.get("/en/cases/KM-2026-0002/").content.decode())
    assert "Nobody at our service has looked at your case in Loket yet." in text


def test_each_record_carries_the_request_id_the_response_names(client: Client, amira: User) -> None:
    case = make_story_case(amira)
    client.force_login(amira)
    response = client.get(f"/en/cases/{case.reference}/")
    record = ProcessingRecord.objects.get()
    assert record.trace_id
    assert record.trace_id == response["X-Request-ID"]
