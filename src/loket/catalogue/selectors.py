"""Reads of the catalogue for pages: which situation text applies to a case."""

from __future__ import annotations

from django.db.models import Q

from loket.catalogue.models import ProductType, Situation, SituationText


def _specificity(text: SituationText) -> tuple[bool, bool]:
    """Higher is more specific: a product's own text beats the default, then a stage's."""
    return (text.product_id is not None, bool(text.stage))


def situation_text(
    *, product: ProductType, situation: Situation | str, stage: str = ""
) -> SituationText | None:
    """The text for ``situation`` in ``stage`` of ``product``, the most specific row first:
    this product and stage, this product (any stage), every product and this stage, every
    product (any stage). None when the catalogue has none at all (one query)."""
    rows = SituationText.objects.filter(
        Q(product=product) | Q(product__isnull=True),
        Q(stage=stage) | Q(stage=""),
        situation=situation,
    )
    return max(rows, key=_specificity, default=None)
