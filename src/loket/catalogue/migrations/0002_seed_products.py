"""Seed the six products and their stages, so a fresh database can take cases at once."""

from django.db import migrations

from loket.catalogue.seed import seed_catalogue


def seed(apps, schema_editor):
    seed_catalogue(apps.get_model("catalogue", "ProductType"), apps.get_model("catalogue", "Stage"))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
