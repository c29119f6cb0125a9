"""The product catalogue: what a client can apply for, its legal term and its stages.

Products are data (seeded by migration ``0002_seed_products`` from its own frozen copy,
editable in the admin) so a policy change is an edit, not a release.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ClientGroup(models.TextChoices):
    WORK = "work", _("Work")
    STUDY = "study", _("Study")
    FAMILY = "family", _("Family")
    ASYLUM = "asylum", _("Asylum")
    NATURALISATION = "naturalisation", _("Naturalisation")
    TEMPORARY_PROTECTION = "temporary_protection", _("Temporary protection")


class ProductTypeManager(models.Manager["ProductType"]):
    def get_by_natural_key(self, code: str) -> ProductType:
        return self.get(code=code)


class StageManager(models.Manager["Stage"]):
    def get_by_natural_key(self, product_code: str, code: str) -> Stage:
        return self.get(product__code=product_code, code=code)


class ProductType(models.Model):
    """A kind of application, with its beslistermijn (legal decision term) as data."""

    code = models.SlugField(max_length=40, unique=True)
    name_nl = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    client_group = models.CharField(max_length=30, choices=ClientGroup.choices)
    # The term is months + days so that "6 months" and "1 year" are kept as the law words them.
    term_months = models.PositiveSmallIntegerField(default=0)
    term_days = models.PositiveSmallIntegerField(default=0)
    max_extension_days = models.PositiveSmallIntegerField(default=0)
    legal_source = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)

    objects = ProductTypeManager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_months__gt=0) | models.Q(term_days__gt=0),
                name="catalogue_product_has_a_term",
            )
        ]

    def __str__(self) -> str:
        return self.code

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


class Stage(models.Model):
    """One step of a product's process, explained to the client in plain language (B1)."""

    product = models.ForeignKey(ProductType, on_delete=models.CASCADE, related_name="stages")
    code = models.SlugField(max_length=40)
    position = models.PositiveSmallIntegerField()
    name_nl = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    explanation_nl = models.TextField()
    explanation_en = models.TextField()
    client_action_nl = models.TextField(blank=True)
    client_action_en = models.TextField(blank=True)

    objects = StageManager()

    class Meta:
        ordering = ["product", "position"]
        constraints = [
            models.UniqueConstraint(fields=["product", "code"], name="catalogue_stage_code_unique"),
            models.UniqueConstraint(
                fields=["product", "position"], name="catalogue_stage_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.code}:{self.code}"

    def natural_key(self) -> tuple[str, str]:
        return (self.product.code, self.code)

    natural_key.dependencies = ["catalogue.producttype"]  # type: ignore[attr-defined]

    def _localised(self, field: str) -> str:
        language = "en" if (get_language() or "nl").startswith("en") else "nl"
        return str(getattr(self, f"{field}_{language}"))

    @property
    def name(self) -> str:
        return self._localised("name")

    @property
    def explanation(self) -> str:
        return self._localised("explanation")

    @property
    def client_action(self) -> str:
        return self._localised("client_action")
