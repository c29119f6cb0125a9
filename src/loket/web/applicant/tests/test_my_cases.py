"""The list of the applicant's own applications."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from loket.cases.models import Case
from loket.web.conftest import url

pytestmark = pytest.mark.django_db


def test_my_cases_shows_product_status_next_step_and_decision_date(
    client: Client,
    amira: User,
    story_case: Case,
) -> None:
    client.force_login(amira)
    body = " ".join(client.get(url("applicant:my-cases", "en")).content.decode().split())
    assert "Highly skilled migrant" in body
    # Its legal date, 27 May 2026, has passed (the tests run on the real date): told as such.
    assert "Decision is late" in body
    assert "Next step" in body
    assert "Decision" in body  # the next stage after Assessment
    assert "We should have decided by</dt> <dd>27 May 2026" in body


def test_my_cases_in_dutch(client: Client, amira: User, story_case: Case) -> None:
    client.force_login(amira)
    body = client.get(url("applicant:my-cases")).content.decode()
    assert "Mijn aanvragen" in body
    assert "Kennismigrant" in body or "kennismigrant" in body


def test_my_cases_query_count_does_not_grow_with_the_number_of_cases(
    client: Client,
    amira: User,
    case_factory: Callable[..., Case],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for number in range(12):
        case_factory(amira, f"ST-Q-{number}")
    client.force_login(amira)
    client.get(url("applicant:my-cases"))  # warm the session
    with django_assert_max_num_queries(5):
        response = client.get(url("applicant:my-cases"))
    assert response.content.decode().count("loket-case-card") >= 12


def test_every_page_has_a_language_switch_and_a_skip_link(client: Client, amira: User) -> None:
    for login in (url("accounts:login"), url("accounts:login", "en")):
        body = client.get(login).content.decode()
        assert 'action="/i18n/setlang/"' in body
        assert 'href="#main"' in body
        assert '<main id="main"' in body


def test_switching_language_goes_to_the_same_page_in_english(client: Client, amira: User) -> None:
    client.force_login(amira)
    response = client.post("/i18n/setlang/", {"language": "en", "next": url("applicant:my-cases")})
    assert response.status_code == 302
    assert response["Location"] == url("applicant:my-cases", "en")


def test_the_english_page_switches_back_to_the_same_page_in_dutch(
    client: Client, amira: User
) -> None:
    client.force_login(amira)
    body = client.get(url("applicant:my-cases", "en")).content.decode()
    assert '<input name="next" type="hidden" value="/cases/">' in body
    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/cases/"})
    assert response["Location"] == url("applicant:my-cases")


def test_a_case_waiting_for_the_applicant_has_no_fixed_decision_date_in_the_list(
    client: Client, amira: User
) -> None:
    """While we wait for her answer the term stands still, so no date is promised here (the
    case page says which date follows if she answers today)."""
    import datetime as dt

    from django.utils import timezone

    from loket.cases import services

    case = services.case_create(
        reference="ST-WAIT",
        product="study",
        source="staff",
        applicant=amira,
        received_at=timezone.now() - dt.timedelta(days=10),
    )
    services.case_record_event(
        case=case,
        kind="information_requested",
        source="staff",
        at=timezone.now() - dt.timedelta(days=2),
    )
    case.refresh_from_db()
    client.force_login(amira)
    text = " ".join(client.get(url("applicant:my-cases", "en")).content.decode().split())
    assert "Decision date" in text
    assert "Not fixed yet: the time stops until you send us the information" in text
    assert f"{case.decision_due:%-d %B %Y}" not in text
