"""What the simulated service looks like: products, volumes, teams, hours and rates.

Figures follow the public picture of the IND: 100,000-150,000 residence decisions a year
over work, study, family and asylum; about 51,000 naturalisation requests; Ukrainian
endorsement stickers in waves; a study peak in July-September; about 25% of cases on the
expert track (seed 000: "in ruim 75% van alle zaken ... regulier werk"). Hours per case
and team sizes are modelling assumptions, sized so most teams keep up and a few (family,
asylum) run slightly short, which is what makes a backlog and overdue cases appear.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from loket.cases.domain.vocabulary import EventKind
from loket.simulation.stages import DEFAULT_TERMS, STAGE_CODES, CatalogueTerm

FLAT_YEAR: tuple[float, ...] = (1.0,) * 12
# July-September carry about half the year's study applications (academic year start).
STUDY_YEAR: tuple[float, ...] = (0.6, 0.5, 0.5, 0.5, 0.6, 0.9, 2.2, 2.8, 1.8, 0.6, 0.5, 0.5)
ASYLUM_YEAR: tuple[float, ...] = (0.8, 0.8, 0.9, 0.9, 1.0, 1.0, 1.1, 1.1, 1.2, 1.2, 1.1, 0.9)


@dataclass(frozen=True, slots=True)
class TeamSpec:
    name: str
    fte: float


@dataclass(frozen=True, slots=True)
class StepSpec:
    """One process step: a role (mapped to a stage code) and the work it takes."""

    role: str
    hours_standard: float = 0.0
    hours_expert: float = 0.0
    # Calendar days waiting on a third party (screening, advice), no handler involved.
    external_days: tuple[float, float] | None = None
    external_expert_only: bool = False
    asks_information: bool = False  # the step where a handler may ask the client for more
    may_extend: bool = False  # the step where a handler may extend the decision term


@dataclass(frozen=True, slots=True)
class AfterStep:
    """What follows a grant: wait some calendar days, then enter a stage and/or record an event."""

    wait_days: tuple[float, float] = (0.0, 0.0)
    role: str = ""
    event: EventKind | None = None  # DOCUMENT_READY or ISSUED


# Card production, then pickup at a desk or expat centre (by appointment).
RESIDENCE_AFTER: tuple[AfterStep, ...] = (
    AfterStep(role="document"),
    AfterStep((5.0, 12.0), event=EventKind.DOCUMENT_READY),
    AfterStep((3.0, 25.0), role="issued", event=EventKind.ISSUED),
)


@dataclass(frozen=True, slots=True)
class Wave:
    """An arrival surge (e.g. Ukrainian refugees): a bell around a day of the year."""

    month: int
    day: int
    width_days: float
    share: float  # share of the product's annual volume that arrives in this wave


@dataclass(frozen=True, slots=True)
class ProductSpec:
    code: str
    abbreviation: str
    annual_volume: float
    steps: tuple[StepSpec, ...]
    standard_team: TeamSpec
    expert_team: TeamSpec
    term: CatalogueTerm
    stage_codes: dict[str, str]
    monthly_profile: tuple[float, ...] = FLAT_YEAR
    waves: tuple[Wave, ...] = ()
    weekend_factor: float = 0.3  # arrivals on a weekend day relative to a weekday
    expert_share: float = 0.25
    refusal_standard: float = 0.05
    refusal_expert: float = 0.20
    info_standard: float = 0.15  # chance of an information request at the asking step
    info_expert: float = 0.45
    second_info_expert: float = 0.30  # expert cases are asked again more often (rework)
    answer_standard: float = 0.92  # chance the client answers in time
    answer_expert: float = 0.80
    answer_median_days: float = 10.0
    answer_deadline_days: float = 28.0
    rework_fraction: float = 0.4  # share of the step's hours redone after an answer
    extension_standard: float = 0.02
    extension_expert: float = 0.30
    withdrawal: float = 0.03
    after_grant: tuple[AfterStep, ...] = RESIDENCE_AFTER
    # Cases already waiting when the clock starts: this many days of inflow, received
    # over the span before the start (a service never starts from an empty desk).
    backlog_days: float = 5.0
    backlog_span_days: float = 30.0
    channels: tuple[tuple[str, float], ...] = (("online", 0.7), ("post", 0.2), ("desk", 0.1))
    sponsors: tuple[str, ...] = ()

    def hours(self, *, expert: bool) -> float:
        return sum(s.hours_expert if expert else s.hours_standard for s in self.steps)


@dataclass(frozen=True, slots=True)
class SimConfig:
    products: tuple[ProductSpec, ...]
    hours_per_fte_day: float = 6.0  # case hours per working day, after meetings and leave
    working_days_per_year: float = 214.0  # 261 weekdays less holidays, leave and sickness

    @property
    def hours_per_weekday(self) -> float:
        # The model works every weekday, so leave and holidays thin out each day's hours.
        return self.hours_per_fte_day * self.working_days_per_year / 261.0

    def product(self, code: str) -> ProductSpec:
        for product in self.products:
            if product.code == code:
                return product
        raise KeyError(code)

    def with_capacity(self, factor: float, *, products: Iterable[str] | None = None) -> SimConfig:
        """The same service with every (or some products') team FTE multiplied by ``factor``."""
        chosen = set(products) if products is not None else {p.code for p in self.products}
        changed = []
        for original in self.products:
            product = original
            if product.code in chosen:
                product = dataclasses.replace(
                    product,
                    standard_team=dataclasses.replace(
                        product.standard_team, fte=product.standard_team.fte * factor
                    ),
                    expert_team=dataclasses.replace(
                        product.expert_team, fte=product.expert_team.fte * factor
                    ),
                )
            changed.append(product)
        return dataclasses.replace(self, products=tuple(changed))

    def with_inflow(self, factor: float, *, products: Iterable[str] | None = None) -> SimConfig:
        """The same service with every (or some products') arrivals multiplied by ``factor``.

        A surge (a war, a policy change) is ``factor > 1`` on the products it hits.
        """
        chosen = set(products) if products is not None else {p.code for p in self.products}
        return dataclasses.replace(
            self,
            products=tuple(
                dataclasses.replace(p, annual_volume=p.annual_volume * factor)
                if p.code in chosen
                else p
                for p in self.products
            ),
        )


def expected_team_hours(product: ProductSpec, *, expert: bool) -> float:
    """Mean handler hours per case on one track, rework for information requests included."""
    info = product.info_expert if expert else product.info_standard
    asked = [s for s in product.steps if s.asks_information]
    rework = sum(
        (s.hours_expert if expert else s.hours_standard) * product.rework_fraction for s in asked
    )
    repeats = info * (1 + (product.second_info_expert if expert else 0.0))
    return product.hours(expert=expert) + repeats * rework


def utilisation(config: SimConfig, product: ProductSpec, *, expert: bool) -> float:
    """Demand over capacity for one team; above 1 its queue grows without bound."""
    share = product.expert_share if expert else 1 - product.expert_share
    demand = product.annual_volume * share * expected_team_hours(product, expert=expert)
    team = product.expert_team if expert else product.standard_team
    capacity = team.fte * config.hours_per_fte_day * config.working_days_per_year
    return demand / capacity if capacity else float("inf")


def _residence_steps(
    intake: tuple[float, float],
    assess: tuple[float, float],
    decide: tuple[float, float],
    *,
    checks: tuple[float, float],
) -> tuple[StepSpec, ...]:
    return (
        StepSpec("intake", *intake),
        # Checks with third parties (sponsor, tax office, municipal records) come first.
        StepSpec(
            "assessment", *assess, external_days=checks, asks_information=True, may_extend=True
        ),
        # Four eyes: a second handler co-signs the decision a few days later.
        StepSpec("decision", *decide, external_days=(1.0, 4.0)),
    )


def _product(code: str, **kwargs: object) -> ProductSpec:
    return ProductSpec(
        code=code,
        term=DEFAULT_TERMS[code],
        stage_codes=dict(STAGE_CODES[code]),
        **kwargs,  # type: ignore[arg-type]
    )


DEFAULT_CONFIG = SimConfig(
    products=(
        _product(
            "knowledge-migrant",
            abbreviation="KM",
            annual_volume=30_000,
            steps=_residence_steps((0.3, 0.5), (1.0, 4.0), (0.3, 0.8), checks=(2.0, 10.0)),
            standard_team=TeamSpec("Arbeid Kennismigranten", 31.0),
            expert_team=TeamSpec("Arbeid Expertteam", 37.0),
            refusal_standard=0.02,
            refusal_expert=0.12,
            info_standard=0.15,
            channels=(("online", 0.9), ("expat-centre", 0.1)),
            sponsors=("ASML", "Philips", "Booking.com", "Adyen", "TU Delft", "Shell", "ING"),
        ),
        _product(
            "study",
            abbreviation="ST",
            annual_volume=25_000,
            monthly_profile=STUDY_YEAR,
            steps=_residence_steps((0.2, 0.4), (0.6, 2.5), (0.2, 0.6), checks=(1.0, 6.0)),
            standard_team=TeamSpec("Studie", 20.0),
            expert_team=TeamSpec("Studie Expertteam", 25.0),
            refusal_standard=0.02,
            refusal_expert=0.10,
            info_standard=0.08,
            channels=(("online", 0.95), ("expat-centre", 0.05)),
            sponsors=(
                "Universiteit van Amsterdam",
                "Universiteit Leiden",
                "TU Eindhoven",
                "Rijksuniversiteit Groningen",
                "Erasmus Universiteit",
                "Wageningen University",
            ),
        ),
        _product(
            "family",
            abbreviation="FA",
            annual_volume=35_000,
            steps=_residence_steps((0.5, 1.0), (3.0, 9.0), (0.5, 1.5), checks=(5.0, 30.0)),
            standard_team=TeamSpec("Gezin", 81.0),
            expert_team=TeamSpec("Gezin Expertteam", 83.0),
            refusal_standard=0.12,
            refusal_expert=0.35,
            info_standard=0.25,
            info_expert=0.55,
            backlog_days=60.0,
            backlog_span_days=150.0,
        ),
        _product(
            "asylum",
            abbreviation="AS",
            annual_volume=35_000,
            monthly_profile=ASYLUM_YEAR,
            steps=(
                StepSpec("intake", 1.0, 1.5),
                # Rest and preparation: at least six days, with a medical advice.
                StepSpec("rest", 0.5, 0.5, external_days=(6.0, 20.0)),
                StepSpec("first-interview", 2.0, 3.0),
                StepSpec("detailed-interview", 6.0, 12.0),
                # The intended decision; the client's view on it is an information round.
                StepSpec("intention", 3.0, 8.0, asks_information=True, may_extend=True),
                StepSpec("decision", 1.0, 3.0),
            ),
            standard_team=TeamSpec("Asiel", 250.0),
            expert_team=TeamSpec("Asiel Expertteam", 172.0),
            refusal_standard=0.25,
            refusal_expert=0.45,
            info_standard=0.10,
            info_expert=0.30,
            extension_standard=0.05,
            extension_expert=0.40,
            withdrawal=0.04,
            backlog_days=170.0,
            backlog_span_days=330.0,
            channels=(("application-centre", 1.0),),
        ),
        _product(
            "naturalisation",
            abbreviation="NA",
            annual_volume=51_000,
            steps=(
                # The municipality checks the request and sends it on, with its advice.
                StepSpec("intake", 0.3, 0.5, external_days=(20.0, 70.0)),
                StepSpec("assessment", 1.5, 5.0, asks_information=True, may_extend=True),
                StepSpec("decision", 0.4, 1.0),
            ),
            standard_team=TeamSpec("Naturalisatie", 70.0),
            expert_team=TeamSpec("Naturalisatie Expertteam", 76.0),
            refusal_standard=0.03,
            refusal_expert=0.15,
            # The Royal Decree is handed over at a municipal ceremony weeks later.
            after_grant=(
                AfterStep((1.0, 5.0), role="ceremony"),
                AfterStep((20.0, 90.0), event=EventKind.ISSUED),
            ),
            backlog_days=60.0,
            backlog_span_days=240.0,
            channels=(("municipality", 1.0),),
        ),
        _product(
            "ukraine-sticker",
            abbreviation="UA",
            annual_volume=24_000,
            # Registrations come in waves after new arrivals; the street works them off.
            waves=(Wave(3, 10, 18.0, 0.35), Wave(10, 5, 21.0, 0.30)),
            steps=(StepSpec("appointment", 0.25, 0.5),),
            # The sticker goes into the passport at the same appointment.
            after_grant=(AfterStep(role="endorsement", event=EventKind.ISSUED),),
            standard_team=TeamSpec("Stickerstraat", 5.0),
            expert_team=TeamSpec("Stickerstraat Expertteam", 1.0),
            expert_share=0.05,
            refusal_standard=0.005,
            refusal_expert=0.05,
            info_standard=0.0,
            info_expert=0.0,
            extension_standard=0.0,
            extension_expert=0.0,
            withdrawal=0.02,
            channels=(("sticker-street", 1.0),),
        ),
    )
)
