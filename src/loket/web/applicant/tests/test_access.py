"""Who may see what: an applicant sees only their own cases; staff pages hide from others."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from loket.cases.models import Case
from loket.web.conftest import url

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client: Client, story_case: Case) -> None:
    response = client.get(url("applicant:case-detail", reference=story_case.reference))
    assert response.status_code == 302
    assert response["Location"].startswith(url("accounts:login"))


def test_anonymous_visitor_of_my_cases_is_sent_to_login(client: Client) -> None:
    response = client.get(url("applicant:my-cases"))
    assert response.status_code == 302
    assert url("accounts:login") in response["Location"]


def test_applicant_sees_own_case(client: Client, amira: User, story_case: Case) -> None:
    client.force_login(amira)
    response = client.get(url("applicant:case-detail", reference=story_case.reference))
    assert response.status_code == 200
    assert story_case.reference in response.content.decode()


def test_someone_elses_case_is_not_found(client: Client, bram: User, story_case: Case) -> None:
    client.force_login(bram)
    response = client.get(url("applicant:case-detail", reference=story_case.reference))
    assert response.status_code == 404
    assert "Wij kunnen deze pagina niet vinden" in response.content.decode()


def test_a_case_that_does_not_exist_is_not_found(client: Client, amira: User) -> None:
    client.force_login(amira)
    response = client.get(url("applicant:case-detail", reference="NOPE-1"))
    assert response.status_code == 404


def test_someone_elses_letter_is_not_found(client: Client, bram: User, story_case: Case) -> None:
    client.force_login(bram)
    letter = story_case.letters.get()
    download = url("applicant:letter-download", reference=story_case.reference, letter_id=letter.pk)
    assert client.get(download).status_code == 404


def test_my_cases_lists_only_my_own_cases(
    client: Client,
    amira: User,
    bram: User,
    case_factory: Callable[..., Case],
) -> None:
    case_factory(amira, "ST-AMIRA-1")
    case_factory(bram, "ST-BRAM-1")
    client.force_login(amira)
    body = client.get(url("applicant:my-cases")).content.decode()
    assert "ST-AMIRA-1" in body
    assert "ST-BRAM-1" not in body


def test_staff_page_is_not_found_for_an_applicant(
    client: Client,
    amira: User,
    story_case: Case,
) -> None:
    client.force_login(amira)
    staff_page = url("staff:staff-record-event", reference=story_case.reference)
    assert client.get(staff_page).status_code == 404
    assert client.post(staff_page, {}).status_code == 404


def test_login_with_a_wrong_password_says_so_plainly(client: Client, amira: User) -> None:
    response = client.post(url("accounts:login"), {"username": "amira", "password": "wrong"})
    assert response.status_code == 200
    assert "gebruikersnaam of wachtwoord klopt niet" in response.content.decode()


def test_login_then_my_cases(client: Client, amira: User) -> None:
    response = client.post(
        url("accounts:login"), {"username": "amira", "password": "amira-pass-2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("applicant:my-cases")


def test_logout_is_a_post_and_ends_the_session(client: Client, amira: User) -> None:
    client.force_login(amira)
    response = client.post(url("accounts:logout"))
    assert response.status_code == 302
    assert client.get(url("applicant:my-cases")).status_code == 302
