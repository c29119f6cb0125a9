"""The staff work page: the handler's team by default, four work lists with counts and their
first cases, the lists in full, the filter, and the case finder (capitals do not matter)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from loket.cases.models import Case
from loket.documents.selectors import open_request_for
from loket.forecasts.selectors import cases_waiting_past_reply_date
from loket.forecasts.tests.work_cases import EXPECTED, NOW, TEAM_A, TEAM_B
from loket.kernel.actors import system_actor
from loket.kernel.time import local_date
from loket.web.conftest import at, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def at_noon_on_20_november() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _work(client: Client, lang: str = "en", **params: str) -> str:
    response = client.get(url("staff:staff-find-case", lang), params)
    assert response.status_code == 200
    return response.content.decode()


def _references(body: str) -> set[str]:
    return set(re.findall(r">([ABX]-[A-Z0-9-]+)</a>", body))


def _counts(response_context: object) -> list[int]:
    sections = response_context["sections"]  # type: ignore[index]
    return [section["count"] for section in sections]


def test_a_handler_sees_their_teams_cases_by_default(
    client: Client, team_a_handler: User, work_cases: dict[str, Case]
) -> None:
    client.force_login(team_a_handler)
    response = client.get(url("staff:staff-find-case", "en"))
    body = response.content.decode()
    assert "Team Arbeid Zwolle" in body
    expected = EXPECTED[TEAM_A]
    # Waiting, at risk, overdue, received: the order of the sections.
    assert _counts(response.context) == [
        len(expected.waiting),
        len(expected.at_risk),
        len(expected.overdue),
        len(expected.received),
    ]
    shown = _references(body)
    assert shown == {*expected.waiting, *expected.at_risk, *expected.overdue, *expected.received}
    assert not any(reference.startswith(("B-", "X-")) for reference in shown)
    for reference in shown:
        assert url("staff:staff-record-event", "en", reference=reference) in body


def test_the_filter_shows_another_team_or_all(
    client: Client, team_a_handler: User, work_cases: dict[str, Case]
) -> None:
    client.force_login(team_a_handler)
    studie = _work(client, team=TEAM_B)
    assert _references(studie) == {"B-RISK", "B-OVER", "B-NEW"}
    everything = _work(client, team="*")
    assert "All teams" in everything
    assert {"A-RISK-1", "B-RISK", "X-OVER"} <= _references(everything)
    no_team = _work(client, team="-")
    assert _references(no_team) == {"X-OVER"}
    study_only = _work(client, team="*", product="study")
    assert _references(study_only) == {"B-RISK", "B-OVER", "B-NEW"}
    Case.objects.filter(reference="A-OVER-2").update(track="expert")
    expert = _work(client, track="expert")
    assert _references(expert) == {"A-OVER-2"}


def test_see_all_keeps_the_filter_and_lists_every_case(
    client: Client, team_a_handler: User, work_cases: dict[str, Case]
) -> None:
    client.force_login(team_a_handler)
    body = _work(client, team=TEAM_B)
    assert 'href="/en/staff/overdue/?team=Studie"' in body
    overdue = client.get(url("staff:overdue", "en"), {"team": TEAM_B}).content.decode()
    assert _references(overdue) == {"B-OVER"}
    assert "Back to the work list" in overdue


def test_a_handler_without_a_team_sees_every_team_and_is_told_why(
    client: Client, handler: User, work_cases: dict[str, Case]
) -> None:
    client.force_login(handler)
    body = _work(client)
    assert "You are not in a team yet" in body
    assert {"A-RISK-1", "B-RISK", "X-OVER"} <= _references(body)


def test_the_lists_show_the_first_cases_only_on_the_work_page(
    client: Client,
    team_a_handler: User,
    work_cases: dict[str, Case],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from loket.web.staff import views

    client.force_login(team_a_handler)
    monkeypatch.setattr(views, "PREVIEW", 1)
    body = _work(client)
    assert "A-RISK-1" in _references(body)
    assert "A-RISK-2" not in _references(body)  # on the at-risk page
    assert "At risk of being late: the first 1 of 2" in body
    assert "See all 2 cases: At risk of being late" in body


def test_the_work_page_in_dutch(
    client: Client, team_a_handler: User, work_cases: dict[str, Case]
) -> None:
    client.force_login(team_a_handler)
    body = _work(client, "nl")
    assert "Werklijst" in body
    assert "Team Arbeid Zwolle" in body
    assert "Te laat: 2</h2>" in body
    assert "Zaak zoeken" in body


# --- The case finder ------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["A-RISK-1", "a-risk-1", " A-risk-1 ", "a-risk- 1"])
def test_the_finder_ignores_capitals_and_spaces(
    client: Client, team_a_handler: User, work_cases: dict[str, Case], typed: str
) -> None:
    client.force_login(team_a_handler)
    response = client.get(url("staff:staff-find-case", "en"), {"reference": typed})
    assert response.status_code == 302
    assert response["Location"] == url("staff:staff-record-event", "en", reference="A-RISK-1")


def test_the_finder_finds_a_reference_with_a_space_inside(
    client: Client, team_a_handler: User
) -> None:
    """The reference rule allows one space inside (real logs have ids like "Case 12")."""
    from loket.cases import services

    services.case_create(
        reference="Case 12",
        product="study",
        received_at=at(dt.date(2026, 9, 1)),
        source="staff",
    )
    client.force_login(team_a_handler)
    for typed in ("case 12", "  CASE   12 "):
        response = client.get(url("staff:staff-find-case", "en"), {"reference": typed})
        assert response["Location"] == url("staff:staff-record-event", "en", reference="Case 12")


def test_the_finder_finds_cases_of_every_team(
    client: Client, team_a_handler: User, work_cases: dict[str, Case]
) -> None:
    client.force_login(team_a_handler)
    response = client.get(url("staff:staff-find-case", "en"), {"reference": "b-risk"})
    assert response["Location"] == url("staff:staff-record-event", "en", reference="B-RISK")


def test_the_finder_says_when_there_is_no_such_case(
    client: Client, team_a_handler: User, story_case: Case
) -> None:
    client.force_login(team_a_handler)
    found = client.get(url("staff:staff-find-case", "en"), {"reference": story_case.reference})
    assert found["Location"] == url(
        "staff:staff-record-event", "en", reference=story_case.reference
    )
    body = _work(client, reference="NOPE")
    assert "There is no case with reference NOPE." in body
    assert 'aria-invalid="true"' in body


def test_the_work_page_is_not_found_for_an_applicant(client: Client, amira: User) -> None:
    client.force_login(amira)
    assert client.get(url("staff:staff-find-case")).status_code == 404
    assert client.get(url("staff:overdue")).status_code == 404


# --- Landing after the login ------------------------------------------------------------------


def test_staff_land_on_the_work_page_and_applicants_on_their_applications(
    client: Client, amira: User, django_user_model: type[User]
) -> None:
    django_user_model.objects.create_user("hilde", password="hilde-pass-2026", is_staff=True)
    staff = client.post(
        url("accounts:login", "en"), {"username": "hilde", "password": "hilde-pass-2026"}
    )
    assert staff["Location"] == url("staff:staff-find-case", "en")
    client.logout()
    dutch = client.post(url("accounts:login"), {"username": "hilde", "password": "hilde-pass-2026"})
    assert dutch["Location"] == url("staff:staff-find-case")
    client.logout()
    applicant = client.post(
        url("accounts:login", "en"), {"username": "amira", "password": "amira-pass-2026"}
    )
    assert applicant["Location"] == url("applicant:my-cases", "en")


def test_a_login_with_a_next_page_still_goes_there(client: Client, handler: User) -> None:
    response = client.post(
        url("accounts:login", "en") + "?next=/en/staff/at-risk/",
        {"username": "hanneke", "password": "hanneke-pass-2026"},
    )
    assert response["Location"] == "/en/staff/at-risk/"


# --- The reply-date rule is the documents app's --------------------------------------------


def test_waiting_past_the_reply_date_follows_the_open_request_rule(
    work_cases: dict[str, Case],
) -> None:
    """The work list counts in the database what ``open_request_for`` works out per case
    (both from ``loket.cases.domain.replies``); they must agree on every waiting case."""
    today = local_date(NOW)
    late = {
        case.reference
        for case in cases_waiting_past_reply_date(actor=system_actor("test"), today=today)
    }
    waiting = [case for case in work_cases.values() if case.status == "waiting_for_client"]
    assert len(waiting) == 4
    for case in waiting:
        request = open_request_for(case)
        assert request is not None
        assert request.is_late(today) == (case.reference in late), case.reference
