"""What a client can do against a refusal, per product: objection or appeal, the term in
weeks and its legal source (sources and what a lawyer must verify: docs/legal-terms.md).

The data below is frozen: it is ``loket.catalogue.seed_situations.REMEDIES`` as it was when
this migration was written, copied here so that the migration does the same on every
database. Do not edit it; change a remedy in the admin or in a new data migration.
"""

from django.db import migrations

REMEDIES = {
    "knowledge-migrant": {
        "remedy_kind": "objection",
        "remedy_weeks": 4,
        "remedy_short_weeks": 0,
        "remedy_source": "Vw 2000 art. 69 lid 1 (bezwaar binnen vier weken, in afwijking van Awb art. 6:7); Awb art. 6:8 (termijn begint de dag na bekendmaking)",
    },
    "study": {
        "remedy_kind": "objection",
        "remedy_weeks": 4,
        "remedy_short_weeks": 0,
        "remedy_source": "Vw 2000 art. 69 lid 1 (bezwaar binnen vier weken, in afwijking van Awb art. 6:7); Awb art. 6:8 (termijn begint de dag na bekendmaking)",
    },
    "family": {
        "remedy_kind": "objection",
        "remedy_weeks": 4,
        "remedy_short_weeks": 0,
        "remedy_source": "Vw 2000 art. 69 lid 1 (bezwaar binnen vier weken, in afwijking van Awb art. 6:7); Awb art. 6:8 (termijn begint de dag na bekendmaking)",
    },
    "asylum": {
        "remedy_kind": "appeal",
        "remedy_weeks": 4,
        "remedy_short_weeks": 1,
        "remedy_source": "Vw 2000 art. 80 (geen bezwaar, direct beroep bij de rechtbank); art. 69 lid 1 (vier weken) en lid 2 (één week, o.a. in de algemene asielprocedure)",
    },
    "naturalisation": {
        "remedy_kind": "objection",
        "remedy_weeks": 6,
        "remedy_short_weeks": 0,
        "remedy_source": "Awb art. 6:7 (bezwaar binnen zes weken) en art. 6:8; Rijkswet op het Nederlanderschap",
    },
    "ukraine-sticker": {
        "remedy_kind": "objection",
        "remedy_weeks": 4,
        "remedy_short_weeks": 0,
        "remedy_source": "Vw 2000 art. 69 lid 1 (bezwaar binnen vier weken, in afwijking van Awb art. 6:7); Awb art. 6:8 (termijn begint de dag na bekendmaking)",
    },
}

BLANK = {"remedy_kind": "", "remedy_weeks": 0, "remedy_short_weeks": 0, "remedy_source": ""}


def seed(apps, schema_editor):
    product_type = apps.get_model("catalogue", "ProductType")
    for code, remedy in REMEDIES.items():
        product_type.objects.filter(code=code).update(**remedy)


def unseed(apps, schema_editor):
    product_type = apps.get_model("catalogue", "ProductType")
    product_type.objects.filter(code__in=list(REMEDIES)).update(**BLANK)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_situation_texts_and_remedies")]

    operations = [migrations.RunPython(seed, unseed)]
