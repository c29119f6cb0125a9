"""Reads for pages and APIs: who may see which case, its timeline and its term clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.db.models import QuerySet

from loket.cases.domain.termclock import TermClock
from loket.cases.domain.vocabulary import CaseStatus, EventKind
from loket.cases.models import Case, CaseEvent
from loket.cases.projection import clock_for, product_term
from loket.catalogue.models import DECISION_STAGE, Stage

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def cases_for_applicant(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Case]:
    """The applicant's own cases, newest first; nobody else's, and none for anonymous users."""
    if not user.is_authenticated:
        return Case.objects.none()
    return Case.objects.filter(applicant_id=user.pk).select_related("product")


def case_get_for_applicant(user: AbstractBaseUser | AnonymousUser, reference: str) -> Case:
    """One of the applicant's cases; ``Case.DoesNotExist`` (a 404) for anyone else's.

    Someone else's case and a case that does not exist look the same, so a reference
    cannot be probed.
    """
    return cases_for_applicant(user).get(reference=reference)


StepState = Literal["done", "current", "upcoming"]


@dataclass(frozen=True, slots=True)
class TimelineStep:
    stage: Stage
    state: StepState
    entered_at: dt.datetime | None
    # A stage after the decision stage: it follows only a grant.
    after_decision: bool = False


@dataclass(frozen=True, slots=True)
class CaseTimeline:
    """What the case page shows: every event, and the product's stages marked done/current."""

    case: Case
    events: list[CaseEvent]
    steps: list[TimelineStep]

    @property
    def current_step(self) -> TimelineStep | None:
        return next((s for s in self.steps if s.state == "current"), None)

    @property
    def next_step(self) -> TimelineStep | None:
        return next((s for s in self.steps if s.state == "upcoming"), None)


def case_timeline(case: Case) -> CaseTimeline:
    """The case's events (oldest first) and its stages; two queries."""
    events = list(case.events.order_by("sequence"))
    stages = list(Stage.objects.filter(product_id=case.product_id).order_by("position"))
    entered: dict[str, dt.datetime] = {}
    for event in events:
        if event.stage and event.stage not in entered:
            entered[event.stage] = event.at
    if stages and events and stages[0].code not in entered:
        entered[stages[0].code] = events[0].at  # received: the first stage starts then
    current = case.stage or (stages[0].code if stages else "")
    position = next((s.position for s in stages if s.code == current), None)
    closed = case.closed_at is not None and not any(e.kind == EventKind.WITHDRAWN for e in events)
    # The residence document is ready: making it is done, collecting it is what comes next.
    finished_current = closed or case.status == CaseStatus.DOCUMENT_READY
    decision_at = next((s.position for s in stages if s.code == DECISION_STAGE), None)
    steps = []
    for stage in stages:
        state: StepState
        if position is None or stage.position > position:
            state = "upcoming"
        elif stage.position < position or (finished_current and stage.code == current):
            state = "done"
        else:
            state = "current"
        steps.append(
            TimelineStep(
                stage=stage,
                state=state,
                entered_at=entered.get(stage.code),
                after_decision=decision_at is not None and stage.position > decision_at,
            )
        )
    return CaseTimeline(case=case, events=events, steps=steps)


def case_term_clock(
    case: Case, as_of: dt.date, events: Sequence[CaseEvent] | None = None
) -> TermClock:
    """The legal decision date as of ``as_of`` (a still-open information request keeps
    suspending the term until that day), with everything needed to explain it.

    Pass ``events`` (in sequence order) when the caller has read them already.
    """
    if events is None:
        events = list(case.events.order_by("sequence"))
    return clock_for(events, term=product_term(case.product), as_of=as_of)
