"""The model: deterministic, scaled, triaged, and faithful to the service's rules."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from loket.cases.domain.transitions import replay
from loket.cases.domain.vocabulary import EventKind
from loket.simulation.config import DEFAULT_CONFIG, utilisation
from loket.simulation.model import simulate
from loket.simulation.result import SimulationResult
from loket.simulation.stages import STAGE_CODES
from loket.simulation.tests.conftest import NOW

PRODUCTS = {p.code for p in DEFAULT_CONFIG.products}


def _fingerprint(result: SimulationResult) -> list[tuple[object, ...]]:
    return [(c.facts, c.rows) for c in result.cases]


def test_the_same_seed_gives_the_same_cases_and_events() -> None:
    first = simulate(days=120, seed=3, scale=0.005, now=NOW)
    second = simulate(days=120, seed=3, scale=0.005, now=NOW)
    assert _fingerprint(first) == _fingerprint(second)


def test_another_seed_gives_another_history() -> None:
    first = simulate(days=120, seed=3, scale=0.005, now=NOW)
    other = simulate(days=120, seed=4, scale=0.005, now=NOW)
    assert [c.rows[1:] for c in first.cases] != [c.rows[1:] for c in other.cases]


def test_volumes_grow_with_the_scale() -> None:
    small = simulate(days=120, seed=5, scale=0.005, now=NOW)
    double = simulate(days=120, seed=5, scale=0.01, now=NOW)
    assert 1.7 < len(double.cases) / len(small.cases) < 2.3


def test_a_full_scale_year_has_the_real_services_volumes(year: SimulationResult) -> None:
    received = Counter(c.facts.product for c in year.cases if c.rows[0].at >= year.start)
    residence = sum(received[p] for p in ("knowledge-migrant", "study", "family", "asylum"))
    # scale 0.01: 100,000-150,000 residence and ~51,000 naturalisation requests a year
    assert 1_000 <= residence <= 1_500
    assert 450 <= received["naturalisation"] <= 570


def test_about_a_quarter_of_cases_take_the_expert_track(year: SimulationResult) -> None:
    expert = sum(c.facts.track == "expert" for c in year.cases)
    assert 0.21 <= expert / len(year.cases) <= 0.29


def test_every_product_is_simulated_with_open_and_decided_cases(year: SimulationResult) -> None:
    summary = year.summary()
    assert set(summary) == PRODUCTS
    for row in summary.values():
        assert row.open > 0
        assert row.granted > 0


def test_study_applications_peak_from_july_to_september(year: SimulationResult) -> None:
    months = Counter(c.rows[0].at.month for c in year.cases if c.facts.product == "study")
    summer = months[7] + months[8] + months[9]
    assert summer > 0.4 * sum(months.values())


def test_every_case_passes_the_transition_table(year: SimulationResult) -> None:
    for case in year.cases:
        replay(case.rows)  # raises TransitionError on a step the service does not allow


def test_events_lie_between_receipt_and_now_in_order(year: SimulationResult) -> None:
    for case in year.cases:
        moments = [r.at for r in case.rows]
        assert moments == sorted(moments)
        assert moments[-1] < NOW
        assert case.rows[0].kind == "received"


def test_extensions_stay_within_the_products_maximum(year: SimulationResult) -> None:
    for case in year.cases:
        extended = sum(r.days or 0 for r in case.rows if r.kind == "term_extended")
        assert extended <= DEFAULT_CONFIG.product(case.facts.product).term.max_extension_days


def test_rework_and_refusals_for_silence_occur(year: SimulationResult) -> None:
    kinds = Counter(r.kind for c in year.cases for r in c.rows)
    assert kinds[EventKind.INFORMATION_REQUESTED] > kinds[EventKind.INFORMATION_RECEIVED] > 0
    assert kinds[EventKind.TERM_EXTENDED] > 0
    assert kinds[EventKind.WITHDRAWN] > 0
    assert kinds[EventKind.ISSUED] > 0


def test_stage_events_use_the_mapped_stage_codes(year: SimulationResult) -> None:
    for case in year.cases:
        codes = set(STAGE_CODES[case.facts.product].values())
        assert {r.stage for r in case.rows if r.stage} <= codes


def test_some_teams_are_short_and_cases_run_overdue(year: SimulationResult) -> None:
    short = [
        p.code for p in DEFAULT_CONFIG.products if utilisation(DEFAULT_CONFIG, p, expert=True) > 1
    ]
    assert short
    summary = year.summary()
    assert sum(row.overdue for row in summary.values()) > 0
    assert sum(row.at_risk for row in summary.values()) > 0


def test_the_backlog_grows_when_capacity_is_cut() -> None:
    end = dt.datetime(2026, 6, 1, tzinfo=NOW.tzinfo)
    normal = simulate(DEFAULT_CONFIG, days=180, seed=9, scale=0.005, now=end)
    cut = simulate(DEFAULT_CONFIG.with_capacity(0.7), days=180, seed=9, scale=0.005, now=end)
    assert cut.open_on(cut.end) > 1.3 * normal.open_on(normal.end)
    assert cut.open_on(cut.end) > cut.open_on(cut.start)


def test_a_surge_in_one_product_adds_only_its_cases() -> None:
    base = simulate(days=120, seed=6, scale=0.005, now=NOW)
    surge = simulate(
        DEFAULT_CONFIG.with_inflow(2.0, products=["asylum"]), days=120, seed=6, scale=0.005, now=NOW
    )
    count = Counter(c.facts.product for c in base.cases)
    surged = Counter(c.facts.product for c in surge.cases)
    assert surged["asylum"] > 1.6 * count["asylum"]
    assert surged["study"] == count["study"]
