"""Stage texts that presumed the outcome before the decision, or sent the reader to a letter
Loket may not have, rewritten: "U krijgt de verblijfsvergunning" shown as the next step of a
case still being decided, "Lees de brief goed" while no decision exists yet.

The data below is frozen: each edit names the stage's product and code, the field, the text
it replaces and the new text. A text that was already changed in the admin (it is no longer
the old text) is left as it is, both ways. Do not edit it; write a new data migration.
"""

from django.db import migrations

EDITS = [
    {
        "product": "knowledge-migrant",
        "stage": "decision",
        "field": "explanation_nl",
        "old": "We nemen een besluit en sturen u een brief. Daarin staat of u de verblijfsvergunning krijgt en waarom. Bent u het niet eens met het besluit? In de brief staat hoe en wanneer u bezwaar kunt maken.",
        "new": "We nemen een besluit. Het antwoord kan ja of nee zijn. In het besluit staan de redenen. Bent u het niet eens met het besluit? Dan kunt u bezwaar maken. Hoe dat gaat, leest u dan op deze pagina.",
    },
    {
        "product": "knowledge-migrant",
        "stage": "decision",
        "field": "explanation_en",
        "old": "We make a decision and send you a letter. It says whether you get the residence permit and why. Do you disagree with the decision? The letter explains how and when you can object.",
        "new": "We make a decision. The answer can be yes or no. The decision gives the reasons. Do you disagree with the decision? Then you can object. This page then tells you how.",
    },
    {
        "product": "knowledge-migrant",
        "stage": "decision",
        "field": "client_action_nl",
        "old": "Lees de brief goed. Wilt u bezwaar maken? Let op de datum in de brief.",
        "new": "U hoeft nu niets te doen. Na het besluit ziet u op deze pagina wat u kunt doen.",
    },
    {
        "product": "knowledge-migrant",
        "stage": "decision",
        "field": "client_action_en",
        "old": "Read the letter carefully. Do you want to object? Mind the date in the letter.",
        "new": "You do not need to do anything now. After the decision, this page shows what you can do.",
    },
    {
        "product": "knowledge-migrant",
        "stage": "document",
        "field": "explanation_nl",
        "old": "U krijgt de verblijfsvergunning. We maken nu uw verblijfsdocument: een pasje met uw foto. Daarvoor hebben we uw foto, vingerafdrukken en handtekening nodig. Dit heet biometrie. Is het pasje klaar, dan krijgt u bericht.",
        "new": "Krijgt u de verblijfsvergunning? Dan maken we uw verblijfsdocument: een pasje met uw foto. Daarvoor hebben we uw foto, vingerafdrukken en handtekening nodig. Dit heet biometrie. Is het pasje klaar? Dan ziet u dat op deze pagina.",
    },
    {
        "product": "knowledge-migrant",
        "stage": "document",
        "field": "explanation_en",
        "old": "You get the residence permit. We are now making your residence document: a card with your photo. For this we need your photo, fingerprints and signature. This is called biometrics. When the card is ready, we will let you know.",
        "new": "If you get the residence permit, we make your residence document: a card with your photo. For this we need your photo, fingerprints and signature. This is called biometrics. When the card is ready, you will see it on this page.",
    },
    {
        "product": "study",
        "stage": "decision",
        "field": "explanation_nl",
        "old": "We nemen een besluit en sturen u een brief. Daarin staat of u de verblijfsvergunning krijgt en waarom. Bent u het niet eens met het besluit? In de brief staat hoe en wanneer u bezwaar kunt maken.",
        "new": "We nemen een besluit. Het antwoord kan ja of nee zijn. In het besluit staan de redenen. Bent u het niet eens met het besluit? Dan kunt u bezwaar maken. Hoe dat gaat, leest u dan op deze pagina.",
    },
    {
        "product": "study",
        "stage": "decision",
        "field": "explanation_en",
        "old": "We make a decision and send you a letter. It says whether you get the residence permit and why. Do you disagree with the decision? The letter explains how and when you can object.",
        "new": "We make a decision. The answer can be yes or no. The decision gives the reasons. Do you disagree with the decision? Then you can object. This page then tells you how.",
    },
    {
        "product": "study",
        "stage": "decision",
        "field": "client_action_nl",
        "old": "Lees de brief goed. Wilt u bezwaar maken? Let op de datum in de brief.",
        "new": "U hoeft nu niets te doen. Na het besluit ziet u op deze pagina wat u kunt doen.",
    },
    {
        "product": "study",
        "stage": "decision",
        "field": "client_action_en",
        "old": "Read the letter carefully. Do you want to object? Mind the date in the letter.",
        "new": "You do not need to do anything now. After the decision, this page shows what you can do.",
    },
    {
        "product": "study",
        "stage": "document",
        "field": "explanation_nl",
        "old": "U krijgt de verblijfsvergunning. We maken nu uw verblijfsdocument: een pasje met uw foto. Daarvoor hebben we uw foto, vingerafdrukken en handtekening nodig. Dit heet biometrie. Is het pasje klaar, dan krijgt u bericht.",
        "new": "Krijgt u de verblijfsvergunning? Dan maken we uw verblijfsdocument: een pasje met uw foto. Daarvoor hebben we uw foto, vingerafdrukken en handtekening nodig. Dit heet biometrie. Is het pasje klaar? Dan ziet u dat op deze pagina.",
    },
    {
        "product": "study",
        "stage": "document",
        "field": "explanation_en",
        "old": "You get the residence permit. We are now making your residence document: a card with your photo. For this we need your photo, fingerprints and signature. This is called biometrics. When the card is ready, we will let you know.",
        "new": "If you get the residence permit, we make your residence document: a card with your photo. For this we need your photo, fingerprints and signature. This is called biometrics. When the card is ready, you will see it on this page.",
    },
    {
        "product": "family",
        "stage": "decision",
        "field": "explanation_nl",
        "old": "We nemen een besluit en sturen u een brief. Daarin staat of u de verblijfsvergunning krijgt en waarom. Bent u het niet eens met het besluit? In de brief staat hoe en wanneer u bezwaar kunt maken.",
        "new": "We nemen een besluit. Het antwoord kan ja of nee zijn. In het besluit staan de redenen. Bent u het niet eens met het besluit? Dan kunt u bezwaar maken. Hoe dat gaat, leest u dan op deze pagina.",
    },
    {
        "product": "family",
        "stage": "decision",
        "field": "explanation_en",
        "old": "We make a decision and send you a letter. It says whether you get the residence permit and why. Do you disagree with the decision? The letter explains how and when you can object.",
        "new": "We make a decision. The answer can be yes or no. The decision gives the reasons. Do you disagree with the decision? Then you can object. This page then tells you how.",
    },
    {
        "product": "family",
        "stage": "decision",
        "field": "client_action_nl",
        "old": "Lees de brief goed. Wilt u bezwaar maken? Let op de datum in de brief.",
        "new": "U hoeft nu niets te doen. Na het besluit ziet u op deze pagina wat u kunt doen.",
    },
    {
        "product": "family",
        "stage": "decision",
        "field": "client_action_en",
        "old": "Read the letter carefully. Do you want to object? Mind the date in the letter.",
        "new": "You do not need to do anything now. After the decision, this page shows what you can do.",
    },
    {
        "product": "family",
        "stage": "document",
        "field": "explanation_nl",
        "old": "U krijgt de verblijfsvergunning. We maken nu uw verblijfsdocument: een pasje met uw foto. Daarvoor hebben we uw foto, vingerafdrukken en handtekening nodig. Dit heet biometrie. Is het pasje klaar, dan krijgt u bericht.",
        "new": "Krijgt u de verblijfsvergunning? Dan maken we uw verblijfsdocument: een pasje met uw foto. Daarvoor hebben we uw foto, vingerafdrukken en handtekening nodig. Dit heet biometrie. Is het pasje klaar? Dan ziet u dat op deze pagina.",
    },
    {
        "product": "family",
        "stage": "document",
        "field": "explanation_en",
        "old": "You get the residence permit. We are now making your residence document: a card with your photo. For this we need your photo, fingerprints and signature. This is called biometrics. When the card is ready, we will let you know.",
        "new": "If you get the residence permit, we make your residence document: a card with your photo. For this we need your photo, fingerprints and signature. This is called biometrics. When the card is ready, you will see it on this page.",
    },
    {
        "product": "asylum",
        "stage": "decision",
        "field": "client_action_nl",
        "old": "Lees de beslissing samen met uw advocaat.",
        "new": "U hoeft nu niets te doen. Is het besluit er? Bespreek het dan met uw advocaat.",
    },
    {
        "product": "asylum",
        "stage": "decision",
        "field": "client_action_en",
        "old": "Read the decision together with your lawyer.",
        "new": "You do not need to do anything now. When the decision is there, discuss it with your lawyer.",
    },
    {
        "product": "asylum",
        "stage": "document",
        "field": "explanation_nl",
        "old": "U krijgt een verblijfsvergunning asiel. We maken uw verblijfsdocument: een pasje met uw foto. U krijgt bericht waar en wanneer u het kunt ophalen.",
        "new": "Krijgt u een verblijfsvergunning asiel? Dan maken we uw verblijfsdocument: een pasje met uw foto. Is het pasje klaar? Dan ziet u op deze pagina hoe u het ophaalt.",
    },
    {
        "product": "asylum",
        "stage": "document",
        "field": "explanation_en",
        "old": "You get an asylum residence permit. We are making your residence document: a card with your photo. You will be told where and when you can collect it.",
        "new": "If you get an asylum residence permit, we make your residence document: a card with your photo. When the card is ready, this page tells you how to collect it.",
    },
    {
        "product": "asylum",
        "stage": "document",
        "field": "client_action_nl",
        "old": "Haal het pasje op zoals in de brief staat. Kijk of uw gegevens kloppen.",
        "new": "Haal het pasje op als het klaar is. Kijk of uw gegevens kloppen.",
    },
    {
        "product": "asylum",
        "stage": "document",
        "field": "client_action_en",
        "old": "Collect the card as the letter says. Check that your details are correct.",
        "new": "Collect the card when it is ready. Check that your details are correct.",
    },
    {
        "product": "naturalisation",
        "stage": "decision",
        "field": "explanation_nl",
        "old": "Krijgt u het Nederlanderschap, dan tekent de Koning een besluit: het Koninklijk Besluit. U en uw gemeente krijgen daarover bericht. Wijzen we uw verzoek af, dan staat in de brief hoe u bezwaar kunt maken.",
        "new": "Krijgt u het Nederlanderschap, dan tekent de Koning een besluit: het Koninklijk Besluit. U en uw gemeente krijgen daarover bericht. Wijzen we uw verzoek af? Dan kunt u bezwaar maken. Hoe dat gaat, leest u dan op deze pagina.",
    },
    {
        "product": "naturalisation",
        "stage": "decision",
        "field": "explanation_en",
        "old": "If you are granted Dutch nationality, the King signs a decision: the Royal Decree. You and your municipality are informed. If we refuse your request, the letter explains how you can object.",
        "new": "If you are granted Dutch nationality, the King signs a decision: the Royal Decree. You and your municipality are informed. If we refuse your request, you can object. This page then tells you how.",
    },
    {
        "product": "naturalisation",
        "stage": "ceremony",
        "field": "explanation_nl",
        "old": "De gemeente nodigt u uit voor de naturalisatieceremonie. Daar legt u de verklaring van verbondenheid af. Vanaf die dag bent u Nederlander. Daarna kunt u een Nederlands paspoort of identiteitskaart aanvragen.",
        "new": "Krijgt u het Nederlanderschap? Dan nodigt de gemeente u uit voor de naturalisatieceremonie. Daar legt u de verklaring van verbondenheid af. Vanaf die dag bent u Nederlander. Daarna kunt u een Nederlands paspoort of identiteitskaart aanvragen.",
    },
    {
        "product": "naturalisation",
        "stage": "ceremony",
        "field": "explanation_en",
        "old": "The municipality invites you to the naturalisation ceremony. There you make the declaration of solidarity. From that day on you are Dutch. After that you can apply for a Dutch passport or identity card.",
        "new": "If you are granted Dutch nationality, the municipality invites you to the naturalisation ceremony. There you make the declaration of solidarity. From that day on you are Dutch. After that you can apply for a Dutch passport or identity card.",
    },
    {
        "product": "ukraine-sticker",
        "stage": "endorsement",
        "field": "explanation_nl",
        "old": "Bij de afspraak plakt een medewerker de sticker in uw paspoort. Dat duurt een paar minuten. Met de sticker laat u zien dat u hier legaal bent, bijvoorbeeld aan een werkgever.",
        "new": "Krijgt u tijdelijke bescherming? Dan plakt een medewerker bij de afspraak de sticker in uw paspoort. Dat duurt een paar minuten. Met de sticker laat u zien dat u hier legaal bent, bijvoorbeeld aan een werkgever.",
    },
    {
        "product": "ukraine-sticker",
        "stage": "endorsement",
        "field": "explanation_en",
        "old": "At the appointment a member of staff puts the sticker in your passport. This takes a few minutes. The sticker shows that you are here legally, for example to an employer.",
        "new": "If you get temporary protection, a member of staff puts the sticker in your passport at the appointment. This takes a few minutes. The sticker shows that you are here legally, for example to an employer.",
    },
]


def _apply(apps, old_key, new_key):
    stage = apps.get_model("catalogue", "Stage")
    for edit in EDITS:
        stage.objects.filter(
            product__code=edit["product"], code=edit["stage"], **{edit["field"]: edit[old_key]}
        ).update(**{edit["field"]: edit[new_key]})


def rewrite(apps, schema_editor):
    _apply(apps, "old", "new")


def restore(apps, schema_editor):
    _apply(apps, "new", "old")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_seed_situation_texts")]

    operations = [migrations.RunPython(rewrite, restore)]
