"""The first catalogue: six products, their legal terms and their stages in B1 Dutch and English.

Migration ``0002_seed_products`` holds its own frozen copy of this data, so every fresh
database can take cases at once and an edit here never changes what the migration does.
``seed_catalogue`` seeds the catalogue again where it was removed (the browser tests flush
their database); tests check that it agrees with what the migrations make. After that the
catalogue is data: change it in the admin or in a new data migration (and then here and in
``fixtures/catalogue.json``). Sources of the terms: docs/legal-terms.md. Each term here is
its product's first version (``LegalTerm`` from 1900-01-01, as migration ``0008`` made it). Migration
``0006_stage_texts_before_decision`` rewrote the stage texts that presumed an outcome
before the decision; the texts below are those rewritten ones. The remedies and the
situation texts are in ``seed_situations``.

Texts are B1 (plain language): short sentences, "u"/"you", one idea per sentence, the
Dutch legal word only where the client will meet it in a letter.
"""

from __future__ import annotations

from typing import Any, Final, TypedDict

from loket.catalogue.models import BEGINNING
from loket.catalogue.seed_situations import seed_remedies, seed_situation_texts

# The seed's fields that go to the product's first ``LegalTerm``, not to the product.
TERM_FIELDS: Final = ("term_months", "term_days", "max_extension_days", "legal_source")


class StageSeed(TypedDict):
    code: str
    name_nl: str
    name_en: str
    explanation_nl: str
    explanation_en: str
    client_action_nl: str
    client_action_en: str


class ProductSeed(TypedDict):
    code: str
    name_nl: str
    name_en: str
    client_group: str
    term_months: int
    term_days: int
    max_extension_days: int
    legal_source: str
    stages: list[StageSeed]


def _stage(code: str, names: tuple[str, str], *texts: str) -> StageSeed:
    """``texts``: explanation NL, explanation EN, then (optional) client action NL, EN."""
    explanation_nl, explanation_en, action_nl, action_en = (*texts, "", "")[:4]
    return StageSeed(
        code=code,
        name_nl=names[0],
        name_en=names[1],
        explanation_nl=explanation_nl,
        explanation_en=explanation_en,
        client_action_nl=action_nl,
        client_action_en=action_en,
    )


_WAIT_NL: Final = "U hoeft nu niets te doen. Wij laten het weten als we iets van u nodig hebben."
_WAIT_EN: Final = (
    "You do not need to do anything now. We will tell you if we need something from you."
)


def _residence_stages(payer_nl: str, payer_en: str) -> list[StageSeed]:
    """The regular residence route (work, study, family): the same six steps."""
    return [
        _stage(
            "received",
            ("Aanvraag ontvangen", "Application received"),
            "We hebben de aanvraag ontvangen. U krijgt een brief met het zaaknummer. "
            "Noem dit nummer als u contact met ons opneemt. Vanaf nu loopt de beslistermijn: "
            "de tijd die wij volgens de wet hebben om te beslissen.",
            "We have received the application. You will get a letter with the case number. "
            "Please mention this number when you contact us. The decision period starts now: "
            "the time the law gives us to decide.",
            f"{payer_nl} betaalt de kosten van de aanvraag (leges). Zonder betaling nemen we "
            "de aanvraag niet in behandeling.",
            f"{payer_en} pays the application fee. Without payment we cannot handle the "
            "application.",
        ),
        _stage(
            "intake",
            ("Controle van de aanvraag", "Intake check"),
            "We kijken of de aanvraag compleet is. Zijn alle formulieren ingevuld? Zitten alle "
            "documenten erbij? Mist er iets, dan sturen we een brief. Daarin staat wat we nodig "
            "hebben en voor welke datum. Zolang we op u wachten, staat de beslistermijn stil.",
            "We check whether the application is complete. Are all forms filled in? Are all "
            "documents included? If something is missing, we send a letter. It says what we "
            "need and by which date. While we wait for you, the decision period is paused.",
            "Kijk goed in uw post en e-mail. Vragen we iets? Stuur het op tijd, dan gaat uw "
            "aanvraag sneller.",
            "Check your post and e-mail. If we ask for something, send it on time. "
            "Then your application moves faster.",
        ),
        _stage(
            "assessment",
            ("Beoordeling", "Assessment"),
            "Een medewerker kijkt of u aan alle voorwaarden voldoet. Soms vragen we informatie "
            "aan andere organisaties, zoals de politie of de gemeente. Dit is meestal de langste "
            "stap. Hebben we meer tijd nodig dan de wet geeft, dan mogen we de termijn één keer "
            "verlengen. U krijgt daar dan een brief over.",
            "A case worker checks whether you meet all the conditions. Sometimes we ask other "
            "organisations for information, such as the police or the municipality. This is "
            "usually the longest step. If we need more time than the law allows, we may extend "
            "the period once. You will then get a letter about it.",
            _WAIT_NL,
            _WAIT_EN,
        ),
        _stage(
            "decision",
            ("Beslissing", "Decision"),
            "We nemen een besluit. Het antwoord kan ja of nee zijn. In het besluit staan de "
            "redenen. Bent u het niet eens met het besluit? Dan kunt u bezwaar maken. Hoe dat "
            "gaat, leest u dan op deze pagina.",
            "We make a decision. The answer can be yes or no. The decision gives the reasons. "
            "Do you disagree with the decision? Then you can object. This page then tells you "
            "how.",
            "U hoeft nu niets te doen. Na het besluit ziet u op deze pagina wat u kunt doen.",
            "You do not need to do anything now. After the decision, this page shows what you "
            "can do.",
        ),
        _stage(
            "document",
            ("Verblijfsdocument maken", "Residence document"),
            "Krijgt u de verblijfsvergunning? Dan maken we uw verblijfsdocument: een pasje met "
            "uw foto. Daarvoor hebben we uw foto, vingerafdrukken en handtekening nodig. Dit "
            "heet biometrie. Is het pasje klaar? Dan ziet u dat op deze pagina.",
            "If you get the residence permit, we make your residence document: a card with your "
            "photo. For this we need your photo, fingerprints and signature. This is called "
            "biometrics. When the card is ready, you will see it on this page.",
            "Heeft u nog geen biometrie laten doen? Maak een afspraak bij een IND-loket of "
            "expatcentrum. Neem uw paspoort mee.",
            "Have you not given your biometrics yet? Book an appointment at an IND desk or "
            "expat centre. Bring your passport.",
        ),
        _stage(
            "issued",
            ("Document uitgereikt", "Document issued"),
            "U hebt uw verblijfsdocument. Hiermee laat u zien dat u in Nederland mag wonen. "
            "Op het pasje staat tot wanneer het geldig is.",
            "You have your residence document. It shows that you may live in the Netherlands. "
            "The card shows until when it is valid.",
            "Kijk of uw gegevens op het pasje kloppen. Klopt er iets niet? Neem dan contact "
            "met ons op.",
            "Check that your details on the card are correct. If something is wrong, "
            "please contact us.",
        ),
    ]


_ASYLUM_STAGES: Final = [
    _stage(
        "registration",
        ("Aanmelding", "Registration"),
        "U hebt zich gemeld en asiel aangevraagd. We noteren wie u bent en nemen uw foto en "
        "vingerafdrukken. U woont in een opvanglocatie van het COA. Vanaf nu loopt de "
        "beslistermijn.",
        "You have reported and applied for asylum. We record who you are and take your photo "
        "and fingerprints. You live at a COA reception centre. The decision period starts now.",
        "Geef uw paspoort en andere documenten af als u die hebt. Vertel hoe u heet en uit "
        "welk land u komt.",
        "Hand in your passport and other documents if you have them. Tell us your name and "
        "which country you come from.",
    ),
    _stage(
        "rest-preparation",
        ("Rust en voorbereiding", "Rest and preparation"),
        "U krijgt tijd om uit te rusten en u voor te bereiden. Een advocaat helpt u gratis. "
        "Een verpleegkundige kijkt of u gezond genoeg bent voor de gesprekken. "
        "VluchtelingenWerk legt uit hoe de procedure werkt.",
        "You get time to rest and prepare. A lawyer helps you for free. A nurse checks "
        "whether you are well enough for the interviews. Dutch Council for Refugees "
        "(VluchtelingenWerk) explains how the procedure works.",
        "Ga naar de afspraken met uw advocaat en de medische controle. Verzamel papieren die "
        "uw verhaal ondersteunen.",
        "Go to the appointments with your lawyer and the medical check. Collect papers that "
        "support your story.",
    ),
    _stage(
        "first-interview",
        ("Eerste gesprek", "First interview"),
        "Een medewerker stelt u vragen over wie u bent, uw familie en uw reis naar Nederland. "
        "Het gaat nog niet over de reden dat u bent gevlucht. Een tolk vertaalt alles.",
        "A case worker asks about who you are, your family and your journey to the "
        "Netherlands. This interview is not yet about why you fled. An interpreter "
        "translates everything.",
        "Kom op tijd. Vertel de waarheid. Begrijpt u de tolk niet goed? Zeg het meteen.",
        "Be on time. Tell the truth. If you do not understand the interpreter well, "
        "say so straight away.",
    ),
    _stage(
        "detailed-interview",
        ("Nader gehoor", "Detailed interview"),
        "In dit gesprek vertelt u waarom u uw land bent ontvlucht en waarom u niet terug kunt. "
        "Neem de tijd. Daarna krijgt u een verslag van het gesprek. Uw advocaat kan "
        "correcties en aanvullingen sturen.",
        "In this interview you explain why you fled your country and why you cannot go back. "
        "Take your time. Afterwards you get a report of the interview. Your lawyer can send "
        "corrections and additions.",
        "Vertel alles wat belangrijk is voor uw aanvraag. Lees het verslag met uw advocaat. "
        "Stuur correcties vóór de datum die uw advocaat noemt.",
        "Tell us everything that matters for your application. Read the report with your "
        "lawyer. Send corrections before the date your lawyer gives you.",
    ),
    _stage(
        "intended-decision",
        ("Voornemen", "Intended decision"),
        "Willen we uw aanvraag afwijzen? Dan krijgt u eerst een brief met ons plan en de "
        "redenen. Dit heet een voornemen. U mag daarop reageren. Krijgt u asiel, dan slaan "
        "we deze stap over.",
        "If we plan to refuse your application, you first get a letter with our plan and the "
        "reasons. This is called an intended decision. You may respond to it. If you are "
        "granted asylum, we skip this step.",
        "Bespreek het voornemen met uw advocaat. Uw advocaat stuurt uw reactie (zienswijze) "
        "op tijd naar ons.",
        "Discuss the intended decision with your lawyer. Your lawyer sends your response "
        "(zienswijze) to us on time.",
    ),
    _stage(
        "decision",
        ("Beslissing", "Decision"),
        "We nemen een besluit en sturen u een brief. Krijgt u asiel, dan helpt het COA u aan "
        "een woning in een gemeente. Wijzen we de aanvraag af, dan kunt u met uw advocaat in "
        "beroep gaan bij de rechter.",
        "We make a decision and send you a letter. If you are granted asylum, COA helps you "
        "find a home in a municipality. If we refuse the application, you can appeal to the "
        "court with your lawyer.",
        "U hoeft nu niets te doen. Is het besluit er? Bespreek het dan met uw advocaat.",
        "You do not need to do anything now. When the decision is there, discuss it with your "
        "lawyer.",
    ),
    _stage(
        "document",
        ("Verblijfsdocument", "Residence document"),
        "Krijgt u een verblijfsvergunning asiel? Dan maken we uw verblijfsdocument: een pasje "
        "met uw foto. Is het pasje klaar? Dan ziet u op deze pagina hoe u het ophaalt.",
        "If you get an asylum residence permit, we make your residence document: a card with "
        "your photo. When the card is ready, this page tells you how to collect it.",
        "Haal het pasje op als het klaar is. Kijk of uw gegevens kloppen.",
        "Collect the card when it is ready. Check that your details are correct.",
    ),
]

_NATURALISATION_STAGES: Final = [
    _stage(
        "municipality",
        ("Verzoek bij de gemeente", "Request at the municipality"),
        "U vraagt naturalisatie aan bij uw gemeente. De gemeente controleert uw documenten en "
        "uw inburgeringsdiploma. Daarna stuurt de gemeente uw verzoek met een advies naar ons.",
        "You apply for naturalisation at your municipality. The municipality checks your "
        "documents and your civic integration diploma. Then it sends your request to us with "
        "its advice.",
        "Maak een afspraak bij de gemeente. Neem uw paspoort, verblijfsdocument, geboorteakte "
        "en inburgeringsdiploma mee. U betaalt de kosten bij de gemeente.",
        "Book an appointment at the municipality. Bring your passport, residence document, "
        "birth certificate and civic integration diploma. You pay the fee at the municipality.",
    ),
    _stage(
        "assessment",
        ("Beoordeling", "Assessment"),
        "We kijken of u aan alle voorwaarden voldoet. Bijvoorbeeld: hoe lang u al in "
        "Nederland woont, of u bent ingeburgerd en of u geen strafbare feiten hebt gepleegd. "
        "De wet geeft ons hiervoor één jaar. We mogen die termijn één keer verlengen.",
        "We check whether you meet all the conditions. For example: how long you have lived "
        "in the Netherlands, whether you passed civic integration and whether you committed "
        "no crimes. The law gives us one year for this. We may extend that period once.",
        _WAIT_NL,
        _WAIT_EN,
    ),
    _stage(
        "decision",
        ("Besluit", "Decision"),
        "Krijgt u het Nederlanderschap, dan tekent de Koning een besluit: het Koninklijk "
        "Besluit. U en uw gemeente krijgen daarover bericht. Wijzen we uw verzoek af? Dan "
        "kunt u bezwaar maken. Hoe dat gaat, leest u dan op deze pagina.",
        "If you are granted Dutch nationality, the King signs a decision: the Royal Decree. "
        "You and your municipality are informed. If we refuse your request, you can object. "
        "This page then tells you how.",
        "",
        "",
    ),
    _stage(
        "ceremony",
        ("Naturalisatieceremonie", "Naturalisation ceremony"),
        "Krijgt u het Nederlanderschap? Dan nodigt de gemeente u uit voor de "
        "naturalisatieceremonie. Daar legt u de verklaring van verbondenheid af. Vanaf die dag "
        "bent u Nederlander. Daarna kunt u een Nederlands paspoort of identiteitskaart "
        "aanvragen.",
        "If you are granted Dutch nationality, the municipality invites you to the "
        "naturalisation ceremony. There you make the declaration of solidarity. From that day "
        "on you are Dutch. After that you can apply for a Dutch passport or identity card.",
        "Ga naar de ceremonie. Doe dit binnen een jaar na het besluit, anders wordt u geen "
        "Nederlander.",
        "Attend the ceremony. Do this within one year of the decision, or you will not "
        "become Dutch.",
    ),
]

_STICKER_STAGES: Final = [
    _stage(
        "appointment",
        ("Afspraak", "Appointment"),
        "U bent ingeschreven in een Nederlandse gemeente. U kunt nu een afspraak maken voor "
        "een sticker in uw paspoort. De sticker laat zien dat u in Nederland mag wonen en "
        "werken.",
        "You are registered in a Dutch municipality. You can now book an appointment for a "
        "sticker in your passport. The sticker shows that you may live and work in the "
        "Netherlands.",
        "Maak een afspraak. Neem uw paspoort en het bewijs van inschrijving in de gemeente mee.",
        "Book an appointment. Bring your passport and proof of registration with the municipality.",
    ),
    _stage(
        "endorsement",
        ("Sticker in paspoort", "Sticker placed"),
        "Krijgt u tijdelijke bescherming? Dan plakt een medewerker bij de afspraak de sticker "
        "in uw paspoort. Dat duurt een paar minuten. Met de sticker laat u zien dat u hier "
        "legaal bent, bijvoorbeeld aan een werkgever.",
        "If you get temporary protection, a member of staff puts the sticker in your passport "
        "at the appointment. This takes a few minutes. The sticker shows that you are here "
        "legally, for example to an employer.",
        "Kijk of uw naam en geboortedatum op de sticker kloppen.",
        "Check that your name and date of birth on the sticker are correct.",
    ),
]

_REGULAR_SOURCE: Final = (
    "Vw 2000 art. 25 lid 1 (90 dagen); art. 25 lid 2 (verlenging met ten hoogste 90 dagen)"
)

PRODUCTS: Final[list[ProductSeed]] = [
    ProductSeed(
        code="knowledge-migrant",
        name_nl="Kennismigrant",
        name_en="Highly skilled migrant",
        client_group="work",
        term_months=0,
        term_days=90,
        max_extension_days=90,
        legal_source=_REGULAR_SOURCE,
        stages=_residence_stages(
            "Uw werkgever (erkend referent)", "Your employer (recognised sponsor)"
        ),
    ),
    ProductSeed(
        code="study",
        name_nl="Studie",
        name_en="Study",
        client_group="study",
        term_months=0,
        term_days=60,
        max_extension_days=90,
        legal_source="Vw 2000 art. 25; 60 dagen voor studie via een erkend referent "
        "(Richtlijn (EU) 2016/801)",
        stages=_residence_stages(
            "Uw onderwijsinstelling (erkend referent)",
            "Your university or school (recognised sponsor)",
        ),
    ),
    ProductSeed(
        code="family",
        name_nl="Gezinshereniging en gezinsvorming",
        name_en="Family reunification",
        client_group="family",
        term_months=0,
        term_days=90,
        max_extension_days=90,
        legal_source=_REGULAR_SOURCE,
        stages=_residence_stages(
            "Uw referent (het gezinslid in Nederland)",
            "Your sponsor (the family member in the Netherlands)",
        ),
    ),
    ProductSeed(
        code="asylum",
        name_nl="Asiel",
        name_en="Asylum",
        client_group="asylum",
        term_months=6,
        term_days=0,
        # Art. 42 allows 9 + 3 months; Loket counts extensions in days, and 12 months can be
        # 366 days, so the cap never refuses a lawful extension.
        max_extension_days=366,
        legal_source="Vw 2000 art. 42 (zes maanden; verlenging met ten hoogste negen maanden "
        "en daarna ten hoogste drie maanden)",
        stages=_ASYLUM_STAGES,
    ),
    ProductSeed(
        code="naturalisation",
        name_nl="Naturalisatie",
        name_en="Naturalisation",
        client_group="naturalisation",
        term_months=12,
        term_days=0,
        max_extension_days=184,
        legal_source="Rijkswet op het Nederlanderschap art. 9 (één jaar; eenmaal te verlengen "
        "met ten hoogste zes maanden)",
        stages=_NATURALISATION_STAGES,
    ),
    ProductSeed(
        code="ukraine-sticker",
        name_nl="Sticker tijdelijke bescherming Oekraïne",
        name_en="Ukraine temporary protection sticker",
        client_group="temporary_protection",
        term_months=0,
        term_days=56,
        max_extension_days=0,
        legal_source="Awb art. 4:13 (redelijke termijn, uiterlijk acht weken); "
        "Richtlijn 2001/55/EG (tijdelijke bescherming)",
        stages=_STICKER_STAGES,
    ),
]


def seed_catalogue(product_model: Any, stage_model: Any) -> None:
    """Create or update the seed products and stages, the products' remedies and the
    situation texts (idempotent; takes historical models: the texts' model is taken from
    the same app registry as ``product_model``)."""
    term_model = product_model._meta.apps.get_model("catalogue", "LegalTerm")
    for seed in PRODUCTS:
        fields = {k: v for k, v in seed.items() if k not in ("code", "stages", *TERM_FIELDS)}
        product, _ = product_model.objects.update_or_create(code=seed["code"], defaults=fields)
        # The term as its first version (migration 0008 made the same from the columns).
        term_model.objects.update_or_create(
            product=product,
            valid_from=BEGINNING,
            defaults={k: v for k, v in seed.items() if k in TERM_FIELDS},
        )
        for position, stage in enumerate(seed["stages"], start=1):
            stage_fields = {k: v for k, v in stage.items() if k != "code"}
            stage_model.objects.update_or_create(
                product=product, code=stage["code"], defaults={**stage_fields, "position": position}
            )
    seed_remedies(product_model)
    text_model = product_model._meta.apps.get_model("catalogue", "SituationText")
    seed_situation_texts(product_model, text_model)
