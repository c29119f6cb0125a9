"""A privacy officer answers an access request (GDPR art. 15) with one JSON file of all that
Loket holds about the person; the export itself goes into the processing log."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from loket.audit.models import ProcessingRecord
from loket.web.conftest import make_story_case

pytestmark = pytest.mark.django_db

URL = "/en/staff/privacy/access-request/"


@pytest.fixture
def officer(django_user_model: type[User]) -> User:
    user = django_user_model.objects.create_user("pieter", password="x", is_staff=True)
    user.groups.add(Group.objects.create(name="privacy_officer"))
    return user


def test_a_handler_without_the_role_gets_404(client: Client, handler: User) -> None:
    client.force_login(handler)
    assert client.get(URL).status_code == 404
    assert client.get(URL, {"username": "amira"}).status_code == 404


def test_the_officer_downloads_everything_about_the_person(
    client: Client, officer: User, amira: User, bram: User, handler: User
) -> None:
    case = make_story_case(amira)
    make_story_case(bram, reference="KM-2026-0002")
    client.force_login(handler)
    client.get(f"/en/staff/cases/{case.reference}/events/new/")  # a look, logged
    client.force_login(officer)
    assert client.get(URL).status_code == 200
    response = client.get(URL, {"username": "AMIRA"})  # capitals do not matter
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    record = json.loads(response.content)
    assert record["person"]["username"] == "amira"
    assert [c["reference"] for c in record["cases"]] == ["KM-2026-0001"]  # not Bram's
    assert [e["kind"] for e in record["cases"][0]["events"]][:2] == ["received", "stage_entered"]
    assert [letter["title_en"] for letter in record["letters"]] == ["We need more time"]
    assert [(r["activity"], r["record"]) for r in record["processing_log"]] == [
        ("case.view", "KM-2026-0001")
    ]
    assert record["processing_log"][0]["by"] == "staff"  # a kind or team, not a name
    exported = ProcessingRecord.objects.get(activity="gdpr.access")
    assert (exported.subject_id, exported.actor_name) == (str(amira.pk), "pieter")


def test_an_unknown_username_says_so(client: Client, officer: User) -> None:
    client.force_login(officer)
    text = " ".join(client.get(URL, {"username": "nobody"}).content.decode().split())
    assert "There is nobody with username nobody. Check the username." in text


def test_the_work_page_links_the_pages_each_one_may_use(
    client: Client, officer: User, handler: User
) -> None:
    client.force_login(handler)
    html = client.get("/en/staff/").content.decode()
    assert 'href="/en/staff/messages/undelivered/"' in html
    assert 'href="/en/staff/privacy/access-request/"' not in html
    client.force_login(officer)
    assert 'href="/en/staff/privacy/access-request/"' in client.get("/en/staff/").content.decode()
