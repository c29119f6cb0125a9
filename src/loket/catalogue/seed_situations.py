"""The case page's texts per product and situation, and what a client can do against a
refusal, per product: the live copy of what migrations ``0004_seed_remedies`` and
``0005_seed_situation_texts`` wrote from their own frozen copies.

``seed.seed_catalogue`` seeds these where the catalogue was removed (the browser tests flush
their database); tests check that this module agrees with what the migrations make. After
that the texts are data: change them in the admin or in a new data migration (and then here
and in ``fixtures/catalogue.json``).

How the page uses a text (``loket.web.applicant.guidance``):

* "Where is your application now?": before a decision, the current stage's own explanation,
  then ``where_now``; the page adds the dates (decided on, legal date passed), the main
  reason of a refusal and, when the legal date has passed, the apology in the past tense;
* "What do you need to do?": ``what_to_do`` (an open case shows its stage's action instead
  when the stage has one); after a refusal the page adds the deadline to object or appeal;
* "What happens next?": before a decision, the next stage's explanation, then ``what_next``.

Rules for the texts: B1 (short sentences, "u", one idea per sentence); before a decision
nothing presumes the outcome ("if we grant ..." is fine, "you will get the permit" is not);
no text sends the reader to a letter (the page does that only when Loket has the letter);
no text promises a message that Loket does not send. Sources of the legal claims:
docs/legal-terms.md ("Refusals" and "When we decide late").
"""

from __future__ import annotations

from typing import Final, TypedDict


class RemedySeed(TypedDict):
    remedy_kind: str
    remedy_weeks: int
    remedy_short_weeks: int
    remedy_source: str


class SituationTextSeed(TypedDict):
    product: str  # a product code; "" is the default for every product
    situation: str
    stage: str
    where_now_nl: str
    where_now_en: str
    what_to_do_nl: str
    what_to_do_en: str
    what_next_nl: str
    what_next_en: str


_REGULAR_REMEDY: Final = RemedySeed(
    remedy_kind="objection",
    remedy_weeks=4,
    remedy_short_weeks=0,
    remedy_source="Vw 2000 art. 69 lid 1 (bezwaar binnen vier weken, in afwijking van "
    "Awb art. 6:7); Awb art. 6:8 (termijn begint de dag na bekendmaking)",
)

REMEDIES: Final[dict[str, RemedySeed]] = {
    "knowledge-migrant": _REGULAR_REMEDY,
    "study": _REGULAR_REMEDY,
    "family": _REGULAR_REMEDY,
    "asylum": RemedySeed(
        remedy_kind="appeal",
        remedy_weeks=4,
        remedy_short_weeks=1,
        remedy_source="Vw 2000 art. 80 (geen bezwaar, direct beroep bij de rechtbank); "
        "art. 69 lid 1 (vier weken) en lid 2 (één week, o.a. in de algemene asielprocedure)",
    ),
    "naturalisation": RemedySeed(
        remedy_kind="objection",
        remedy_weeks=6,
        remedy_short_weeks=0,
        remedy_source="Awb art. 6:7 (bezwaar binnen zes weken) en art. 6:8; "
        "Rijkswet op het Nederlanderschap",
    ),
    "ukraine-sticker": _REGULAR_REMEDY,
}

# Texts as (Dutch, English) pairs.
Pair = tuple[str, str]

_NOTHING_NOW: Final = (
    "U hoeft nu niets te doen. Hebben we iets van u nodig? Dan laten we het u weten.",
    "You do not need to do anything now. If we need something from you, we will let you know.",
)
_ON_THIS_PAGE: Final = (
    "Als we alles hebben bekeken, beslissen we. Het antwoord kan ja of nee zijn. "
    "U ziet het besluit op deze pagina.",
    "When we have checked everything, we decide. The answer can be yes or no. "
    "You will see the decision on this page.",
)
_CONTINUE: Final = (
    "Hebben we uw informatie? Dan gaan we verder met uw aanvraag. De beslistermijn loopt dan weer.",
    "When we have your information, we continue with your application. The decision period "
    "then runs again.",
)
_EXTENDED: Final = (
    "We hebben meer tijd nodig om goed te beslissen. Daarom hebben we de beslistermijn "
    "verlengd. De wet staat dat toe. Hieronder leest u hoe we de nieuwe datum berekenen.",
    "We need more time to decide carefully. So we extended the decision period. The law "
    "allows this. Below you can read how we calculate the new date.",
)
_STILL_WORKING: Final = (
    "We werken nog aan uw aanvraag. We doen ons best om zo snel mogelijk te beslissen.",
    "We are still working on your application. We do our best to decide as soon as possible.",
)
_SOON: Final = (
    "We beslissen zo snel als we kunnen. U ziet het besluit op deze pagina.",
    "We decide as soon as we can. You will see the decision on this page.",
)
_LATE_OPTIONS: Final = (
    "U hoeft niets te doen. Maar de wet geeft u ook mogelijkheden. U mag ons een brief "
    "sturen. Daarin vraagt u ons om binnen twee weken te beslissen. Dit heet een "
    "ingebrekestelling. Hebben we twee weken daarna nog steeds niet beslist? Dan moeten we u "
    "meestal een bedrag betalen voor elke dag dat we te laat zijn. Dit heet een dwangsom. U "
    "kunt dan ook naar de rechter gaan. Dit heet beroep tegen niet tijdig beslissen. Wilt u "
    "hulp? Het Juridisch Loket geeft gratis advies. Bel 0900-8020.",
    "You do not have to do anything. But the law also gives you options. You may send us a "
    "letter. In it you ask us to decide within two weeks. This is called a notice of default "
    "(ingebrekestelling). Have we still not decided two weeks later? Then we usually have to "
    "pay you an amount for every day we are late. This is called a penalty payment "
    "(dwangsom). You can then also go to court. This is called an appeal for not deciding "
    "in time. Do you want help? The Legal Services Counter (Juridisch Loket) gives free "
    "advice. Call 0900-8020.",
)
_WITHDRAWN_NEXT: Final = (
    "Er gebeurt niets meer met deze aanvraag.",
    "Nothing more happens with this application.",
)
_CHECK_CARD: Final = (
    "Kijk of uw gegevens op het pasje kloppen. Klopt er iets niet? Neem dan contact met ons op.",
    "Check that your details on the card are correct. If something is wrong, please contact us.",
)
_COLLECT_NEXT: Final = (
    "U krijgt het pasje bij de afspraak. Kijk meteen of uw gegevens kloppen.",
    "You get the card at the appointment. Check straight away that your details are correct.",
)
_HAVE_CARD: Final = (
    "U hebt uw verblijfsdocument. Hiermee laat u zien dat u in Nederland mag wonen. Op het "
    "pasje staat tot wanneer het geldig is.",
    "You have your residence document. It shows that you may live in the Netherlands. The "
    "card shows until when it is valid.",
)
_CARD_IS_READY: Final = (
    "Uw verblijfsdocument is klaar. Het is een pasje met uw foto.",
    "Your residence document is ready. It is a card with your photo.",
)
_OBJECTION_HOW: Final = (
    "Bent u het niet eens met het besluit? Dan kunt u bezwaar maken. Dan kijken we opnieuw "
    "naar uw aanvraag. Schrijf in een brief waarom u het niet eens bent. Zet de datum en het "
    "nummer van het besluit erbij. Zet uw naam en handtekening eronder. Stuur de brief naar "
    "ons. Wilt u hulp? Het Juridisch Loket geeft gratis advies. Bel 0900-8020. U kunt ook een "
    "advocaat vragen om u te helpen.",
    "Do you disagree with the decision? Then you can object (bezwaar). We then look at your "
    "application again. Write a letter that says why you disagree. Add the date and the "
    "number of the decision. Sign the letter with your name. Send it to us. Do you want help? "
    "The Legal Services Counter (Juridisch Loket) gives free advice. Call 0900-8020. You can "
    "also ask a lawyer to help you.",
)
_OBJECTION_NEXT: Final = (
    "Maakt u bezwaar? Dan kijken we opnieuw naar uw aanvraag. Vaak vragen we u dan om uw "
    "bezwaar uit te leggen in een gesprek. Maakt u geen bezwaar? Dan blijft het besluit "
    "zoals het is. Wat het besluit betekent voor uw verblijf in Nederland, hangt af van uw "
    "situatie. Vraag het Juridisch Loket of een advocaat.",
    "If you object, we look at your application again. We often ask you to explain your "
    "objection in a meeting. If you do not object, the decision stays as it is. What the "
    "decision means for your stay in the Netherlands depends on your situation. Ask the "
    "Legal Services Counter or a lawyer.",
)


def _row(
    product: str, situation: str, where_now: Pair, what_to_do: Pair, what_next: Pair
) -> SituationTextSeed:
    return SituationTextSeed(
        product=product,
        situation=situation,
        stage="",
        where_now_nl=where_now[0],
        where_now_en=where_now[1],
        what_to_do_nl=what_to_do[0],
        what_to_do_en=what_to_do[1],
        what_next_nl=what_next[0],
        what_next_en=what_next[1],
    )


def _default(product: str) -> list[SituationTextSeed]:
    """Texts for any product: no words about what the product gives."""
    return [
        _row(
            product,
            "open",
            (
                "We behandelen uw aanvraag. We hebben nog geen besluit genomen.",
                "We are working on your application. We have not made a decision yet.",
            ),
            _NOTHING_NOW,
            _ON_THIS_PAGE,
        ),
        _row(
            product,
            "waiting_for_client",
            (
                "We wachten op informatie van u. Zolang we wachten, staat de beslistermijn stil.",
                "We are waiting for information from you. While we wait, the decision period "
                "is paused.",
            ),
            (
                "Stuur ons de informatie die we hebben gevraagd. Doe dit vóór de datum die we "
                "u hebben gegeven. Stuurt u niets, of te laat? Dan beslissen we zonder die "
                "informatie. Dan moeten we de aanvraag misschien afwijzen.",
                "Send us the information we asked for. Do this before the date we gave you. "
                "If you send nothing, or send it too late, we decide without it. Then we may "
                "have to refuse the application.",
            ),
            _CONTINUE,
        ),
        _row(
            product,
            "extended",
            (
                "We behandelen uw aanvraag. " + _EXTENDED[0],
                "We are working on your application. " + _EXTENDED[1],
            ),
            _NOTHING_NOW,
            _ON_THIS_PAGE,
        ),
        _row(product, "overdue", _STILL_WORKING, _LATE_OPTIONS, _SOON),
        _row(
            product,
            "granted",
            (
                "Goed nieuws: we hebben uw aanvraag toegewezen.",
                "Good news: we have granted your application.",
            ),
            (
                "Kijk hieronder wat de volgende stap is. Heeft u vragen? Neem contact met ons op.",
                "See below what the next step is. Do you have questions? Please contact us.",
            ),
            (
                "Is er nog een document voor u? Dan ziet u op deze pagina wanneer het klaar is.",
                "Is there a document for you? Then you will see on this page when it is ready.",
            ),
        ),
        _row(
            product,
            "refused",
            (
                "We hebben uw aanvraag afgewezen.",
                "We have refused your application.",
            ),
            (
                "Bent u het niet eens met het besluit? Hieronder staat wat u kunt doen en tot "
                "wanneer. Wilt u hulp? Het Juridisch Loket geeft gratis advies. Bel 0900-8020.",
                "Do you disagree with the decision? Below you can read what you can do and by "
                "when. Do you want help? The Legal Services Counter (Juridisch Loket) gives free "
                "advice. Call 0900-8020.",
            ),
            (
                "Doet u niets? Dan blijft het besluit zoals het is.",
                "If you do nothing, the decision stays as it is.",
            ),
        ),
        _row(
            product,
            "withdrawn",
            (
                "De aanvraag is ingetrokken. We behandelen de aanvraag niet meer.",
                "The application was withdrawn. We no longer handle it.",
            ),
            (
                "U hoeft niets te doen. Wilt u het toch aanvragen? Dan doet u een nieuwe aanvraag.",
                "You do not need to do anything. Do you still want to apply? Then make a new "
                "application.",
            ),
            _WITHDRAWN_NEXT,
        ),
        _row(
            product,
            "card_ready",
            (
                "Uw document is klaar.",
                "Your document is ready.",
            ),
            (
                "Maak een afspraak om het op te halen. Neem uw paspoort of identiteitsbewijs mee.",
                "Book an appointment to collect it. Bring your passport or proof of identity.",
            ),
            (
                "U krijgt het document bij de afspraak. Kijk meteen of uw gegevens kloppen.",
                "You get the document at the appointment. Check straight away that your details "
                "are correct.",
            ),
        ),
        _row(
            product,
            "card_issued",
            (
                "U hebt uw document gekregen. Uw aanvraag is klaar.",
                "You have received your document. Your application is complete.",
            ),
            (
                "Kijk of uw gegevens kloppen. Klopt er iets niet? Neem dan contact met ons op.",
                "Check that your details are correct. If something is wrong, please contact us.",
            ),
            _WITHDRAWN_NEXT,
        ),
    ]


def _residence(product: str) -> list[SituationTextSeed]:
    """Work, study and family: a regular residence permit, objection within four weeks."""
    return [
        _row(
            product,
            "open",
            (
                "We behandelen uw aanvraag voor een verblijfsvergunning. We hebben nog geen "
                "besluit genomen.",
                "We are working on your application for a residence permit. We have not made a "
                "decision yet.",
            ),
            _NOTHING_NOW,
            _ON_THIS_PAGE,
        ),
        _row(
            product,
            "waiting_for_client",
            (
                "We wachten op informatie van u. Zolang we wachten, staat de beslistermijn stil.",
                "We are waiting for information from you. While we wait, the decision period "
                "is paused.",
            ),
            (
                "Stuur ons de informatie die we hebben gevraagd. Doe dit vóór de datum die we "
                "u hebben gegeven. Stuurt u niets, of te laat? Dan beslissen we zonder die "
                "informatie. Dan moeten we de aanvraag misschien afwijzen.",
                "Send us the information we asked for. Do this before the date we gave you. "
                "If you send nothing, or send it too late, we decide without it. Then we may "
                "have to refuse the application.",
            ),
            _CONTINUE,
        ),
        _row(
            product,
            "extended",
            (
                "We behandelen uw aanvraag voor een verblijfsvergunning. " + _EXTENDED[0],
                "We are working on your application for a residence permit. " + _EXTENDED[1],
            ),
            _NOTHING_NOW,
            _ON_THIS_PAGE,
        ),
        _row(product, "overdue", _STILL_WORKING, _LATE_OPTIONS, _SOON),
        _row(
            product,
            "granted",
            (
                "Goed nieuws: u krijgt de verblijfsvergunning. We hebben uw aanvraag toegewezen.",
                "Good news: you get the residence permit. We have granted your application.",
            ),
            (
                "Heeft u nog geen biometrie laten doen? Dat zijn uw foto, vingerafdrukken en "
                "handtekening. Maak dan een afspraak bij een IND-loket of expatcentrum. Neem uw "
                "paspoort mee.",
                "Have you not given your biometrics yet? These are your photo, fingerprints and "
                "signature. Then book an appointment at an IND desk or expat centre. Bring your "
                "passport.",
            ),
            (
                "We maken uw verblijfsdocument: een pasje met uw foto. Is het pasje klaar? Dan "
                "ziet u dat op deze pagina.",
                "We make your residence document: a card with your photo. When the card is "
                "ready, you will see it on this page.",
            ),
        ),
        _row(
            product,
            "refused",
            (
                "We hebben uw aanvraag afgewezen. U krijgt de verblijfsvergunning dus niet.",
                "We have refused your application. This means you do not get the residence permit.",
            ),
            _OBJECTION_HOW,
            _OBJECTION_NEXT,
        ),
        _row(
            product,
            "withdrawn",
            (
                "De aanvraag is ingetrokken. We behandelen de aanvraag niet meer.",
                "The application was withdrawn. We no longer handle it.",
            ),
            (
                "U hoeft niets te doen. Wilt u toch een verblijfsvergunning? Dan doet u een "
                "nieuwe aanvraag.",
                "You do not need to do anything. Do you still want a residence permit? Then make "
                "a new application.",
            ),
            _WITHDRAWN_NEXT,
        ),
        _row(
            product,
            "card_ready",
            _CARD_IS_READY,
            (
                "Maak een afspraak om het pasje op te halen bij een IND-loket of expatcentrum. "
                "Neem uw paspoort mee. U haalt het pasje zelf op.",
                "Book an appointment to collect the card at an IND desk or expat centre. Bring "
                "your passport. You collect the card in person.",
            ),
            _COLLECT_NEXT,
        ),
        _row(
            product,
            "card_issued",
            _HAVE_CARD,
            _CHECK_CARD,
            (
                "Uw aanvraag is klaar. Wilt u langer blijven dan op het pasje staat? Vraag dan "
                "op tijd een verlenging aan.",
                "Your application is complete. Do you want to stay longer than the card shows? "
                "Then apply for an extension in time.",
            ),
        ),
    ]


def _asylum() -> list[SituationTextSeed]:
    """Asylum: no objection, an appeal to the court through the free lawyer."""
    product = "asylum"
    return [
        _row(
            product,
            "open",
            (
                "We behandelen uw asielaanvraag. We hebben nog geen besluit genomen.",
                "We are handling your asylum application. We have not made a decision yet.",
            ),
            (
                "U hoeft nu niets anders te doen dan naar uw afspraken te gaan. Heeft u vragen? "
                "Vraag het uw advocaat.",
                "You do not need to do anything now except go to your appointments. Do you have "
                "questions? Ask your lawyer.",
            ),
            (
                "Als we alles hebben bekeken, beslissen we. Willen we uw aanvraag afwijzen? Dan "
                "krijgt u eerst ons plan met de redenen (voornemen). U en uw advocaat mogen "
                "daarop reageren. U ziet het besluit op deze pagina.",
                "When we have checked everything, we decide. If we plan to refuse your "
                "application, you first get our plan with the reasons (intended decision). You "
                "and your lawyer may respond to it. You will see the decision on this page.",
            ),
        ),
        _row(
            product,
            "waiting_for_client",
            (
                "We wachten op informatie van u of uw advocaat. Zolang we wachten, staat de "
                "beslistermijn stil.",
                "We are waiting for information from you or your lawyer. While we wait, the "
                "decision period is paused.",
            ),
            (
                "Stuur ons de informatie die we hebben gevraagd, op tijd. Uw advocaat helpt u "
                "daarbij. Stuurt u niets, of te laat? Dan beslissen we zonder die informatie.",
                "Send us the information we asked for, on time. Your lawyer helps you with this. "
                "If you send nothing, or send it too late, we decide without it.",
            ),
            _CONTINUE,
        ),
        _row(
            product,
            "extended",
            (
                "We behandelen uw asielaanvraag. " + _EXTENDED[0],
                "We are handling your asylum application. " + _EXTENDED[1],
            ),
            (
                "U hoeft nu niets anders te doen dan naar uw afspraken te gaan. Heeft u vragen? "
                "Vraag het uw advocaat.",
                "You do not need to do anything now except go to your appointments. Do you have "
                "questions? Ask your lawyer.",
            ),
            _ON_THIS_PAGE,
        ),
        _row(
            product,
            "overdue",
            (
                "We werken nog aan uw asielaanvraag. We doen ons best om zo snel mogelijk te "
                "beslissen.",
                "We are still working on your asylum application. We do our best to decide as "
                "soon as possible.",
            ),
            (
                "U hoeft niets te doen. Maar de wet geeft u ook mogelijkheden. Uw advocaat mag "
                "ons een brief sturen. Daarin vraagt uw advocaat ons om binnen twee weken te "
                "beslissen. Dit heet een ingebrekestelling. Hebben we twee weken daarna nog "
                "steeds niet beslist? Dan kan uw advocaat naar de rechter gaan. De rechter kan "
                "ons een datum geven waarop we moeten beslissen. Bij asiel betalen we u geen "
                "dwangsom als we te laat zijn. De rechter kan ons wel een dwangsom opleggen. "
                "Bespreek dit met uw advocaat. U betaalt de advocaat niet zelf.",
                "You do not have to do anything. But the law also gives you options. Your lawyer "
                "may send us a letter. In it your lawyer asks us to decide within two weeks. "
                "This is called a notice of default (ingebrekestelling). Have we still not "
                "decided two weeks later? Then your lawyer can go to court. The court can give "
                "us a date by which we must decide. For asylum we do not pay you a penalty "
                "payment (dwangsom) when we are late. The court can order us to pay one. "
                "Discuss this with your lawyer. You do not pay the lawyer yourself.",
            ),
            _SOON,
        ),
        _row(
            product,
            "granted",
            (
                "Goed nieuws: u krijgt een verblijfsvergunning asiel. We hebben uw aanvraag "
                "toegewezen.",
                "Good news: you get an asylum residence permit. We have granted your application.",
            ),
            (
                "Het COA helpt u aan een woning in een gemeente. Ga naar de afspraken die het "
                "COA met u maakt. Heeft u vragen over het besluit? Vraag het uw advocaat.",
                "COA helps you find a home in a municipality. Go to the appointments COA makes "
                "with you. Do you have questions about the decision? Ask your lawyer.",
            ),
            (
                "We maken uw verblijfsdocument: een pasje met uw foto. Is het pasje klaar? Dan "
                "ziet u dat op deze pagina.",
                "We make your residence document: a card with your photo. When the card is "
                "ready, you will see it on this page.",
            ),
        ),
        _row(
            product,
            "refused",
            (
                "We hebben uw asielaanvraag afgewezen. U krijgt dus geen verblijfsvergunning "
                "asiel.",
                "We have refused your asylum application. This means you do not get an asylum "
                "residence permit.",
            ),
            (
                "Bent u het niet eens met het besluit? Dan kunt u in beroep gaan bij de rechter. "
                "Bij asiel kunt u geen bezwaar maken bij ons. U gaat meteen naar de rechter. Uw "
                "advocaat doet dit voor u. U betaalt de advocaat niet zelf: de Raad voor "
                "Rechtsbijstand betaalt. Heeft u geen advocaat meer? Vraag dan VluchtelingenWerk "
                "om hulp. Neem snel contact op met uw advocaat, want de termijn is kort.",
                "Do you disagree with the decision? Then you can appeal to the court. For asylum "
                "you cannot object to us first. You go straight to the court. Your lawyer does "
                "this for you. You do not pay the lawyer yourself: the Legal Aid Board (Raad voor "
                "Rechtsbijstand) pays. If you no longer have a lawyer, ask the Dutch Council for "
                "Refugees (VluchtelingenWerk) for help. Contact your lawyer soon, because the "
                "term is short.",
            ),
            (
                "Gaat u in beroep? Dan beoordeelt de rechter het besluit. Vraag uw advocaat wat "
                "het besluit betekent voor uw verblijf in Nederland. Vraag ook of u in Nederland "
                "mag wachten op de uitspraak van de rechter.",
                "If you appeal, the court reviews the decision. Ask your lawyer what the decision "
                "means for your stay in the Netherlands. Also ask whether you may wait in the "
                "Netherlands for the court's ruling.",
            ),
        ),
        _row(
            product,
            "withdrawn",
            (
                "Uw asielaanvraag is ingetrokken. We behandelen de aanvraag niet meer.",
                "Your asylum application was withdrawn. We no longer handle it.",
            ),
            (
                "Wat betekent dit voor u? Vraag het uw advocaat of VluchtelingenWerk.",
                "What does this mean for you? Ask your lawyer or the Dutch Council for Refugees "
                "(VluchtelingenWerk).",
            ),
            _WITHDRAWN_NEXT,
        ),
        _row(
            product,
            "card_ready",
            _CARD_IS_READY,
            (
                "Maak een afspraak om het pasje op te halen bij een IND-loket. Woont u in een "
                "opvanglocatie? Dan helpt het COA u met de afspraak. Neem uw identiteitsbewijs "
                "mee. U haalt het pasje zelf op.",
                "Book an appointment to collect the card at an IND desk. Do you live at a "
                "reception centre? Then COA helps you with the appointment. Bring your proof of "
                "identity. You collect the card in person.",
            ),
            _COLLECT_NEXT,
        ),
        _row(
            product,
            "card_issued",
            _HAVE_CARD,
            _CHECK_CARD,
            (
                "Uw aanvraag is klaar. Heeft u vragen over wonen, werk of inburgering? Uw "
                "gemeente en VluchtelingenWerk helpen u.",
                "Your application is complete. Do you have questions about housing, work or "
                "civic integration? Your municipality and the Dutch Council for Refugees "
                "(VluchtelingenWerk) help you.",
            ),
        ),
    ]


def _naturalisation() -> list[SituationTextSeed]:
    """Naturalisation: a Royal Decree, a ceremony; objection within six weeks."""
    product = "naturalisation"
    return [
        _row(
            product,
            "open",
            (
                "We behandelen uw verzoek om Nederlander te worden. We hebben nog geen besluit "
                "genomen.",
                "We are handling your request to become a Dutch citizen. We have not made a "
                "decision yet.",
            ),
            _NOTHING_NOW,
            _ON_THIS_PAGE,
        ),
        _row(
            product,
            "waiting_for_client",
            (
                "We wachten op informatie van u. Zolang we wachten, staat de beslistermijn stil.",
                "We are waiting for information from you. While we wait, the decision period "
                "is paused.",
            ),
            (
                "Stuur ons de informatie die we hebben gevraagd. Doe dit vóór de datum die we "
                "u hebben gegeven. Stuurt u niets, of te laat? Dan beslissen we zonder die "
                "informatie. Dan moeten we uw verzoek misschien afwijzen.",
                "Send us the information we asked for. Do this before the date we gave you. "
                "If you send nothing, or send it too late, we decide without it. Then we may "
                "have to refuse your request.",
            ),
            _CONTINUE,
        ),
        _row(
            product,
            "extended",
            (
                "We behandelen uw verzoek om Nederlander te worden. " + _EXTENDED[0],
                "We are handling your request to become a Dutch citizen. " + _EXTENDED[1],
            ),
            _NOTHING_NOW,
            _ON_THIS_PAGE,
        ),
        _row(
            product,
            "overdue",
            (
                "We werken nog aan uw verzoek. We doen ons best om zo snel mogelijk te beslissen.",
                "We are still working on your request. We do our best to decide as soon as "
                "possible.",
            ),
            _LATE_OPTIONS,
            _SOON,
        ),
        _row(
            product,
            "granted",
            (
                "Goed nieuws: u krijgt het Nederlanderschap. De Koning heeft het besluit "
                "getekend: het Koninklijk Besluit.",
                "Good news: you are granted Dutch nationality. The King has signed the decision: "
                "the Royal Decree.",
            ),
            (
                "Ga naar de naturalisatieceremonie als uw gemeente u uitnodigt. Doe dit binnen "
                "een jaar na het besluit. Anders wordt u geen Nederlander.",
                "Attend the naturalisation ceremony when your municipality invites you. Do this "
                "within one year of the decision, or you will not become Dutch.",
            ),
            (
                "Bij de ceremonie legt u de verklaring van verbondenheid af. Vanaf die dag bent "
                "u Nederlander. Daarna kunt u een Nederlands paspoort of identiteitskaart "
                "aanvragen.",
                "At the ceremony you make the declaration of solidarity. From that day on you "
                "are Dutch. After that you can apply for a Dutch passport or identity card.",
            ),
        ),
        _row(
            product,
            "refused",
            (
                "We hebben uw verzoek afgewezen. U wordt dus nu geen Nederlander.",
                "We have refused your request. This means you do not become Dutch now.",
            ),
            (
                "Bent u het niet eens met het besluit? Dan kunt u bezwaar maken. Dan kijken we "
                "opnieuw naar uw verzoek. Schrijf in een brief waarom u het niet eens bent. Zet "
                "de datum en het nummer van het besluit erbij. Zet uw naam en handtekening "
                "eronder. Stuur de brief naar ons. Wilt u hulp? Het Juridisch Loket geeft gratis "
                "advies. Bel 0900-8020.",
                "Do you disagree with the decision? Then you can object (bezwaar). We then look "
                "at your request again. Write a letter that says why you disagree. Add the date "
                "and the number of the decision. Sign the letter with your name. Send it to us. "
                "Do you want help? The Legal Services Counter (Juridisch Loket) gives free "
                "advice. Call 0900-8020.",
            ),
            (
                "Maakt u bezwaar? Dan kijken we opnieuw naar uw verzoek. Maakt u geen bezwaar? "
                "Dan blijft het besluit zoals het is. U mag later opnieuw een verzoek doen.",
                "If you object, we look at your request again. If you do not object, the "
                "decision stays as it is. You may make a new request later.",
            ),
        ),
        _row(
            product,
            "withdrawn",
            (
                "Uw verzoek is ingetrokken. We behandelen het verzoek niet meer.",
                "Your request was withdrawn. We no longer handle it.",
            ),
            (
                "U hoeft niets te doen. Wilt u toch Nederlander worden? Dan doet u een nieuw "
                "verzoek bij uw gemeente.",
                "You do not need to do anything. Do you still want to become Dutch? Then make a "
                "new request at your municipality.",
            ),
            _WITHDRAWN_NEXT,
        ),
        _row(
            product,
            "card_ready",
            (
                "Het Koninklijk Besluit ligt klaar bij uw gemeente.",
                "The Royal Decree is ready at your municipality.",
            ),
            (
                "Ga naar de naturalisatieceremonie als uw gemeente u uitnodigt. Doe dit binnen "
                "een jaar na het besluit. Anders wordt u geen Nederlander.",
                "Attend the naturalisation ceremony when your municipality invites you. Do this "
                "within one year of the decision, or you will not become Dutch.",
            ),
            (
                "Na de ceremonie bent u Nederlander. Daarna kunt u een Nederlands paspoort of "
                "identiteitskaart aanvragen.",
                "After the ceremony you are Dutch. After that you can apply for a Dutch passport "
                "or identity card.",
            ),
        ),
        _row(
            product,
            "card_issued",
            (
                "U bent Nederlander. U hebt de verklaring van verbondenheid afgelegd.",
                "You are Dutch. You have made the declaration of solidarity.",
            ),
            (
                "U kunt nu een Nederlands paspoort of identiteitskaart aanvragen bij uw gemeente.",
                "You can now apply for a Dutch passport or identity card at your municipality.",
            ),
            (
                "Uw verzoek is klaar. Er gebeurt niets meer met deze aanvraag.",
                "Your request is complete. Nothing more happens with this application.",
            ),
        ),
    ]


def _sticker() -> list[SituationTextSeed]:
    """Temporary protection (Ukraine): a sticker in the passport."""
    product = "ukraine-sticker"
    return [
        _row(
            product,
            "open",
            (
                "We behandelen uw aanvraag voor een sticker. We hebben nog geen besluit genomen.",
                "We are handling your application for a sticker. We have not made a decision yet.",
            ),
            _NOTHING_NOW,
            (
                "Bij de afspraak kijken we of u tijdelijke bescherming krijgt. Is dat zo? Dan "
                "plakken we de sticker in uw paspoort. U ziet het besluit op deze pagina.",
                "At the appointment we check whether you get temporary protection. If you do, "
                "we put the sticker in your passport. You will see the decision on this page.",
            ),
        ),
        _row(
            product,
            "waiting_for_client",
            (
                "We wachten op informatie van u. Zolang we wachten, staat de beslistermijn stil.",
                "We are waiting for information from you. While we wait, the decision period "
                "is paused.",
            ),
            (
                "Stuur ons de informatie die we hebben gevraagd. Doe dit vóór de datum die we "
                "u hebben gegeven. Stuurt u niets, of te laat? Dan beslissen we zonder die "
                "informatie.",
                "Send us the information we asked for. Do this before the date we gave you. "
                "If you send nothing, or send it too late, we decide without it.",
            ),
            _CONTINUE,
        ),
        _row(
            product,
            "extended",
            (
                "We behandelen uw aanvraag voor een sticker. " + _EXTENDED[0],
                "We are handling your application for a sticker. " + _EXTENDED[1],
            ),
            _NOTHING_NOW,
            _ON_THIS_PAGE,
        ),
        _row(
            product,
            "overdue",
            _STILL_WORKING,
            (
                "U hoeft niets te doen. Maar u mag ons een brief sturen. Daarin vraagt u ons om "
                "binnen twee weken te beslissen. Dit heet een ingebrekestelling. Wat u daarna "
                "kunt doen, hangt af van uw situatie. Het Juridisch Loket geeft gratis advies. "
                "Bel 0900-8020.",
                "You do not have to do anything. But you may send us a letter. In it you ask us "
                "to decide within two weeks. This is called a notice of default "
                "(ingebrekestelling). What you can do after that depends on your situation. The "
                "Legal Services Counter (Juridisch Loket) gives free advice. Call 0900-8020.",
            ),
            _SOON,
        ),
        _row(
            product,
            "granted",
            (
                "Goed nieuws: u krijgt tijdelijke bescherming. U krijgt een sticker in uw "
                "paspoort.",
                "Good news: you get temporary protection. You get a sticker in your passport.",
            ),
            (
                "Kom naar uw afspraak voor de sticker. Neem uw paspoort mee.",
                "Come to your appointment for the sticker. Bring your passport.",
            ),
            (
                "Bij de afspraak plakt een medewerker de sticker in uw paspoort. Dat duurt een "
                "paar minuten.",
                "At the appointment a member of staff puts the sticker in your passport. This "
                "takes a few minutes.",
            ),
        ),
        _row(
            product,
            "refused",
            (
                "We hebben uw aanvraag afgewezen. U krijgt dus geen sticker.",
                "We have refused your application. This means you do not get a sticker.",
            ),
            _OBJECTION_HOW,
            _OBJECTION_NEXT,
        ),
        _row(
            product,
            "withdrawn",
            (
                "De aanvraag is ingetrokken. We behandelen de aanvraag niet meer.",
                "The application was withdrawn. We no longer handle it.",
            ),
            (
                "U hoeft niets te doen. Wilt u toch een sticker? Dan maakt u een nieuwe afspraak.",
                "You do not need to do anything. Do you still want a sticker? Then book a new "
                "appointment.",
            ),
            _WITHDRAWN_NEXT,
        ),
        _row(
            product,
            "card_ready",
            (
                "Uw sticker ligt klaar.",
                "Your sticker is ready.",
            ),
            (
                "Maak een afspraak om de sticker in uw paspoort te laten plakken. Neem uw "
                "paspoort mee.",
                "Book an appointment to have the sticker put in your passport. Bring your "
                "passport.",
            ),
            (
                "Bij de afspraak plakt een medewerker de sticker in uw paspoort.",
                "At the appointment a member of staff puts the sticker in your passport.",
            ),
        ),
        _row(
            product,
            "card_issued",
            (
                "De sticker zit in uw paspoort. Hiermee laat u zien dat u in Nederland mag wonen "
                "en werken.",
                "The sticker is in your passport. It shows that you may live and work in the "
                "Netherlands.",
            ),
            (
                "Kijk of uw naam en geboortedatum op de sticker kloppen. Klopt er iets niet? "
                "Neem dan contact met ons op.",
                "Check that your name and date of birth on the sticker are correct. If something "
                "is wrong, please contact us.",
            ),
            (
                "Uw aanvraag is klaar. Er gebeurt niets meer met deze aanvraag.",
                "Your application is complete. Nothing more happens with this application.",
            ),
        ),
    ]


# In the order the migration creates them (their ids follow it): the defaults, then each
# product in the catalogue's order.
SITUATION_TEXTS: Final[list[SituationTextSeed]] = [
    *_default(""),
    *_residence("knowledge-migrant"),
    *_residence("study"),
    *_residence("family"),
    *_asylum(),
    *_naturalisation(),
    *_sticker(),
]


def seed_remedies(product_model: type) -> None:
    """Set each seed product's remedy (idempotent; takes historical models)."""
    for code, remedy in REMEDIES.items():
        product_model.objects.filter(code=code).update(**remedy)  # type: ignore[attr-defined]


def seed_situation_texts(product_model: type, text_model: type) -> None:
    """Create or update the seed texts (idempotent; takes historical models)."""
    products = {p.code: p for p in product_model.objects.all()}  # type: ignore[attr-defined]
    for seed in SITUATION_TEXTS:
        texts = {k: v for k, v in seed.items() if k not in ("product", "situation", "stage")}
        text_model.objects.update_or_create(  # type: ignore[attr-defined]
            product=products[seed["product"]] if seed["product"] else None,
            situation=seed["situation"],
            stage=seed["stage"],
            defaults=texts,
        )
