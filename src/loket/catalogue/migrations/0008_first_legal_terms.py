"""Each product's term as it stands becomes its first version, valid from 1 January 1900:
early enough for every case (the import refuses event times before 1900), so no existing
case's legal date changes.

No frozen data: it copies what each database holds (a term edited in the admin included).
Back: each product gets the version in force today (the latest that has started).
"""

from django.db import migrations
from django.utils import timezone

BEGINNING = "1900-01-01"
TERM_FIELDS = ("term_months", "term_days", "max_extension_days", "legal_source")


def first_versions(apps, schema_editor):
    product_model = apps.get_model("catalogue", "ProductType")
    term_model = apps.get_model("catalogue", "LegalTerm")
    for product in product_model.objects.order_by("pk"):
        term_model.objects.get_or_create(
            product=product,
            valid_from=BEGINNING,
            defaults={name: getattr(product, name) for name in TERM_FIELDS},
        )


def terms_back_on_products(apps, schema_editor):
    product_model = apps.get_model("catalogue", "ProductType")
    term_model = apps.get_model("catalogue", "LegalTerm")
    today = timezone.localdate()
    for product in product_model.objects.order_by("pk"):
        version = (
            term_model.objects.filter(product=product, valid_from__lte=today)
            .order_by("-valid_from")
            .first()
        )
        if version is not None:
            for name in TERM_FIELDS:
                setattr(product, name, getattr(version, name))
            product.save(update_fields=list(TERM_FIELDS))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0007_legal_term_versions")]

    operations = [migrations.RunPython(first_versions, terms_back_on_products)]
