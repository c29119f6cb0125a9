"""Cases on every staff work list (at risk, overdue, waiting past the reply date, received in
the last day), for two teams and a case without a team, on Friday 20 November 2026 at noon
(Amsterdam). Used by the selector and digest tests here and by the staff door's tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User

from loket.cases import services
from loket.cases.models import Case
from loket.forecasts.models import CasePrediction, ForecastModel
from loket.kernel.time import AMSTERDAM

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=AMSTERDAM)
TEAM_A = "Arbeid Zwolle"
TEAM_B = "Studie"


def when(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=AMSTERDAM)


@dataclass(frozen=True)
class Expected:
    """What each list must hold, by reference."""

    at_risk: list[str]
    overdue: list[str]
    waiting: list[str]
    received: list[str]


EXPECTED: dict[str, Expected] = {
    TEAM_A: Expected(
        at_risk=["A-RISK-1", "A-RISK-2"],  # riskiest first
        overdue=["A-OVER-1", "A-OVER-2"],  # longest overdue first
        waiting=["A-WAIT-LATE", "A-WAIT-14"],  # asked longest ago first
        received=["A-NEW"],
    ),
    TEAM_B: Expected(at_risk=["B-RISK"], overdue=["B-OVER"], waiting=[], received=["B-NEW"]),
    "": Expected(at_risk=[], overdue=["X-OVER"], waiting=[], received=[]),
}


def _predict(case: Case, probability: float) -> None:
    assert case.decision_due is not None
    model = ForecastModel.objects.order_by("pk").first() or ForecastModel.objects.create(
        trained_at=NOW,
        data_until=NOW,
        training_cases=100,
        training_events=500,
        reason="first",
        artifact=b"",
    )
    due = case.decision_due
    CasePrediction.objects.create(
        case=case,
        model=model,
        predicted_at=NOW,
        earliest_on=due - dt.timedelta(days=5),
        expected_on=due + dt.timedelta(days=10),
        latest_on=due + dt.timedelta(days=30),
        probability_late=probability,
    )


def _case(
    reference: str,
    received: dt.datetime,
    *,
    team: str,
    product: str = "knowledge-migrant",
    risk: float | None = None,
    applicant: User | None = None,
) -> Case:
    case = services.case_create(
        reference=reference,
        product=product,
        received_at=received,
        source="staff",
        team=team,
        applicant=applicant,
    )
    case.refresh_from_db()
    if risk is not None:
        _predict(case, risk)
    return case


def _ask(case: Case, asked: dt.datetime, days: int | None = None) -> None:
    services.case_record_event(
        case=case, kind="information_requested", at=asked, source="staff", days=days
    )


def make_work_cases() -> dict[str, Case]:
    """The cases behind ``EXPECTED``, and some that are on no list. Only A-RISK-2's
    applicant has an account in Loket."""
    noor = User.objects.create_user("noor", email="noor@example.org")
    made = [
        # Team A. Knowledge migrants: 90 days.
        _case("A-RISK-1", when(10, 1), team=TEAM_A, risk=0.9),  # due 30 Dec
        _case("A-RISK-2", when(10, 5), team=TEAM_A, risk=0.7, applicant=noor),  # due 4 Jan
        _case("A-SAFE", when(10, 5), team=TEAM_A, risk=0.2),  # on no list
        _case("A-OVER-1", when(7, 1), team=TEAM_A, risk=0.95),  # due 29 Sep: overdue only
        _case("A-OVER-2", when(8, 3), team=TEAM_A),  # due 2 Nov, no forecast
        _case("A-WAIT-LATE", when(9, 1), team=TEAM_A),
        _case("A-WAIT-14", when(9, 1), team=TEAM_A),
        _case("A-WAIT-OK", when(9, 1), team=TEAM_A),
        _case("A-WAIT-OLD", when(6, 1), team=TEAM_A),  # legal date passed, but waiting
        _case("A-DONE", when(6, 1), team=TEAM_A),
        _case("A-NEW", when(11, 20, 9), team=TEAM_A),
        # Team B. Study: 60 days.
        _case("B-RISK", when(10, 1), team=TEAM_B, product="study", risk=0.8),  # due 30 Nov
        _case("B-OVER", when(8, 3), team=TEAM_B, product="study"),  # due 2 Oct
        _case("B-NEW", when(11, 19, 13), team=TEAM_B, product="study"),  # 23 hours ago
        _case("B-OLDER", when(11, 19, 11), team=TEAM_B, product="study"),  # 25 hours ago
        # No team.
        _case("X-OVER", when(7, 1), team=""),
    ]
    cases = {case.reference: case for case in made}
    _ask(cases["A-WAIT-LATE"], when(10, 1))  # 21 days: reply by Thursday 22 October
    _ask(cases["A-WAIT-14"], when(11, 2), days=14)  # reply by Monday 16 November
    _ask(cases["A-WAIT-OK"], when(11, 10))  # reply by Tuesday 1 December
    _ask(cases["A-WAIT-OLD"], when(11, 18))  # reply by 9 December
    services.case_record_event(
        case=cases["A-DONE"], kind="decided", at=when(8, 1), source="staff", outcome="granted"
    )
    for case in cases.values():
        case.refresh_from_db()
    return cases
