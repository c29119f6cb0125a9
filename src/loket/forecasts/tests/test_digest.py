"""The teams' daily digest: one e-mail per team per day, in Dutch, with the counts of the work
lists, the riskiest cases and the applicants to phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import override_settings

from loket.cases.models import Case
from loket.forecasts.notices import delay_notices_send, team_digest, team_digests_send
from loket.forecasts.selectors import WorkScope, work_counts
from loket.forecasts.tests.work_cases import EXPECTED, NOW, TEAM_A, TEAM_B, make_work_cases
from loket.kernel.actors import system_actor
from loket.notifications.models import Channel, Message, MessageKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases() -> dict[str, Case]:
    return make_work_cases()


def _digests() -> dict[str, Message]:
    return {
        m.recipient_address: m
        for m in Message.objects.filter(kind=MessageKind.TEAM_ALERT).order_by("pk")
    }


def test_each_team_gets_one_digest_a_day(cases: dict[str, Case]) -> None:
    assert team_digests_send(now=NOW) == 3  # Arbeid Zwolle, Studie, and the cases without one
    digests = _digests()
    assert sorted(digests) == [
        "arbeid-zwolle@teams.loket.example",
        "cases@teams.loket.example",
        "studie@teams.loket.example",
    ]
    for message in digests.values():
        assert message.channel == Channel.EMAIL
        assert message.language == "nl"
        assert message.case is None  # about the team's work, not one case
        assert message.dedupe_key is not None
        assert message.dedupe_key.startswith("team_digest:2026-11-20:")
    # Later runs the same day send nothing; the next day each team gets a new one.
    assert team_digests_send(now=NOW + dt.timedelta(hours=6)) == 0
    assert Message.objects.filter(kind=MessageKind.TEAM_ALERT).count() == 3
    assert team_digests_send(now=NOW + dt.timedelta(days=1)) == 3
    assert Message.objects.filter(kind=MessageKind.TEAM_ALERT).count() == 6


def test_a_team_with_nothing_to_report_gets_no_digest(cases: dict[str, Case]) -> None:
    Case.objects.filter(team=TEAM_B).update(team="Rustig")
    Case.objects.filter(team="Rustig").exclude(reference="B-OLDER").update(team=TEAM_B)
    team_digests_send(now=NOW)
    assert "rustig@teams.loket.example" not in _digests()


def test_the_digest_counts_are_the_work_list_counts(cases: dict[str, Case]) -> None:
    actor = system_actor("test")
    for team, expected in EXPECTED.items():
        digest = team_digest(team=team, now=NOW)
        scope = WorkScope(teams=frozenset({team}))
        assert digest.counts == work_counts(actor=actor, now=NOW, scope=scope)
        assert digest.counts.at_risk == len(expected.at_risk)
        assert digest.counts.overdue == len(expected.overdue)


def _numbers(body: str) -> dict[str, int]:
    """The counts as the digest's Dutch sentences say them."""
    patterns = {
        "overdue": r"- (\d+) (?:zaak is|zaken zijn) te laat",
        "at_risk": r"- (\d+) (?:zaak loopt|zaken lopen) risico",
        "waiting": r"- (\d+) (?:zaak wacht|zaken wachten) op de aanvrager",
        "received": r"- (\d+) (?:zaak is|zaken zijn) de afgelopen dag binnengekomen",
    }
    found = {}
    for name, pattern in patterns.items():
        match = re.search(pattern, body)
        assert match, f"{name} not in the digest:\n{body}"
        found[name] = int(match.group(1))
    return found


def test_the_digest_says_the_counts_in_dutch(cases: dict[str, Case]) -> None:
    team_digests_send(now=NOW)
    body = _digests()["arbeid-zwolle@teams.loket.example"].body
    assert _numbers(body) == {"overdue": 2, "at_risk": 2, "waiting": 2, "received": 1}
    subject = _digests()["arbeid-zwolle@teams.loket.example"].subject
    assert subject == (
        "Werklijst van team Arbeid Zwolle op 20 november 2026: 2 met risico, 2 te laat"
    )


def test_the_digest_lists_the_riskiest_cases_in_dutch_without_codes(
    cases: dict[str, Case],
) -> None:
    delay_notices_send(now=NOW)  # A-RISK-2's applicant has an account: told
    team_digests_send(now=NOW)
    body = _digests()["arbeid-zwolle@teams.loket.example"].body
    risk_1 = body.index("A-RISK-1, Kennismigrant (standaard), beslistermijn eindigt 30 december")
    risk_2 = body.index("A-RISK-2, Kennismigrant (standaard), beslistermijn eindigt 4 januari")
    assert risk_1 < risk_2  # riskiest first
    assert "30 december 2026, kans op te laat 90%." in body
    assert "4 januari 2027, kans op te laat 70%." in body
    assert "De aanvrager heeft een bericht over de vertraging gekregen." in body
    assert "A-SAFE" not in body
    assert "A-OVER-1" not in body  # overdue, not at risk
    # No English and no codes.
    for code in (
        "knowledge-migrant",
        "standard",
        "expert",
        "in_progress",
        "waiting_for_client",
        "received",
        "Highly skilled",
        "decision",
        "team_alert",
    ):
        assert code not in body
    assert "http://127.0.0.1:8000/staff/?team=Arbeid+Zwolle" in body


def test_the_digest_says_which_applicants_to_phone(cases: dict[str, Case]) -> None:
    team_digests_send(now=NOW)
    body = _digests()["arbeid-zwolle@teams.loket.example"].body
    phone = body.split("Bel deze aanvragers.")[1]
    assert "A-RISK-1, Kennismigrant, beslistermijn eindigt 30 december 2026." in phone
    assert "A-RISK-2" not in phone  # has an account
    assert "Geen account in Loket: bel de aanvrager." in body


@override_settings(LOKET_BASE_URL="https://loket.example.nl")
def test_the_work_page_link_is_absolute_when_the_site_is_known(cases: dict[str, Case]) -> None:
    team_digests_send(now=NOW)
    body = _digests()["studie@teams.loket.example"].body
    assert "https://loket.example.nl/staff/?team=Studie" in body


def test_no_team_means_cases_without_a_team(cases: dict[str, Case]) -> None:
    team_digests_send(now=NOW)
    message = _digests()["cases@teams.loket.example"]
    assert "zaken zonder team" in message.subject
    assert TEAM_A not in message.body
    assert "/staff/?team=-" in message.body  # the work page's filter for "no team"
