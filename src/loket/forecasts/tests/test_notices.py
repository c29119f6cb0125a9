"""Delay notices are written in the language the applicant chose, Dutch if they never chose."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User

from loket.cases import services as case_services
from loket.cases.models import Case
from loket.forecasts.notices import delay_notices_send
from loket.forecasts.tests.factories import late_prediction
from loket.notifications.models import Channel, Message, MessageKind
from loket.notifications.services import language_preference_set

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


def _case_at_risk(applicant: User | None, *, handler_name: str = "") -> Case:
    """A case received on 2 November 2026 whose forecast says it will very likely be late.

    Its legal date: 90 days is Sunday 31 January 2027, so Monday 1 February.
    """
    case = case_services.case_create(
        reference=f"KM-2026-{applicant.pk if applicant else 0:04d}",
        product="knowledge-migrant",
        received_at=dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC),
        source="staff",
        applicant=applicant,
        handler_name=handler_name,
        team="Arbeid Zwolle",
    )
    assert case.decision_due is not None
    late_prediction(case, at=NOW, days_after_due=(10, 30, 60))
    return case


def _notices(case: Case) -> list[Message]:
    return list(Message.objects.filter(case=case, kind=MessageKind.DELAY_NOTICE))


def test_an_applicant_who_never_chose_a_language_is_written_to_in_dutch_only(
    django_user_model: type[User],
) -> None:
    applicant = django_user_model.objects.create_user("anouk", email="anouk@example.org")
    case = _case_at_risk(applicant)
    assert delay_notices_send(now=NOW) == 1
    notices = _notices(case)
    assert sorted(m.channel for m in notices) == [Channel.EMAIL, Channel.PORTAL]
    for notice in notices:
        assert notice.language == "nl"
        assert notice.subject == f"{case.reference}: het besluit komt waarschijnlijk later"
        assert notice.body.startswith("Beste aanvrager,")
        assert "uiterlijk 1 februari 2027 beslissen over uw aanvraag Kennismigrant" in notice.body
        assert "8 van de 10" in notice.body
        assert "Neem contact op met team Arbeid Zwolle." in notice.body
        assert "ingebrekestelling" in notice.body
        # Nothing in English any more.
        assert "Dear applicant" not in notice.body
        assert "8 in 10" not in notice.body
        assert "decision" not in notice.subject


def test_an_applicant_who_chose_english_gets_the_notice_in_english_only(
    django_user_model: type[User],
) -> None:
    applicant = django_user_model.objects.create_user("sam", email="sam@example.org")
    language_preference_set(user=applicant, language="en")
    case = _case_at_risk(applicant, handler_name="Hanneke de Vries")
    assert delay_notices_send(now=NOW) == 1
    notices = _notices(case)
    assert len(notices) == 2
    for notice in notices:
        assert notice.language == "en"
        assert notice.subject == f"{case.reference}: the decision will probably be late"
        assert notice.body.startswith("Dear applicant,")
        assert "by 1 February 2027 at the latest" in notice.body
        assert "Highly skilled migrant" in notice.body
        assert "For 8 in 10 applications like yours" in notice.body
        assert "Contact Hanneke de Vries." in notice.body
        assert "Beste aanvrager" not in notice.body
        assert "8 van de 10" not in notice.body
        assert "januari" not in notice.body


def test_a_delay_notice_no_longer_sends_a_team_alert_per_case(
    django_user_model: type[User],
) -> None:
    """The team hears about its cases in one daily digest (test_digest.py), not per case."""
    applicant = django_user_model.objects.create_user("noor", email="noor@example.org")
    _case_at_risk(applicant)
    _case_at_risk(None)
    delay_notices_send(now=NOW)
    assert not Message.objects.filter(kind=MessageKind.TEAM_ALERT).exists()


def test_a_run_reads_only_todays_candidates_with_an_account(
    django_user_model: type[User], django_assert_max_num_queries: Any
) -> None:
    """Cases without an account cost nothing, and notices sent before are found by their
    keys, not by reading every notice ever sent (issue "National scale")."""
    _case_at_risk(None)  # no account: the team's digest covers it
    applicant = django_user_model.objects.create_user("anouk", email="anouk@example.org")
    case = _case_at_risk(applicant)
    assert delay_notices_send(now=NOW) == 1
    with django_assert_max_num_queries(2):  # the candidates, the keys already sent
        assert delay_notices_send(now=NOW) == 0
    assert len(_notices(case)) == 2
    assert not Message.objects.filter(case__applicant__isnull=True).exists()
