"""The staff work lists: overdue apart from at risk, waiting past the reply date, received in
the last day; filtered by team, product and track; counted by one function."""

from __future__ import annotations

import datetime as dt

import pytest

from loket.cases.models import Case
from loket.forecasts.selectors import (
    WorkCounts,
    WorkScope,
    cases_at_risk,
    cases_overdue,
    cases_received_recently,
    cases_waiting_past_reply_date,
    reply_date,
    teams_of_cases,
    work_counts,
)
from loket.forecasts.tests.work_cases import EXPECTED, NOW, TEAM_A, TEAM_B, make_work_cases
from loket.kernel.actors import ANONYMOUS, system_actor
from loket.kernel.time import AMSTERDAM, local_date

pytestmark = pytest.mark.django_db

ACTOR = system_actor("test")
TODAY = local_date(NOW)


@pytest.fixture
def cases() -> dict[str, Case]:
    return make_work_cases()


def _team(team: str | None) -> WorkScope:
    return WorkScope() if team is None else WorkScope(teams=frozenset({team}))


def _all(field: str) -> list[str]:
    return [ref for expected in EXPECTED.values() for ref in getattr(expected, field)]


@pytest.mark.parametrize("team", [TEAM_A, TEAM_B, ""])
def test_each_list_holds_the_teams_cases_in_order(cases: dict[str, Case], team: str) -> None:
    scope = _team(team)
    expected = EXPECTED[team]
    at_risk = cases_at_risk(actor=ACTOR, today=TODAY, scope=scope)
    assert [p.case.reference for p in at_risk] == expected.at_risk
    overdue = cases_overdue(actor=ACTOR, today=TODAY, scope=scope)
    assert [c.reference for c in overdue] == expected.overdue
    waiting = cases_waiting_past_reply_date(actor=ACTOR, today=TODAY, scope=scope)
    assert [c.reference for c in waiting] == expected.waiting
    received = cases_received_recently(actor=ACTOR, now=NOW, scope=scope)
    assert [c.reference for c in received] == expected.received


def test_overdue_and_at_risk_are_different_lists(cases: dict[str, Case]) -> None:
    """A-OVER-1's forecast says 95% late, but its legal date has passed: overdue, not at risk."""
    at_risk = {p.case.reference for p in cases_at_risk(actor=ACTOR, today=TODAY)}
    overdue = {c.reference for c in cases_overdue(actor=ACTOR, today=TODAY)}
    assert "A-OVER-1" in overdue
    assert at_risk.isdisjoint(overdue)
    assert sorted(at_risk) == sorted(_all("at_risk"))
    assert sorted(overdue) == sorted(_all("overdue"))


def test_a_case_whose_legal_date_is_today_is_at_risk_not_overdue(cases: dict[str, Case]) -> None:
    due = cases["A-RISK-1"].decision_due
    assert due is not None
    assert "A-RISK-1" in {p.case.reference for p in cases_at_risk(actor=ACTOR, today=due)}
    assert "A-RISK-1" not in {c.reference for c in cases_overdue(actor=ACTOR, today=due)}
    day_after = due + dt.timedelta(days=1)
    assert "A-RISK-1" in {c.reference for c in cases_overdue(actor=ACTOR, today=day_after)}


def test_a_case_waiting_for_the_client_is_never_overdue(cases: dict[str, Case]) -> None:
    waiting_old = cases["A-WAIT-OLD"]
    assert waiting_old.status == "waiting_for_client"
    assert "A-WAIT-OLD" not in {c.reference for c in cases_overdue(actor=ACTOR, today=TODAY)}


def test_the_reply_date_rolls_past_the_weekend_and_counts_from_the_request(
    cases: dict[str, Case],
) -> None:
    # Asked Saturday 3 October: 21 days is Saturday 24 October, so Monday 26 October.
    saturday = dt.datetime(2026, 10, 3, 10, tzinfo=AMSTERDAM)
    assert reply_date(saturday, None) == dt.date(2026, 10, 26)
    assert reply_date(saturday, 14) == dt.date(2026, 10, 19)
    # A-WAIT-14: asked 2 November for 14 days, reply by Monday 16 November: late from 17.
    waiting = {c.reference: c for c in cases_waiting_past_reply_date(actor=ACTOR, today=TODAY)}
    late_14 = waiting["A-WAIT-14"]
    assert reply_date(late_14.asked_at, late_14.reply_days) == dt.date(2026, 11, 16)  # type: ignore[attr-defined]
    on_the_day = cases_waiting_past_reply_date(actor=ACTOR, today=dt.date(2026, 11, 16))
    assert "A-WAIT-14" not in {c.reference for c in on_the_day}
    day_after = cases_waiting_past_reply_date(actor=ACTOR, today=dt.date(2026, 11, 17))
    assert "A-WAIT-14" in {c.reference for c in day_after}


def test_the_lists_filter_by_product_and_track(cases: dict[str, Case]) -> None:
    study = WorkScope(product="study")
    assert [c.reference for c in cases_overdue(actor=ACTOR, today=TODAY, scope=study)] == ["B-OVER"]
    Case.objects.filter(reference="A-OVER-2").update(track="expert")
    expert = WorkScope(track="expert")
    assert [c.reference for c in cases_overdue(actor=ACTOR, today=TODAY, scope=expert)] == [
        "A-OVER-2"
    ]
    both = WorkScope(teams=frozenset({TEAM_A, TEAM_B}), product="knowledge-migrant")
    assert [p.case.reference for p in cases_at_risk(actor=ACTOR, today=TODAY, scope=both)] == [
        "A-RISK-1",
        "A-RISK-2",
    ]


def test_the_counts_are_the_lengths_of_the_lists(cases: dict[str, Case]) -> None:
    for team, expected in EXPECTED.items():
        assert work_counts(actor=ACTOR, now=NOW, scope=_team(team)) == WorkCounts(
            waiting_past_reply_date=len(expected.waiting),
            at_risk=len(expected.at_risk),
            overdue=len(expected.overdue),
            received_recently=len(expected.received),
        )
    assert work_counts(actor=ACTOR, now=NOW) == WorkCounts(
        waiting_past_reply_date=len(_all("waiting")),
        at_risk=len(_all("at_risk")),
        overdue=len(_all("overdue")),
        received_recently=len(_all("received")),
    )


def test_the_lists_are_paginated_in_the_database(cases: dict[str, Case]) -> None:
    query = str(cases_overdue(actor=ACTOR, today=TODAY)[1:2].query)
    assert "LIMIT 1" in query
    assert "OFFSET 1" in query
    waiting = str(cases_waiting_past_reply_date(actor=ACTOR, today=TODAY)[:1].query)
    assert "LIMIT 1" in waiting


def test_the_teams_are_read_from_the_cases(cases: dict[str, Case]) -> None:
    assert teams_of_cases(actor=ACTOR) == ["", TEAM_A, TEAM_B]


def test_nobody_else_sees_the_lists(cases: dict[str, Case]) -> None:
    assert work_counts(actor=ANONYMOUS, now=NOW) == WorkCounts(0, 0, 0, 0)
    assert teams_of_cases(actor=ANONYMOUS) == []
