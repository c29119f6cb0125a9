"""Back office for the catalogue: products and their stages are data, edited here."""

from __future__ import annotations

from django.contrib import admin

from loket.catalogue.models import ProductType, Stage


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
        "is_active",
    )
    list_filter = ("client_group", "is_active")
    search_fields = ("code", "name_nl", "name_en")
    inlines = (StageInline,)
