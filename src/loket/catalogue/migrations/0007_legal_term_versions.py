"""Legal terms get an effective date: a ``LegalTerm`` row per version of a product's term.

Schema only; ``0008`` copies each product's term into its first version and ``0009`` drops
the product's own term columns (separate migrations, so PostgreSQL never alters a table
that has pending deferred checks from rows written in the same transaction).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0006_stage_texts_before_decision")]

    operations = [
        migrations.CreateModel(
            name="LegalTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("valid_from", models.DateField()),
                ("term_months", models.PositiveSmallIntegerField(default=0)),
                ("term_days", models.PositiveSmallIntegerField(default=0)),
                ("max_extension_days", models.PositiveSmallIntegerField(default=0)),
                ("legal_source", models.CharField(blank=True, max_length=300)),
                (
                    "product",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="legal_terms",
                        to="catalogue.producttype",
                    ),
                ),
            ],
            options={
                "ordering": ["product", "valid_from"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("product", "valid_from"), name="catalogue_legalterm_one_per_day"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("term_months__gt", 0), ("term_days__gt", 0), _connector="OR"
                        ),
                        name="catalogue_legalterm_has_a_term",
                    ),
                ],
            },
        ),
        # The rule moves to the versions; dropped here so that 0009's columns can be
        # restored (empty, then filled by 0008's reverse) when migrating back.
        migrations.RemoveConstraint(model_name="producttype", name="catalogue_product_has_a_term"),
    ]
