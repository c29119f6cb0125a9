"""``loket demo --no-serve`` sets up a usable, repeatable demo."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from loket.cases.models import OPEN_STATUSES, Case, EventKind
from loket.forecasts.models import CasePrediction
from loket.kernel.actors import actor_for_user
from loket.notifications.models import Channel, Message, MessageKind, MessageStatus
from loket.ops.demo import HANDLER_TEAM, LATE_PERSONA, PERSONAS, choose_cases, ensure_users
from loket.ops.management.commands.demo import DEMO_DAYS, DEMO_SCALE, DEMO_SEED
from loket.simulation.config import DEFAULT_CONFIG
from loket.simulation.model import simulate
from loket.simulation.tests.conftest import NOW

pytestmark = pytest.mark.django_db

SMALL = ("--no-serve", "--scale", "0.004")


@pytest.mark.slow
def test_demo_creates_cases_and_accounts_and_gives_each_persona_a_case(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("demo", *SMALL)

    users = get_user_model().objects
    assert Case.objects.count() > 500
    assert set(Case.objects.values_list("product__code", flat=True)) == {
        "knowledge-migrant",
        "study",
        "family",
        "asylum",
        "naturalisation",
        "ukraine-sticker",
    }
    for persona in PERSONAS:
        user = users.get(username=persona.username)
        assert user.check_password(persona.password)
        assert Case.objects.filter(applicant=user, product__code=persona.product).exists()
    assert users.get(username="handler").is_staff
    # The handler's team has cases of the demo's own, with open ones among them.
    assert Case.objects.filter(team=HANDLER_TEAM, status__in=OPEN_STATUSES).exists()
    assert users.get(username="admin").is_superuser
    out = capsys.readouterr().out
    assert "demo-anna-2026" in out
    assert "http://127.0.0.1:8000/" in out
    # The day's messages are written without serving: dara's case is overdue, so she is told.
    assert "'legal date passed'" in out
    assert "Work lists: " in out  # the staff pages' counts, not the simulation's due dates
    dara = users.get(username="dara")
    assert Message.objects.filter(
        recipient=dara, kind=MessageKind.LEGAL_DATE_PASSED, channel=Channel.PORTAL
    ).exists()


@pytest.mark.slow
def test_one_persona_takes_an_at_risk_case_and_gets_the_delay_notice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("demo", *SMALL)

    farid = get_user_model().objects.get(username=LATE_PERSONA.username)
    assert farid.check_password(LATE_PERSONA.password)
    case = Case.objects.get(applicant=farid)
    prediction = CasePrediction.objects.get(case=case)
    assert prediction.probability_late > 0.5
    assert case.decision_due is not None
    assert prediction.expected_on > case.decision_due
    notices = Message.objects.filter(case=case, kind=MessageKind.DELAY_NOTICE)
    assert sorted(n.channel for n in notices) == [Channel.EMAIL, Channel.PORTAL]
    assert {n.status for n in notices} == {MessageStatus.DELIVERED}
    assert "new delay notices to applicants" in capsys.readouterr().out

    call_command("demo", *SMALL)  # again: same case, no second notice
    assert Case.objects.get(applicant=farid) == case
    assert Message.objects.filter(case=case, kind=MessageKind.DELAY_NOTICE).count() == 2


def test_at_demo_scale_each_persona_gets_a_case_that_shows_their_story() -> None:
    result = simulate(days=DEMO_DAYS, seed=DEMO_SEED, scale=DEMO_SCALE, now=NOW)
    chosen = choose_cases(result)
    cases = {c.facts.reference: c for c in result.cases}

    def kinds(user: str, index: int = 0) -> list[EventKind]:
        return cases[chosen[user][index]].kinds

    anna = cases[chosen["anna"][0]]
    assert "information_received" in kinds("anna")
    assert kinds("anna")[-1] != "decided"
    # Her page tells only the answer's story: in progress, not extended, not late.
    assert anna.is_open
    assert "term_extended" not in kinds("anna")
    anna_due = result.due_date(anna)
    assert anna_due is not None
    assert anna_due >= NOW.date()
    assert kinds("ben")[-1] == "document_ready"
    assert "term_extended" in kinds("chen")
    assert "decided" not in kinds("chen")
    chen_due = result.due_date(cases[chosen["chen"][0]])
    assert chen_due is not None
    assert chen_due >= NOW.date()  # "term extended", not "late"
    assert kinds("chen")[-1] != "information_requested"
    assert "refused" in [r.outcome for r in cases[chosen["chen"][1]].rows]
    dara = cases[chosen["dara"][0]]
    assert dara.facts.track == "expert"
    due = result.due_date(dara)
    assert due is not None
    assert due < NOW.date()
    assert kinds("eva")[-1] == "information_requested"
    assert kinds("olena")[-1] == "issued"


@pytest.mark.slow
def test_running_the_demo_again_duplicates_nothing() -> None:
    call_command("demo", *SMALL)
    cases, users = Case.objects.count(), get_user_model().objects.count()

    call_command("demo", *SMALL)

    assert Case.objects.count() == cases
    assert get_user_model().objects.count() == users


@pytest.mark.slow
def test_demo_on_a_database_filled_by_simulate_gives_each_persona_a_case() -> None:
    call_command("simulate", "--days", "120", "--scale", "0.003", "--seed", "5")

    call_command("demo", *SMALL)

    for persona in PERSONAS:
        assert Case.objects.filter(applicant__username=persona.username).exists()


def test_the_demo_handler_works_in_the_family_team_and_joins_it_once() -> None:
    ensure_users(now=NOW)
    ensure_users(now=NOW)  # again: the same one group, no second

    handler = get_user_model().objects.get(username="handler")
    assert HANDLER_TEAM == DEFAULT_CONFIG.product("family").standard_team.name == "Gezin"
    assert list(handler.groups.values_list("name", flat=True)) == ["team:Gezin"]
    assert actor_for_user(handler).teams == {"Gezin"}
    assert actor_for_user(get_user_model().objects.get(username="admin")).teams == set()
