"""Migration 0002 seeds the catalogue from its own frozen copy of the data, not live code.

``seed.py`` and ``fixtures/catalogue.json`` may change later; the migration must not. The
test database is made by running the migrations, so what it holds is what 0002 wrote
(no later migration changes the catalogue yet: one that does must be checked here too).
"""

from __future__ import annotations

import ast
import hashlib
import json
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader

from loket.catalogue.models import ProductType, Stage
from loket.catalogue.seed import PRODUCTS as SEED_PY

pytestmark = pytest.mark.django_db

MIGRATION = "0002_seed_products"
FROZEN: list[dict[str, Any]] = import_module(f"loket.catalogue.migrations.{MIGRATION}").PRODUCTS
PRODUCT_FIELDS = [
    "code",
    "name_nl",
    "name_en",
    "client_group",
    "term_months",
    "term_days",
    "max_extension_days",
    "legal_source",
    "is_active",
]
STAGE_FIELDS = [
    "product__code",
    "code",
    "position",
    "name_nl",
    "name_en",
    "explanation_nl",
    "explanation_en",
    "client_action_nl",
    "client_action_en",
]


def _expected(products: list[Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows seeding ``products`` makes, in the order they are created (that of their ids)."""
    product_rows, stage_rows = [], []
    for product in products:
        fields = {k: v for k, v in product.items() if k != "stages"}
        product_rows.append({**fields, "is_active": True})
        for position, stage in enumerate(product["stages"], start=1):
            stage_rows.append({"product__code": product["code"], **stage, "position": position})
    return product_rows, stage_rows


def _rows(
    product_model: Any, stage_model: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return (
        list(product_model.objects.order_by("pk").values(*PRODUCT_FIELDS)),
        list(stage_model.objects.order_by("pk").values(*STAGE_FIELDS)),
    )


# The frozen data's fingerprint: it must never change, as databases migrated before an edit
# would not see it. (The rows it makes are those the migration made when it called
# ``seed.seed_catalogue``, ids included: checked when it was frozen.)
FROZEN_SHA256 = "ae4c510d4446b56a7ffec75a4a84ed11c5aeb5434d6d983229d7b336f227f43a"


def test_the_frozen_data_is_unchanged() -> None:
    text = json.dumps(FROZEN, ensure_ascii=False, sort_keys=True)
    assert hashlib.sha256(text.encode()).hexdigest() == FROZEN_SHA256


def test_a_fresh_database_holds_exactly_the_frozen_catalogue_in_its_order() -> None:
    products, stages = _rows(ProductType, Stage)
    assert (products, stages) == _expected(FROZEN)
    assert (len(products), len(stages)) == (6, 31)


def test_the_migration_alone_makes_the_same_rows_with_historical_models() -> None:
    before = _rows(ProductType, Stage)
    loader = MigrationLoader(connection)
    apps = loader.project_state(("catalogue", MIGRATION)).apps
    product_model = apps.get_model("catalogue", "ProductType")
    stage_model = apps.get_model("catalogue", "Stage")
    stage_model.objects.all().delete()
    product_model.objects.all().delete()
    (operation,) = loader.get_migration("catalogue", MIGRATION).operations
    assert isinstance(operation, RunPython)
    editor = connection.schema_editor()  # unused by the seed, passed as Django would
    operation.code(apps, editor)
    assert _rows(product_model, stage_model) == before
    operation.code(apps, editor)  # a second run changes nothing
    assert _rows(product_model, stage_model) == before


def test_the_migration_imports_no_loket_code() -> None:
    path = Path(__file__).resolve().parents[1] / "migrations" / f"{MIGRATION}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [a.name for a in node.names]
        )
    ]
    assert imported == ["django.db"]


def test_seed_py_still_describes_what_a_fresh_database_holds() -> None:
    """``seed.py`` seeds other databases (the browser tests): it must agree with the migrations."""
    assert _expected(SEED_PY) == _rows(ProductType, Stage)
