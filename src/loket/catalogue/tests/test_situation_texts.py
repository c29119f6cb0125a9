"""Situation texts: the most specific row wins, every row is unique, and the admin edits them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import translation

from loket.catalogue.models import ProductType, Situation, SituationText
from loket.catalogue.selectors import situation_text

pytestmark = pytest.mark.django_db


def _text(product: ProductType | None, stage: str, marker: str) -> SituationText:
    return SituationText.objects.create(
        product=product,
        situation=Situation.OPEN,
        stage=stage,
        where_now_nl=f"{marker} nl",
        where_now_en=f"{marker} en",
        what_to_do_nl="-",
        what_to_do_en="-",
        what_next_nl="-",
        what_next_en="-",
    )


def test_the_most_specific_text_wins() -> None:
    study = ProductType.objects.get(code="study")
    asylum = ProductType.objects.get(code="asylum")
    SituationText.objects.all().delete()
    assert situation_text(product=study, situation=Situation.OPEN, stage="intake") is None
    default = _text(None, "", "default")
    assert situation_text(product=study, situation=Situation.OPEN, stage="intake") == default
    any_product_intake = _text(None, "intake", "any product, intake")
    assert (
        situation_text(product=study, situation=Situation.OPEN, stage="intake")
        == any_product_intake
    )
    assert situation_text(product=study, situation=Situation.OPEN, stage="assessment") == default
    study_any_stage = _text(study, "", "study")
    assert (
        situation_text(product=study, situation=Situation.OPEN, stage="intake") == study_any_stage
    )
    study_intake = _text(study, "intake", "study, intake")
    assert situation_text(product=study, situation=Situation.OPEN, stage="intake") == study_intake
    # Another product's texts never apply.
    assert (
        situation_text(product=asylum, situation=Situation.OPEN, stage="intake")
        == any_product_intake
    )
    assert situation_text(product=study, situation=Situation.REFUSED) is None


def test_a_text_is_told_in_the_active_language() -> None:
    text = situation_text(product=ProductType.objects.get(code="study"), situation="refused")
    assert text is not None
    with translation.override("en"):
        assert text.where_now == text.where_now_en
        assert text.what_to_do == text.what_to_do_en
        assert text.what_next == text.what_next_en
    with translation.override("nl"):
        assert text.where_now == text.where_now_nl


@pytest.mark.parametrize("product_code", ["study", ""])
def test_one_text_per_product_situation_and_stage(product_code: str) -> None:
    product = ProductType.objects.get(code=product_code) if product_code else None
    with pytest.raises(IntegrityError), transaction.atomic():
        _text(product, "", "again")
    _text(product, "intake", "another stage is another row")


def test_the_natural_key_finds_the_row_again() -> None:
    for text in SituationText.objects.select_related("product")[:20]:
        assert SituationText.objects.get_by_natural_key(*text.natural_key()) == text


def test_the_admin_lists_and_edits_the_texts() -> None:
    admin = User.objects.create_superuser("beheer", "beheer@loket.example", "x")
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/catalogue/situationtext/?situation=refused").status_code == 200
    text = SituationText.objects.get(product__code="asylum", situation="refused")
    page = client.get(f"/admin/catalogue/situationtext/{text.pk}/change/")
    assert page.status_code == 200
    assert "Raad voor Rechtsbijstand" in page.content.decode()
    study = ProductType.objects.get(code="study")
    page = client.get(f"/admin/catalogue/producttype/{study.pk}/change/")
    assert page.status_code == 200
    assert 'name="remedy_weeks"' in page.content.decode()


def test_the_remedies_per_product() -> None:
    remedies = {
        p.code: (p.remedy_kind, p.remedy_weeks, p.remedy_short_weeks)
        for p in ProductType.objects.all()
    }
    assert remedies == {
        "knowledge-migrant": ("objection", 4, 0),
        "study": ("objection", 4, 0),
        "family": ("objection", 4, 0),
        "asylum": ("appeal", 4, 1),
        "naturalisation": ("objection", 6, 0),
        "ukraine-sticker": ("objection", 4, 0),
    }
