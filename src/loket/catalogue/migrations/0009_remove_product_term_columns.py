"""The product's own term columns go: its versions (``LegalTerm``) are the only copy."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0008_first_legal_terms")]

    operations = [
        migrations.RemoveField(model_name="producttype", name="term_months"),
        migrations.RemoveField(model_name="producttype", name="term_days"),
        migrations.RemoveField(model_name="producttype", name="max_extension_days"),
        migrations.RemoveField(model_name="producttype", name="legal_source"),
    ]
