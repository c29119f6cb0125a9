"""The discrete-event model of the service (SimPy). Pure: no database, no global random.

Time is a float in days since the start (local midnight); a case's process walks the
product's steps, queueing for a handler of its track's team (oldest receipt first),
waiting on third parties and on clients, and records events as it goes. The model stops at
the start of ``now``'s day, so the last events lie before ``now`` and every stage of the
process still has open cases in it.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
import random
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy

from loket.cases.domain.rows import CaseFacts
from loket.cases.domain.vocabulary import EventKind, Outcome, Track
from loket.kernel.time import AMSTERDAM
from loket.simulation.arrivals import arrival_times, backlog_times
from loket.simulation.config import DEFAULT_CONFIG, ProductSpec, SimConfig, StepSpec, TeamSpec
from loket.simulation.result import RawEvent, SimulatedCase, SimulationResult, to_rows

TICK = 0.002  # days between two events of one moment, so they keep their order
_FIRST = ("A.", "B.", "C.", "D.", "E.", "F.", "H.", "I.", "J.", "K.", "L.", "M.", "N.", "R.", "S.")
_LAST = (
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Yilmaz",
    "El Amrani",
    "Kaya",
    "Pinas",
    "Nguyen",
    "van Dijk",
)

Proc = Generator[simpy.Event, Any, Any]


class _Team:
    """A team's handlers, given to waiting cases oldest receipt first.

    SimPy's PriorityResource re-sorts its whole queue on every request, which is quadratic
    with the queues a backlog builds; a heap keeps each request and release O(log n).
    """

    def __init__(self, env: simpy.Environment, spec: TeamSpec, *, scale: float) -> None:
        wanted = spec.fte * scale
        size = max(1, round(wanted))
        # Rounding a small team to whole handlers changes its capacity; the handlers work
        # proportionally slower (or faster) so the team's hours stay ``fte * scale``.
        self.slowdown = size / wanted if wanted > 0 else float("inf")
        self.env = env
        self.name = spec.name
        self.free = [_handler_name(spec.name, i) for i in range(size)]
        self.waiting: list[tuple[float, int, simpy.Event]] = []
        self._order = itertools.count()

    def acquire(self, priority: float) -> simpy.Event:
        event = self.env.event()
        if self.free:
            event.succeed(self.free.pop())
        else:
            heapq.heappush(self.waiting, (priority, next(self._order), event))
        return event

    def release(self, handler: tuple[str, str]) -> None:
        if self.waiting:
            heapq.heappop(self.waiting)[2].succeed(handler)
        else:
            self.free.append(handler)


def _handler_name(team: str, index: int) -> tuple[str, str]:
    offset = sum(map(ord, team))
    first = _FIRST[(index + offset) % len(_FIRST)]
    last = _LAST[(index * 7 + offset) % len(_LAST)]
    slug = (first[0] + last.replace(" ", "")).lower()
    return f"{first} {last}", f"{slug}.{index + 1}@ind.example"


@dataclass(slots=True)
class _Case:
    product: ProductSpec
    received_t: float
    expert: bool
    channel: str
    sponsor: str
    withdraw_at: float | None
    events: list[RawEvent] = field(default_factory=list)
    handler: tuple[str, str] | None = None
    closed: bool = False

    @property
    def last_t(self) -> float:
        return self.events[-1].t if self.events else self.received_t


class _Model:
    def __init__(self, config: SimConfig, *, start: dt.date, seed: int, scale: float) -> None:
        self.config = config
        self.env = simpy.Environment()
        self.start_weekday = start.weekday()
        self.scale = scale
        self.seed = seed
        self.teams: dict[tuple[str, bool], _Team] = {}
        self.cases: list[_Case] = []
        # One seeded generator per product: a model, not cryptography (hence no S311).
        self.rngs = {
            p.code: random.Random(f"loket-sim:{seed}:{p.code}")  # noqa: S311
            for p in config.products
        }
        for product in config.products:
            self.teams[(product.code, False)] = _Team(self.env, product.standard_team, scale=scale)
            self.teams[(product.code, True)] = _Team(self.env, product.expert_team, scale=scale)

    # -- recording ---------------------------------------------------------------------------

    def _record(
        self,
        case: _Case,
        kind: EventKind,
        *,
        stage: str = "",
        days: int | None = None,
        outcome: Outcome | None = None,
        at: float | None = None,
    ) -> None:
        t = self.env.now if at is None else at
        t = max(t, case.last_t + TICK) if case.events else t
        case.events.append(RawEvent(t, kind, stage, days, outcome))

    def _withdrawn(self, case: _Case) -> bool:
        if case.withdraw_at is None or case.withdraw_at > self.env.now:
            return False
        self._record(case, EventKind.WITHDRAWN, at=case.withdraw_at)
        case.closed = True
        return True

    # -- time --------------------------------------------------------------------------------

    def _working_span(self, work_days: float) -> float:
        """Calendar days that ``work_days`` of handler time takes from now, skipping weekends."""
        t = self.env.now
        remaining = work_days
        while remaining > 1e-12:
            day = math.floor(t)
            if (self.start_weekday + day) % 7 >= 5:
                t = day + 1.0
                continue
            available = day + 1.0 - t
            if remaining <= available:
                t += remaining
                remaining = 0.0
            else:
                remaining -= available
                t = day + 1.0
        return t - self.env.now

    # -- processes ---------------------------------------------------------------------------

    def _work(self, case: _Case, hours: float, *, priority: float | None = None) -> Proc:
        """Queue for a handler of the case's team and work ``hours``; False if withdrawn.

        Cases are taken oldest receipt first unless ``priority`` says otherwise.
        """
        team = self.teams[(case.product.code, case.expert)]
        handler = yield team.acquire(case.received_t if priority is None else priority)
        if self._withdrawn(case):
            team.release(handler)
            return False
        if case.handler is None:
            case.handler = handler
        work = hours / self.config.hours_per_weekday * team.slowdown
        yield self.env.timeout(self._working_span(work))
        team.release(handler)
        return True

    def _ask_information(self, case: _Case, step: StepSpec, rng: random.Random) -> Proc:
        """Zero, one or two information requests; False when the client did not answer."""
        p = case.product
        rounds = 0
        if rng.random() < (p.info_expert if case.expert else p.info_standard):
            rounds = 1
            if case.expert and rng.random() < p.second_info_expert:
                rounds = 2
        hours = (step.hours_expert if case.expert else step.hours_standard) * p.rework_fraction
        for _ in range(rounds):
            self._record(case, EventKind.INFORMATION_REQUESTED)
            if rng.random() < (p.answer_expert if case.expert else p.answer_standard):
                wait = rng.lognormvariate(math.log(p.answer_median_days), 0.6)
                yield self.env.timeout(min(wait, p.answer_deadline_days))
                self._record(case, EventKind.INFORMATION_RECEIVED)
                if self._withdrawn(case):
                    return None
                # An answer joins the pile in the order answers come in, so a resumed
                # case waits a while before its handler picks it up again.
                done = yield from self._work(case, hours, priority=self.env.now)
                if not done:
                    return None
            else:
                # No answer by the deadline (plus a reminder week): the application is
                # refused for lack of information.
                yield self.env.timeout(p.answer_deadline_days + rng.uniform(1.0, 7.0))
                return False
        return True

    def _case(self, case: _Case) -> Proc:
        p = case.product
        rng = self.rngs[p.code]
        self._record(case, EventKind.RECEIVED, at=case.received_t)
        answered = yield from self._steps(case, rng)
        if answered is None:
            return
        if not answered:
            yield from self._refuse_unanswered(case)
            return
        refusal = p.refusal_expert if case.expert else p.refusal_standard
        granted = rng.random() >= refusal
        outcome = Outcome.GRANTED if granted else Outcome.REFUSED
        self._record(case, EventKind.DECIDED, outcome=outcome)
        case.closed = True
        if granted:
            yield from self._after_grant(case, rng)

    def _steps(self, case: _Case, rng: random.Random) -> Proc:
        """Walk the product's steps: True when all are done, False when the client did not
        answer an information request, None when the case ended on the way (withdrawn)."""
        for step in case.product.steps:
            if self._withdrawn(case):
                return None
            result = yield from self._step(case, step, rng)
            if result is not True:
                return result
        return True

    def _step(self, case: _Case, step: StepSpec, rng: random.Random) -> Proc:
        """One step; returns like ``_steps``."""
        p = case.product
        stage = p.stage_codes.get(step.role, "")
        if stage:
            self._record(case, EventKind.STAGE_ENTERED, stage=stage)
        if step.external_days and (case.expert or not step.external_expert_only):
            yield self.env.timeout(rng.uniform(*step.external_days))
        hours = step.hours_expert if case.expert else step.hours_standard
        if hours > 0:
            done = yield from self._work(case, hours)
            if not done:
                return None
        if step.may_extend and p.term.max_extension_days > 0:
            self._maybe_extend(case, rng)
        if step.asks_information:
            return (yield from self._ask_information(case, step, rng))
        return True

    def _maybe_extend(self, case: _Case, rng: random.Random) -> None:
        p = case.product
        chance = p.extension_expert if case.expert else p.extension_standard
        if rng.random() < chance:
            days = min(p.term.max_extension_days, rng.choice((28, 42, 56, 90)))
            self._record(case, EventKind.TERM_EXTENDED, days=days)

    def _refuse_unanswered(self, case: _Case) -> Proc:
        # A short handler task writes the refusal; the request stays unanswered.
        decision_step = case.product.steps[-1]
        hours = decision_step.hours_expert if case.expert else decision_step.hours_standard
        done = yield from self._work(case, max(hours, 0.2))
        if not done:
            return
        self._record(case, EventKind.DECIDED, outcome=Outcome.REFUSED)
        case.closed = True

    def _after_grant(self, case: _Case, rng: random.Random) -> Proc:
        """The document's journey after a grant (card production, pickup, ceremony)."""
        p = case.product
        for after in p.after_grant:
            if after.wait_days[1] > 0:
                yield self.env.timeout(rng.uniform(*after.wait_days))
            if after.role and p.stage_codes.get(after.role):
                self._record(case, EventKind.STAGE_ENTERED, stage=p.stage_codes[after.role])
            if after.event is not None:
                self._record(case, after.event)

    def _arrivals(self, product: ProductSpec, times: list[float]) -> Proc:
        rng = self.rngs[product.code]
        channels = [c for c, _ in product.channels]
        weights = [w for _, w in product.channels]
        for t in times:
            if t > self.env.now:
                yield self.env.timeout(t - self.env.now)
            withdraw_at = None
            if rng.random() < product.withdrawal:
                withdraw_at = t + rng.expovariate(1 / 40.0)
            case = _Case(
                product=product,
                received_t=t,
                expert=rng.random() < product.expert_share,
                channel=rng.choices(channels, weights)[0],
                sponsor=rng.choice(product.sponsors) if product.sponsors else "",
                withdraw_at=withdraw_at,
            )
            self.cases.append(case)
            self.env.process(self._case(case))

    def close_withdrawals(self, end: float) -> None:
        """Open cases whose client withdrew while they waited in a queue."""
        for case in self.cases:
            if case.closed or case.withdraw_at is None or case.withdraw_at >= end:
                continue
            t = max(case.withdraw_at, case.last_t + TICK)
            if t < end:
                case.events.append(RawEvent(t, EventKind.WITHDRAWN, "", None, None))
                case.closed = True


def simulate(
    config: SimConfig = DEFAULT_CONFIG,
    *,
    days: int = 365,
    seed: int = 1,
    scale: float = 1.0,
    now: dt.datetime | None = None,
    tz: dt.tzinfo = AMSTERDAM,
    warmup_days: int = 120,
    on_day: Callable[[int], None] | None = None,
) -> SimulationResult:
    """Run the service for ``days`` up to ``now`` and return its cases and events.

    The model first runs ``warmup_days`` unseen, so the window opens on a service in full
    flow: cases received then and still open at the start are kept (with their history),
    the ones already closed are not. ``on_day`` is called with the day number (of ``days``)
    as the run goes, for progress bars.
    """
    if days < 1 or scale <= 0 or warmup_days < 0:
        raise ValueError("days must be at least 1, scale positive and warmup_days not negative.")
    now = now or dt.datetime.now(tz)
    end_date = now.astimezone(tz).date()
    start = end_date - dt.timedelta(days=days)
    first_day = start - dt.timedelta(days=warmup_days)
    total = days + warmup_days
    model = _Model(config, start=first_day, seed=seed, scale=scale)
    for index, product in enumerate(config.products):
        arrivals_rng = np.random.default_rng([seed, index])
        backlog = backlog_times(product, scale=scale, rng=arrivals_rng)
        times = arrival_times(product, start=first_day, days=total, scale=scale, rng=arrivals_rng)
        model.env.process(model._arrivals(product, backlog + times))
    for day in range(1, total + 1):
        model.env.run(until=float(day))
        if on_day is not None:
            on_day(day * days // total)
    model.close_withdrawals(float(total))

    origin = dt.datetime.combine(first_day, dt.time(0), tzinfo=tz)
    window = float(warmup_days)
    numbers: dict[str, int] = {}
    cases = []
    for c in model.cases:
        if c.closed and c.last_t < window:
            continue  # finished before the window opened: not part of this history
        number = numbers[c.product.code] = numbers.get(c.product.code, 0) + 1
        reference = f"S{seed}-{c.product.abbreviation}-{number:06d}"
        facts = CaseFacts(
            reference=reference,
            product=c.product.code,
            track=Track.EXPERT if c.expert else Track.STANDARD,
            team=(c.product.expert_team if c.expert else c.product.standard_team).name,
            channel=c.channel,
            sponsor_name=c.sponsor,
            handler_name=c.handler[0] if c.handler else "",
            handler_email=c.handler[1] if c.handler else "",
        )
        rows = to_rows(reference, c.product.code, c.events, origin=origin, end=float(total))
        cases.append(SimulatedCase(facts=facts, rows=rows))
    return SimulationResult(
        config=config,
        start=origin + dt.timedelta(days=warmup_days),
        end=now,
        days=days,
        seed=seed,
        scale=scale,
        cases=cases,
    )
