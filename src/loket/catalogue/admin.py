"""Back office for the catalogue: products, their stages, their remedies and the case page's
situation texts are data, edited here. A legal term is only ever added as a new version from
a date (the versions already there are read-only), so no existing case's legal date moves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.catalogue.models import LegalTerm, ProductType, SituationText, Stage
from loket.catalogue.services import LegalTermRefusedError, legal_term_add, legal_term_check

TERM_FIELDS = ("valid_from", "term_months", "term_days", "max_extension_days", "legal_source")


class LegalTermForm(forms.ModelForm[LegalTerm]):
    class Meta:
        model = LegalTerm
        fields = TERM_FIELDS

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        valid_from = data.get("valid_from")
        if self.instance.pk is None and valid_from is not None:
            try:
                # A product being added has no row yet: its first version may start any day.
                product = self.instance.product if self.instance.product_id else ProductType()
                legal_term_check(
                    product=product,
                    valid_from=valid_from,
                    term_months=data.get("term_months") or 0,
                    term_days=data.get("term_days") or 0,
                )
            except LegalTermRefusedError as error:
                raise forms.ValidationError(str(error)) from error
        return data


class LegalTermInline(admin.TabularInline[LegalTerm, ProductType]):
    """The versions of the term: the existing ones read-only, new ones added."""

    model = LegalTerm
    form = LegalTermForm
    fields = TERM_FIELDS
    extra = 0
    min_num = 1  # a product without a term cannot take a case
    verbose_name = _("legal term version")
    verbose_name_plural = _("Legal decision term (versions)")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an existing version is never edited: cases received under it keep it

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def term_in_force(product: ProductType) -> str:
    today = timezone.localdate()
    started = [t for t in product.legal_terms.all() if t.valid_from <= today]
    if not started:
        return "-"
    term = started[-1]
    parts = [f"{term.term_months} mo"] if term.term_months else []
    parts += [f"{term.term_days} d"] if term.term_days else []
    return " + ".join(parts) + f" (+{term.max_extension_days} d)"


term_in_force.short_description = _("Term in force today (extension)")  # type: ignore[attr-defined]


class StageInline(admin.StackedInline[Stage, ProductType]):
    model = Stage
    extra = 0
    ordering = ("position",)
    fields = (
        ("code", "position"),
        ("name_nl", "name_en"),
        ("explanation_nl", "explanation_en"),
        ("client_action_nl", "client_action_en"),
    )


@admin.register(ProductType)
class ProductTypeAdmin(admin.ModelAdmin[ProductType]):
    list_display = (
        "code",
        "name_nl",
        "client_group",
        term_in_force,
        "remedy_kind",
        "remedy_weeks",
        "is_active",
    )
    list_filter = ("client_group", "remedy_kind", "is_active")
    search_fields = ("code", "name_nl", "name_en")
    fieldsets = (
        (
            None,
            {"fields": ("code", ("name_nl", "name_en"), "client_group", "is_active")},
        ),
        (
            _("Objection or appeal after a refusal"),
            {
                "description": _(
                    "The case page computes the last day from the decision's date. "
                    "Sources and what a lawyer must verify: docs/legal-terms.md."
                ),
                "fields": (("remedy_kind", "remedy_weeks", "remedy_short_weeks"), "remedy_source"),
            },
        ),
    )
    inlines = (LegalTermInline, StageInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProductType]:
        return super().get_queryset(request).prefetch_related("legal_terms")

    def save_formset(
        self,
        request: HttpRequest,
        form: Any,
        formset: BaseInlineFormSet[Any, Any, Any],
        change: bool,
    ) -> None:
        if formset.model is not LegalTerm:
            super().save_formset(request, form, formset, change)
            return
        # Only new versions, through the service (it checks the date again under a lock).
        # The admin's history reads what was added from the formset's lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for new in formset.extra_forms:
            if new.has_changed():
                data = new.cleaned_data
                version = legal_term_add(
                    product=form.instance,
                    valid_from=data["valid_from"],
                    term_months=data["term_months"],
                    term_days=data["term_days"],
                    max_extension_days=data["max_extension_days"],
                    legal_source=data["legal_source"],
                )
                formset.new_objects.append(version)


@admin.register(SituationText)
class SituationTextAdmin(admin.ModelAdmin[SituationText]):
    list_display = ("__str__", "product", "situation", "stage")
    list_filter = ("situation", "product")
    list_select_related = ("product",)
    search_fields = ("where_now_nl", "where_now_en", "what_to_do_nl", "what_to_do_en")
    fieldsets = (
        (
            None,
            {
                "description": _(
                    "Plain language (B1): short sentences, 'u' in Dutch. Before a decision, "
                    "never presume the outcome. The page adds dates, the refusal's reason and "
                    "the deadline to object itself."
                ),
                "fields": ("product", "situation", "stage"),
            },
        ),
        (_("Where is your application now?"), {"fields": (("where_now_nl", "where_now_en"),)}),
        (_("What do you need to do?"), {"fields": (("what_to_do_nl", "what_to_do_en"),)}),
        (_("What happens next?"), {"fields": (("what_next_nl", "what_next_en"),)}),
    )
