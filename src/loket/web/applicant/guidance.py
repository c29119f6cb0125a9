"""What the case page says about where a case is, what the person must do and what happens
next, as plain data: the situation, its text from the catalogue, the stages to show, and the
dates, reason and deadline the page adds to the text.

A pure function of what the view has read, so the template has nothing left to decide but
the wording, and tests can check every situation without a browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from loket.cases.domain.vocabulary import EventKind
from loket.cases.models import CaseEvent
from loket.cases.selectors import TimelineStep
from loket.cases.situation import Situation, is_before_decision, remedy_deadline
from loket.catalogue.models import ProductType, SituationText, Stage
from loket.kernel.time import local_date

# Situations after which the stages still to come will not happen.
_ENDED = frozenset({Situation.REFUSED, Situation.WITHDRAWN})


@dataclass(frozen=True, slots=True)
class RemedyTerm:
    """What the person can do against a refusal and by when (docs/legal-terms.md)."""

    kind: str  # a ``RemedyKind`` value: "objection" or "appeal"
    weeks: int
    last_day: dt.date
    short_weeks: int  # a shorter term that applies in some procedures; 0 if none
    short_last_day: dt.date | None
    decided_on: dt.date
    source: str
    expired: bool  # even the longest term has ended before today


@dataclass(frozen=True, slots=True)
class PageStep:
    """A stage on the page's timeline: ``done``, ``current``, ``upcoming``, or after a
    refusal or withdrawal ``skipped`` (will not happen) and ``stopped`` (where it ended)."""

    stage: Stage
    state: str
    entered_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Guidance:
    situation: Situation
    text: SituationText | None
    current_stage: Stage | None  # shown before a decision: where the case is
    next_stage: Stage | None  # shown before a decision: the step after it
    action: str  # "what do you need to do": the stage's own action, or the text's
    legal_date: dt.date | None  # the legal decision date (for an overdue case: the one missed)
    decided_on: dt.date | None
    withdrawn_on: dt.date | None
    reason: str  # the main reason of a refusal, as staff wrote it on the decision
    remedy: RemedyTerm | None

    @property
    def before_decision(self) -> bool:
        return is_before_decision(self.situation)


def remedy_term(product: ProductType, decided_on: dt.date, *, today: dt.date) -> RemedyTerm | None:
    """The product's objection or appeal term after a decision sent on ``decided_on``; None
    when the catalogue gives the product none."""
    if not product.remedy_kind or product.remedy_weeks <= 0:
        return None
    last_day = remedy_deadline(decided_on, product.remedy_weeks)
    short = product.remedy_short_weeks
    return RemedyTerm(
        kind=product.remedy_kind,
        weeks=product.remedy_weeks,
        last_day=last_day,
        short_weeks=short,
        short_last_day=remedy_deadline(decided_on, short) if short > 0 else None,
        decided_on=decided_on,
        source=product.remedy_source,
        expired=last_day < today,
    )


def decision_reason(events: Sequence[CaseEvent]) -> str:
    """The note staff wrote on the (last) decision event, or ``""``."""
    for event in reversed(events):
        if event.kind == EventKind.DECIDED:
            return event.note.strip()
    return ""


def page_steps(steps: Sequence[TimelineStep], situation: Situation) -> list[PageStep]:
    """The timeline as the page tells it: after a refusal or a withdrawal, the stages still
    to come will not happen, and a withdrawn case stopped where it was."""
    page = []
    for step in steps:
        state: str = step.state
        if situation in _ENDED and state == "upcoming":
            state = "skipped"
        elif situation == Situation.WITHDRAWN and state == "current":
            state = "stopped"
        page.append(PageStep(stage=step.stage, state=state, entered_at=step.entered_at))
    return page


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What ``case_guidance`` reads about the case, already loaded by the view."""

    product: ProductType
    decided_at: dt.datetime | None
    closed_at: dt.datetime | None
    legal_date: dt.date | None
    current_step: TimelineStep | None
    next_step: TimelineStep | None
    events: Sequence[CaseEvent]


def _stage_action(situation: Situation, stage: Stage | None) -> str:
    """An open case's stage says what to do in that step; in any other situation the
    situation's own text does (a stage's "nothing to do" would contradict "we are waiting
    for you" or "you can object")."""
    if stage is not None and situation in (Situation.OPEN, Situation.EXTENDED):
        return stage.client_action
    return ""


def case_guidance(
    facts: CaseFacts, situation: Situation, text: SituationText | None, *, today: dt.date
) -> Guidance:
    before = is_before_decision(situation)
    current = facts.current_step.stage if before and facts.current_step else None
    # Before the decision, a stage that follows only a grant is not "next": no presuming.
    following = (
        facts.next_step.stage
        if before and facts.next_step and not facts.next_step.after_decision
        else None
    )
    if situation == Situation.WAITING_FOR_CLIENT:
        following = None  # the next thing is the person's answer, not the next stage
    decided_on = local_date(facts.decided_at) if facts.decided_at and not before else None
    refused = situation == Situation.REFUSED
    action = _stage_action(situation, current) or (text.what_to_do if text else "")
    return Guidance(
        situation=situation,
        text=text,
        current_stage=current,
        next_stage=following,
        action=action,
        legal_date=facts.legal_date,
        decided_on=decided_on,
        withdrawn_on=(
            local_date(facts.closed_at)
            if situation == Situation.WITHDRAWN and facts.closed_at
            else None
        ),
        reason=decision_reason(facts.events) if refused else "",
        remedy=(
            remedy_term(facts.product, decided_on, today=today)
            if refused and decided_on is not None
            else None
        ),
    )
