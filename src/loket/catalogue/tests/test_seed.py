"""The seeded catalogue: every fresh database has the six products, their terms and stages."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from loket.catalogue.models import LegalTerm, ProductType, Stage
from loket.catalogue.seed import PRODUCTS

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue.json"


def test_a_fresh_database_has_the_six_products_with_their_terms() -> None:
    terms = {
        t.product.code: (t.term_months, t.term_days, t.max_extension_days)
        for t in LegalTerm.objects.select_related("product")
    }
    assert terms == {
        "knowledge-migrant": (0, 90, 90),
        "study": (0, 60, 90),
        "family": (0, 90, 90),
        "asylum": (6, 0, 366),
        "naturalisation": (12, 0, 184),
        "ukraine-sticker": (0, 56, 0),
    }


def test_every_stage_is_explained_in_dutch_and_english() -> None:
    for stage in Stage.objects.all():
        assert stage.explanation_nl, stage
        assert stage.explanation_en, stage
        assert bool(stage.client_action_nl) == bool(stage.client_action_en), stage


def test_asylum_has_its_own_stages_in_order() -> None:
    codes = list(
        Stage.objects.filter(product__code="asylum")
        .order_by("position")
        .values_list("code", flat=True)
    )
    assert codes[:6] == [
        "registration",
        "rest-preparation",
        "first-interview",
        "detailed-interview",
        "intended-decision",
        "decision",
    ]


def test_the_fixture_is_what_the_seed_migration_makes() -> None:
    out = StringIO()
    call_command("dumpdata", "catalogue", natural_primary=True, natural_foreign=True, stdout=out)
    assert json.loads(out.getvalue()) == json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert len(PRODUCTS) == 6


def test_loading_the_fixture_again_changes_nothing() -> None:
    before = list(Stage.objects.order_by("pk").values())
    call_command("loaddata", "catalogue", verbosity=0)
    assert list(Stage.objects.order_by("pk").values()) == before
    assert ProductType.objects.count() == 6
