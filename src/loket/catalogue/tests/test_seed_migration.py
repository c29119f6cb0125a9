"""The catalogue's data migrations seed from their own frozen copies of the data, not live code.

``seed.py``, ``seed_situations.py`` and ``fixtures/catalogue.json`` may change later; the
migrations must not. The test database is made by running the migrations, so what it holds
is what they wrote: 0002 the products and stages, 0004 the products' remedies, 0005 the
situation texts, 0006 its rewrites of stage texts (each checked here).
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import json
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations import RunPython
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from loket.catalogue.models import BEGINNING, LegalTerm, ProductType, SituationText, Stage
from loket.catalogue.seed import PRODUCTS as SEED_PY
from loket.catalogue.seed import seed_catalogue
from loket.catalogue.seed_situations import REMEDIES as SEED_REMEDIES
from loket.catalogue.seed_situations import SITUATION_TEXTS as SEED_TEXTS

pytestmark = pytest.mark.django_db

MIGRATION = "0002_seed_products"
FROZEN: list[dict[str, Any]] = import_module(f"loket.catalogue.migrations.{MIGRATION}").PRODUCTS
REMEDIES: dict[str, dict[str, Any]] = import_module(
    "loket.catalogue.migrations.0004_seed_remedies"
).REMEDIES
TEXTS: list[dict[str, Any]] = import_module(
    "loket.catalogue.migrations.0005_seed_situation_texts"
).TEXTS
EDITS: list[dict[str, str]] = import_module(
    "loket.catalogue.migrations.0006_stage_texts_before_decision"
).EDITS
DATA_MIGRATIONS = (
    "0002_seed_products",
    "0004_seed_remedies",
    "0005_seed_situation_texts",
    "0006_stage_texts_before_decision",
    "0008_first_legal_terms",
)
TERM_FIELDS = ["term_months", "term_days", "max_extension_days", "legal_source"]
# The product's columns as 0002 wrote them; since 0009 its term is in its first LegalTerm.
PRODUCT_FIELDS_0002 = ["code", "name_nl", "name_en", "client_group", *TERM_FIELDS, "is_active"]
REMEDY_FIELDS = ["code", "remedy_kind", "remedy_weeks", "remedy_short_weeks", "remedy_source"]
TEXT_FIELDS = [
    "situation",
    "stage",
    "where_now_nl",
    "where_now_en",
    "what_to_do_nl",
    "what_to_do_en",
    "what_next_nl",
    "what_next_en",
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


def _edited(stage_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``stage_rows`` with migration 0006's rewrites applied."""
    rows = [dict(row) for row in stage_rows]
    for edit in EDITS:
        (row,) = [
            r for r in rows if (r["product__code"], r["code"]) == (edit["product"], edit["stage"])
        ]
        assert row[edit["field"]] == edit["old"]
        row[edit["field"]] = edit["new"]
    return rows


def _rows(
    product_model: Any, stage_model: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The products (with their term as 0002 wrote it) and the stages."""
    if hasattr(product_model, "term_months"):  # a historical model from before 0009
        products = list(product_model.objects.order_by("pk").values(*PRODUCT_FIELDS_0002))
    else:
        first_terms = {
            t.product_id: {f: getattr(t, f) for f in TERM_FIELDS}
            for t in LegalTerm.objects.filter(valid_from=BEGINNING)
        }
        products = [
            {
                **{f: row[f] for f in ("code", "name_nl", "name_en", "client_group")},
                **first_terms.get(row["id"], {}),
                "is_active": row["is_active"],
            }
            for row in product_model.objects.order_by("pk").values()
        ]
    return products, list(stage_model.objects.order_by("pk").values(*STAGE_FIELDS))


# The frozen data's fingerprint: it must never change, as databases migrated before an edit
# would not see it. (The rows it makes are those the migration made when it called
# ``seed.seed_catalogue``, ids included: checked when it was frozen.)
FROZEN_SHA256 = "ae4c510d4446b56a7ffec75a4a84ed11c5aeb5434d6d983229d7b336f227f43a"
# The same for the later data migrations' frozen data.
LATER_SHA256 = {
    "REMEDIES": "d49005633e8183ad53c101f851ad770999dd8fdd21969b13d1f6a8c210bc6ae7",
    "TEXTS": "82d8ab68fa58448f51c36e73305f6972291718ab27eb57c7d54c89adad2430ca",
    "EDITS": "9551601adb4642d73308ecd0e41625987e8caa4e054b637432673cfda6b45991",
}


def _sha256(data: object) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def test_the_frozen_data_is_unchanged() -> None:
    assert _sha256(FROZEN) == FROZEN_SHA256
    assert {
        "REMEDIES": _sha256(REMEDIES),
        "TEXTS": _sha256(TEXTS),
        "EDITS": _sha256(EDITS),
    } == LATER_SHA256


def test_a_fresh_database_holds_exactly_the_frozen_catalogue_in_its_order() -> None:
    products, stages = _rows(ProductType, Stage)
    frozen_products, frozen_stages = _expected(FROZEN)
    assert (products, stages) == (frozen_products, _edited(frozen_stages))
    assert (len(products), len(stages)) == (6, 31)


def test_a_fresh_database_holds_the_frozen_remedies() -> None:
    rows = list(ProductType.objects.order_by("pk").values(*REMEDY_FIELDS))
    assert rows == [{"code": code, **remedy} for code, remedy in REMEDIES.items()]


def test_a_fresh_database_holds_the_frozen_situation_texts_in_their_order() -> None:
    rows = [
        {
            "product": text.product.code if text.product else "",
            **{f: getattr(text, f) for f in TEXT_FIELDS},
        }
        for text in SituationText.objects.select_related("product").order_by("pk")
    ]
    assert rows == TEXTS
    assert len(rows) == 9 + 6 * 9


def test_the_stage_rewrites_leave_a_text_edited_in_the_admin_alone_and_undo() -> None:
    loader = MigrationLoader(connection)
    migration = loader.get_migration("catalogue", "0006_stage_texts_before_decision")
    (operation,) = migration.operations
    assert isinstance(operation, RunPython)
    apps = loader.project_state(("catalogue", migration.name)).apps
    edit = EDITS[0]
    edited = Stage.objects.get(product__code=edit["product"], code=edit["stage"])
    setattr(edited, edit["field"], "Edited in the admin.")
    edited.save()
    assert operation.reverse_code is not None
    operation.reverse_code(apps, connection.schema_editor())
    edited.refresh_from_db()
    assert getattr(edited, edit["field"]) == "Edited in the admin."
    second = Stage.objects.get(product__code=EDITS[1]["product"], code=EDITS[1]["stage"])
    assert getattr(second, EDITS[1]["field"]) == EDITS[1]["old"]
    operation.code(apps, connection.schema_editor())
    second.refresh_from_db()
    assert getattr(second, EDITS[1]["field"]) == EDITS[1]["new"]


BEFORE_TERMS = ("catalogue", "0006_stage_texts_before_decision")


@pytest.mark.django_db(transaction=True)
def test_the_migrations_alone_make_the_same_rows_and_the_terms_survive_a_round_trip() -> None:
    """Back to 0006 (the term still on the product), 0002 run again by hand with its
    historical models, then forward: each product's term becomes its first version."""
    seed_catalogue(ProductType, Stage)  # a transactional test may start from a flushed one
    study = ProductType.objects.get(code="study")
    LegalTerm.objects.create(product=study, valid_from=dt.date(2020, 1, 1), term_days=45)
    LegalTerm.objects.create(product=study, valid_from=dt.date(2999, 1, 1), term_days=10)
    MigrationExecutor(connection).migrate([BEFORE_TERMS])

    # 0008 back: each product gets the version in force today (not the future one).
    old_apps = MigrationLoader(connection).project_state(BEFORE_TERMS).apps
    old_product = old_apps.get_model("catalogue", "ProductType")
    assert old_product.objects.get(code="study").term_days == 45
    assert old_product.objects.get(code="family").term_days == 90

    before = _expected(FROZEN)
    loader = MigrationLoader(connection)
    apps = loader.project_state(("catalogue", MIGRATION)).apps
    product_model = apps.get_model("catalogue", "ProductType")
    stage_model = apps.get_model("catalogue", "Stage")
    # Situation texts are unknown to 0002's models, so not cascaded by them.
    old_apps.get_model("catalogue", "SituationText").objects.all().delete()
    stage_model.objects.all().delete()
    product_model.objects.all().delete()
    (operation,) = loader.get_migration("catalogue", MIGRATION).operations
    assert isinstance(operation, RunPython)
    editor = connection.schema_editor()  # unused by the seed, passed as Django would
    operation.code(apps, editor)
    assert _rows(product_model, stage_model) == before
    operation.code(apps, editor)  # a second run changes nothing
    assert _rows(product_model, stage_model) == before

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    terms = {
        t.product.code: (t.valid_from, *(getattr(t, f) for f in TERM_FIELDS))
        for t in LegalTerm.objects.select_related("product")
    }
    assert terms == {p["code"]: (BEGINNING, *(p[f] for f in TERM_FIELDS)) for p in FROZEN}


@pytest.mark.parametrize("migration", DATA_MIGRATIONS)
def test_the_data_migrations_import_no_loket_code(migration: str) -> None:
    path = Path(__file__).resolve().parents[1] / "migrations" / f"{migration}.py"
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
    assert imported
    assert all(name.startswith("django.") for name in imported), imported


def test_seed_py_still_describes_what_a_fresh_database_holds() -> None:
    """``seed.py`` seeds other databases (the browser tests): it must agree with the migrations."""
    assert _expected(SEED_PY) == _rows(ProductType, Stage)
    assert SEED_REMEDIES == REMEDIES
    assert SEED_TEXTS == TEXTS


def test_seed_catalogue_makes_a_flushed_catalogue_what_the_migrations_made() -> None:
    before = (
        _rows(ProductType, Stage),
        list(ProductType.objects.order_by("pk").values(*REMEDY_FIELDS)),
        list(SituationText.objects.order_by("pk").values("product__code", *TEXT_FIELDS)),
    )
    terms = list(LegalTerm.objects.order_by("pk").values("product__code", *TERM_FIELDS))
    SituationText.objects.all().delete()
    Stage.objects.all().delete()
    ProductType.objects.all().delete()
    assert not LegalTerm.objects.exists()
    seed_catalogue(ProductType, Stage)
    seed_catalogue(ProductType, Stage)  # a second run changes nothing
    after = (
        _rows(ProductType, Stage),
        list(ProductType.objects.order_by("pk").values(*REMEDY_FIELDS)),
        list(SituationText.objects.order_by("pk").values("product__code", *TEXT_FIELDS)),
    )
    assert after == before
    assert list(LegalTerm.objects.order_by("pk").values("product__code", *TERM_FIELDS)) == terms
