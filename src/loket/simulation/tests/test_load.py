"""Simulated cases go into the database through the cases app's own bulk import."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from loket.cases.models import Case, CaseEvent
from loket.catalogue.models import Stage
from loket.simulation.config import DEFAULT_CONFIG
from loket.simulation.model import simulate
from loket.simulation.services import CSV_HEADER, config_from_catalogue, simulation_load
from loket.simulation.stages import STAGE_CODES
from loket.simulation.tests.conftest import NOW

pytestmark = pytest.mark.django_db


def test_every_mapped_stage_code_exists_in_the_catalogue() -> None:
    for product, roles in STAGE_CODES.items():
        known = set(Stage.objects.filter(product__code=product).values_list("code", flat=True))
        assert {code for code in roles.values() if code} <= known, product


def test_the_catalogue_supplies_terms_and_leaves_stage_codes_as_mapped() -> None:
    config, missing = config_from_catalogue(DEFAULT_CONFIG)
    assert missing == []
    for product in config.products:
        assert product.stage_codes == STAGE_CODES[product.code]


def test_every_simulated_case_loads_and_loading_again_changes_nothing() -> None:
    config, _ = config_from_catalogue(DEFAULT_CONFIG)
    result = simulate(config, days=365, seed=11, scale=0.004, now=NOW)

    first = simulation_load(result.cases, chunk_size=300)
    again = simulation_load(result.cases)

    assert first.cases_created == len(result.cases) == Case.objects.count()
    assert first.events_added == result.event_count == CaseEvent.objects.count()
    assert again.events_added == 0
    assert again.events_present == result.event_count
    assert Case.objects.filter(track="expert").exists()


def test_simulate_command_loads_cases_and_prints_a_summary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("simulate", "--days", "90", "--seed", "2", "--scale", "0.003")
    out = capsys.readouterr().out
    assert Case.objects.exists()
    assert "Backlog (open cases)" in out
    assert "naturalisation" in out


def test_simulate_command_writes_a_loket_event_csv(tmp_path: Path) -> None:
    events, facts = tmp_path / "events.csv", tmp_path / "facts.csv"
    call_command(
        "simulate", "--days", "60", "--scale", "0.003", "--csv", events, "--facts-csv", facts
    )
    with events.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == CSV_HEADER
    assert {row[2] for row in rows[1:]} >= {"received", "stage_entered", "decided"}
    assert not Case.objects.exists()  # --csv writes a file instead of loading

    call_command("import", str(events))
    assert Case.objects.count() == len(facts.read_text(encoding="utf-8").splitlines()) - 1
