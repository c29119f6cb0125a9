"""The case page tells where the case is and explains the decision date in plain words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from loket.cases.models import Case
from loket.web.conftest import at, url

pytestmark = pytest.mark.django_db


def _page(client: Client, user: User, case: Case, lang: str = "nl") -> str:
    client.force_login(user)
    response = client.get(url("applicant:case-detail", lang, reference=case.reference))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_dutch_page_explains_the_suspension_in_plain_words(
    client: Client,
    amira: User,
    story_case: Case,
) -> None:
    body = _page(client, amira, story_case)
    assert 'lang="nl"' in body
    assert (
        "Wij vroegen u op 10 maart om informatie. U stuurde die op 20 maart. "
        "Dat is 10 dagen. De beslisdatum schuift 10 dagen op." in body
    )


def test_dutch_page_explains_the_extension_and_the_date(
    client: Client,
    amira: User,
    story_case: Case,
) -> None:
    body = _page(client, amira, story_case)
    assert "verlengd met 14 dagen" in body
    assert "woensdag 27 mei 2026" in body
    assert "beslistermijn" in body


def test_english_page_explains_the_suspension_and_extension(
    client: Client,
    amira: User,
    story_case: Case,
) -> None:
    with_en = _page(client, amira, story_case, lang="en")
    assert 'lang="en"' in with_en
    assert (
        "We asked you for information on 10 March. You sent it on 20 March. "
        "That is 10 days. The decision date moves 10 days." in with_en
    )
    assert "extended the term by 14 days" in with_en
    assert "Wednesday 27 May 2026" in with_en


def test_case_page_shows_the_stages_as_done_current_and_to_come(
    client: Client,
    amira: User,
    story_case: Case,
) -> None:
    body = _page(client, amira, story_case, lang="en")
    assert 'loket-timeline__step--done" ' in body or "loket-timeline__step--done" in body
    assert 'aria-current="step"' in body
    assert "Assessment" in body
    assert "Still to come" in body
    assert "since 23 March 2026" in body


def test_case_page_shows_the_handler_and_the_letters(
    client: Client,
    amira: User,
    story_case: Case,
) -> None:
    body = _page(client, amira, story_case, lang="en")
    assert "Hanneke de Vries" in body
    assert "h.devries@loket.example" in body
    assert "We need more time" in body


def test_open_information_request_moves_the_date_day_by_day(
    client: Client,
    amira: User,
    case_factory: Callable[..., Case],
) -> None:
    from loket.cases import services

    case = case_factory(amira, "ST-WAIT-1", received=dt.date(2026, 9, 1))
    services.case_record_event(
        case=case, kind="information_requested", at=at(dt.date(2026, 11, 12)), source="staff"
    )
    body = _page(client, amira, case, lang="en")
    assert "We have not received it yet" in body
    assert "We are waiting for information from you." in body


def test_a_date_on_a_weekend_moves_to_the_next_working_day(
    client: Client,
    amira: User,
    case_factory: Callable[..., Case],
) -> None:
    # Study: 60 days from 1 September 2026 is Saturday 31 October → Monday 2 November.
    case = case_factory(amira, "ST-ROLL-1", received=dt.date(2026, 9, 1))
    body = _page(client, amira, case, lang="en")
    # The first decision date was just named: it is not named twice.
    assert "So the first decision date was 31 October 2026." in body
    assert "That day is a Saturday." in body
    assert "That would be" not in body
    assert "moves to the next working day: Monday 2 November 2026" in body
    dutch = _page(client, amira, case)
    assert "Die dag is een zaterdag." in dutch


def test_letter_can_be_read_and_downloaded(client: Client, amira: User, story_case: Case) -> None:
    client.force_login(amira)
    letter = story_case.letters.get()
    ref, pk = story_case.reference, letter.pk
    page = client.get(url("applicant:letter-detail", "en", reference=ref, letter_id=pk))
    assert "We need more time" in page.content.decode()
    download = client.get(url("applicant:letter-download", reference=ref, letter_id=pk))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-")


def test_forecast_slot_is_empty_without_a_forecast(
    client: Client,
    amira: User,
    story_case: Case,
) -> None:
    body = _page(client, amira, story_case, lang="en")
    assert "We expect a decision between" not in body


def test_forecast_slot_shows_the_expected_window(
    client: Client, amira: User, story_case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    from loket.web.applicant import data

    forecast = data.CaseForecast(
        expected_on=dt.date(2026, 5, 12),
        earliest_on=dt.date(2026, 5, 4),
        latest_on=dt.date(2026, 5, 20),
    )
    monkeypatch.setattr(data, "case_forecast", lambda actor, case, as_of: forecast)
    body = _page(client, amira, story_case, lang="en")
    assert "We expect a decision between 4 May 2026 and 20 May 2026." in body
    assert "For 8 in 10 of them" in body
