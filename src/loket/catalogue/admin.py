"""Back office for the catalogue: products, their stages, their remedies and the case page's
situation texts are data, edited here."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from loket.catalogue.models import ProductType, SituationText, Stage


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
        "term_months",
        "term_days",
        "max_extension_days",
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
            _("Legal decision term"),
            {"fields": (("term_months", "term_days", "max_extension_days"), "legal_source")},
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
    inlines = (StageInline,)


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
