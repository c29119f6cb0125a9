"""The product catalogue: what a client can apply for, its legal term, its stages, what a
client can do against a refusal, and what the case page says in each situation.

A product's legal term is versioned (``LegalTerm``): a case keeps the version in force on
the day its application was received, so changing the law adds a version from a date and
moves no existing case's legal date (``loket.catalogue.services.legal_term_add``).

Products are data (seeded by migration ``0002_seed_products`` from its own frozen copy,
editable in the admin) so a policy change is an edit, not a release. Later data migrations
(``0004``-``0006``) add the remedies, the situation texts and rewrite stage texts, each from
its own frozen copy as well.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

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


class RemedyKind(models.TextChoices):
    """What a client can do against a refusal: ask us again (objection) or ask a court."""

    OBJECTION = "objection", _("Objection (bezwaar)")
    APPEAL = "appeal", _("Appeal to the court (beroep)")


class Situation(models.TextChoices):
    """Where a case stands for the person who applied, as the case page tells it.

    Derived from the case's status, outcome and legal date by
    ``loket.cases.situation.situation_of``; the labels are what the status badge says.
    """

    OPEN = "open", _("In progress")
    WAITING_FOR_CLIENT = "waiting_for_client", _("Waiting for you")
    EXTENDED = "extended", _("In progress, term extended")
    OVERDUE = "overdue", _("Decision is late")
    GRANTED = "granted", _("Decision: granted")
    REFUSED = "refused", _("Decision: refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CARD_READY = "card_ready", _("Document ready to collect")
    CARD_ISSUED = "card_issued", _("Completed")


# Situations in which nothing has been decided yet: their texts may not presume an outcome.
BEFORE_DECISION: frozenset[str] = frozenset(
    {Situation.OPEN, Situation.WAITING_FOR_CLIENT, Situation.EXTENDED, Situation.OVERDUE}
)


class ProductTypeManager(models.Manager["ProductType"]):
    def get_by_natural_key(self, code: str) -> ProductType:
        return self.get(code=code)


class StageManager(models.Manager["Stage"]):
    def get_by_natural_key(self, product_code: str, code: str) -> Stage:
        return self.get(product__code=product_code, code=code)


class ProductType(models.Model):
    """A kind of application; its beslistermijn (legal decision term) is in ``legal_terms``."""

    code = models.SlugField(max_length=40, unique=True)
    name_nl = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    client_group = models.CharField(max_length=30, choices=ClientGroup.choices)
    # What the client can do against a refusal (seeded by migration 0004; sources in
    # docs/legal-terms.md). The term runs from the day after the decision was sent.
    # Database defaults too, so rows written by code that predates these columns (such as
    # migration 0002's historical models) still fit.
    remedy_kind = models.CharField(
        max_length=20, choices=RemedyKind.choices, blank=True, default="", db_default=""
    )
    remedy_weeks = models.PositiveSmallIntegerField(
        default=0, db_default=0, help_text="Weeks to object or appeal after a refusal."
    )
    remedy_short_weeks = models.PositiveSmallIntegerField(
        default=0,
        db_default=0,
        help_text="A shorter term that applies in some procedures (asylum: 1 week); 0 if none.",
    )
    remedy_source = models.CharField(max_length=300, blank=True, default="", db_default="")
    is_active = models.BooleanField(default=True)

    objects = ProductTypeManager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(remedy_kind__in=[*RemedyKind.values, ""]),
                name="catalogue_product_remedy_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


class LegalTermManager(models.Manager["LegalTerm"]):
    def get_by_natural_key(self, product_code: str, valid_from: str) -> LegalTerm:
        return self.get(product__code=product_code, valid_from=valid_from)


# The first version of every seeded product: early enough to cover any case (the import
# refuses event times before 1900).
BEGINNING: Final = dt.date(1900, 1, 1)


class LegalTerm(models.Model):
    """One version of a product's legal decision term: it applies to the applications
    received (Amsterdam date) on or after ``valid_from``, until the next version's date.

    Versions are only added, never edited: a case's legal date depends on the version in
    force on its day of receipt (``loket.cases.projection.product_term``).
    """

    product = models.ForeignKey(ProductType, on_delete=models.CASCADE, related_name="legal_terms")
    valid_from = models.DateField()
    # Months + days so that "6 months" and "1 year" are kept as the law words them.
    term_months = models.PositiveSmallIntegerField(default=0)
    term_days = models.PositiveSmallIntegerField(default=0)
    max_extension_days = models.PositiveSmallIntegerField(default=0)
    legal_source = models.CharField(max_length=300, blank=True)

    objects = LegalTermManager()

    class Meta:
        # Prefetches keep this order, so a product's versions come oldest first.
        ordering = ["product", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "valid_from"], name="catalogue_legalterm_one_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(term_months__gt=0) | models.Q(term_days__gt=0),
                name="catalogue_legalterm_has_a_term",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.code} from {self.valid_from.isoformat()}"

    def natural_key(self) -> tuple[str, str]:
        return (self.product.code, self.valid_from.isoformat())

    natural_key.dependencies = ["catalogue.producttype"]  # type: ignore[attr-defined]


# The stage in which the service decides. Stages after it (making the residence document,
# the ceremony) happen only after a grant: a page must not show them as "next" before.
DECISION_STAGE = "decision"


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


class SituationTextManager(models.Manager["SituationText"]):
    def get_by_natural_key(self, product_code: str, situation: str, stage: str) -> SituationText:
        if product_code:
            return self.get(product__code=product_code, situation=situation, stage=stage)
        return self.get(product__isnull=True, situation=situation, stage=stage)


class SituationText(models.Model):
    """What the case page says in one situation: where the application is now, what the
    person needs to do and what happens next, in plain language (B1), Dutch and English.

    The most specific row wins: this product and stage, this product (any stage), every
    product and this stage, every product (``loket.catalogue.selectors.situation_text``).
    Before a decision no text may presume the outcome. Dates, the refusal's reason and the
    objection deadline are added by the page itself, so these texts hold no placeholders.
    """

    product = models.ForeignKey(
        ProductType,
        on_delete=models.CASCADE,
        related_name="situation_texts",
        null=True,
        blank=True,
        help_text="Empty: the text for every product that has no text of its own.",
    )
    situation = models.CharField(max_length=30, choices=Situation.choices)
    stage = models.SlugField(
        max_length=40, blank=True, help_text="A stage code of the product; empty: any stage."
    )
    where_now_nl = models.TextField()
    where_now_en = models.TextField()
    what_to_do_nl = models.TextField()
    what_to_do_en = models.TextField()
    what_next_nl = models.TextField()
    what_next_en = models.TextField()

    objects = SituationTextManager()

    class Meta:
        ordering = ["product", "situation", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "situation", "stage"],
                condition=models.Q(product__isnull=False),
                name="catalogue_situationtext_unique",
            ),
            models.UniqueConstraint(
                fields=["situation", "stage"],
                condition=models.Q(product__isnull=True),
                name="catalogue_situationtext_default_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(situation__in=Situation.values),
                name="catalogue_situationtext_situation_valid",
            ),
        ]

    def __str__(self) -> str:
        product = self.product.code if self.product else "*"
        return f"{product}:{self.situation}" + (f":{self.stage}" if self.stage else "")

    def natural_key(self) -> tuple[str, str, str]:
        return (self.product.code if self.product else "", self.situation, self.stage)

    natural_key.dependencies = ["catalogue.producttype"]  # type: ignore[attr-defined]

    def _localised(self, field: str) -> str:
        language = "en" if (get_language() or "nl").startswith("en") else "nl"
        return str(getattr(self, f"{field}_{language}"))

    @property
    def where_now(self) -> str:
        return self._localised("where_now")

    @property
    def what_to_do(self) -> str:
        return self._localised("what_to_do")

    @property
    def what_next(self) -> str:
        return self._localised("what_next")
