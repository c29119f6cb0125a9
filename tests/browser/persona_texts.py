"""What each demo persona's case page, letters and inbox say, in Dutch and English: the
sentences ``test_personas.py`` checks in the browser and ``docs/personas.md`` shows (a test
keeps the two equal). Dates and numbers change with the day the demo is built, so a sentence
writes them as «date» and «n», and a message title the case's reference as «reference».
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "personas.md"


@dataclass(frozen=True)
class Say:
    nl: str
    en: str

    def __call__(self, language: str) -> str:
        return self.nl if language == "nl" else self.en


@dataclass(frozen=True)
class CasePage:
    status: Say | None  # the badge; finds the case on "My applications" (None: the only case)
    sentences: tuple[Say, ...]
    letters: tuple[Say, ...]  # titles under "Your letters" (more may be there)


@dataclass(frozen=True)
class Persona:
    username: str
    cases: tuple[CasePage, ...]
    # Titles of messages always in the inbox, in the language they were written in (Dutch:
    # no persona chose English); «reference» is the persona's case.
    inbox: tuple[str, ...] = ()


RECEIVED = Say("Wij hebben uw aanvraag ontvangen", "We have received your application")
ASKED = Say("Wij hebben meer informatie van u nodig", "We need more information from you")
EXTENDED = Say(
    "Wij hebben meer tijd nodig voor uw aanvraag", "We need more time for your application"
)
GRANTED = Say("Besluit: uw aanvraag is goedgekeurd", "Decision: your application is granted")
REFUSED = Say("Besluit: uw aanvraag is afgewezen", "Decision: your application is refused")
CARD_READY = Say("Uw document ligt klaar", "Your document is ready to collect")

DECIDE_BY = Say("Wij beslissen uiterlijk op «date».", "We decide on «date» at the latest.")
DECIDED = Say("Wij hebben beslist op «date».", "We decided on «date».")
DECISION_MADE = Say("Wij hebben een besluit genomen op «date».", "We made a decision on «date».")
EXPECT = Say(
    "Wij verwachten een besluit tussen «date» en «date».",
    "We expect a decision between «date» and «date».",
)
IN_PROGRESS = Say("In behandeling", "In progress")
NO_DECISION_YET = Say(
    "We behandelen uw aanvraag voor een verblijfsvergunning. We hebben nog geen besluit genomen.",
    "We are working on your application for a residence permit. We have not made a decision yet.",
)
THEN_WE_DECIDE = Say(
    "Als we alles hebben bekeken, beslissen we. Het antwoord kan ja of nee zijn. U ziet het "
    "besluit op deze pagina.",
    "When we have checked everything, we decide. The answer can be yes or no. You will see "
    "the decision on this page.",
)

PERSONAS: tuple[Persona, ...] = (
    Persona(
        "anna",
        (
            CasePage(
                IN_PROGRESS,
                (
                    NO_DECISION_YET,
                    THEN_WE_DECIDE,
                    DECIDE_BY,
                    Say(
                        "Wij vroegen u op «date» om informatie. U stuurde die op «date».",
                        "We asked you for information on «date». You sent it on «date».",
                    ),
                    Say("Uw beslisdatum is nu «date».", "Your decision date is now «date»."),
                    EXPECT,
                ),
                (RECEIVED, ASKED),
            ),
        ),
    ),
    Persona(
        "ben",
        (
            CasePage(
                Say("Document klaar om op te halen", "Document ready to collect"),
                (
                    Say(
                        "Uw verblijfsdocument is klaar. Het is een pasje met uw foto.",
                        "Your residence document is ready. It is a card with your photo.",
                    ),
                    DECIDED,
                    Say(
                        "Maak een afspraak om het pasje op te halen bij een IND-loket of "
                        "expatcentrum. Neem uw paspoort mee. U haalt het pasje zelf op.",
                        "Book an appointment to collect the card at an IND desk or expat "
                        "centre. Bring your passport. You collect the card in person.",
                    ),
                    Say(
                        "U krijgt het pasje bij de afspraak. Kijk meteen of uw gegevens kloppen.",
                        "You get the card at the appointment. Check straight away that your "
                        "details are correct.",
                    ),
                    DECISION_MADE,
                ),
                (RECEIVED, GRANTED, CARD_READY),
            ),
        ),
    ),
    Persona(
        "chen",
        (
            CasePage(
                Say("In behandeling, termijn verlengd", "In progress, term extended"),
                (
                    Say(
                        "We behandelen uw aanvraag voor een verblijfsvergunning. We hebben meer "
                        "tijd nodig om goed te beslissen. Daarom hebben we de beslistermijn "
                        "verlengd. De wet staat dat toe. Hieronder leest u hoe we de nieuwe "
                        "datum berekenen.",
                        "We are working on your application for a residence permit. We need "
                        "more time to decide carefully. So we extended the decision period. "
                        "The law allows this. Below you can read how we calculate the new date.",
                    ),
                    THEN_WE_DECIDE,
                    DECIDE_BY,
                    Say(
                        "Daarom hebben wij de beslistermijn verlengd met «n» dagen.",
                        "So we extended the term by «n» days.",
                    ),
                    EXPECT,
                ),
                (RECEIVED, EXTENDED),
            ),
            CasePage(
                Say("Besluit: afgewezen", "Decision: refused"),
                (
                    Say(
                        "We hebben uw aanvraag afgewezen. U krijgt de verblijfsvergunning dus "
                        "niet.",
                        "We have refused your application. This means you do not get the "
                        "residence permit.",
                    ),
                    DECIDED,
                    Say(
                        "Alle redenen staan in de brief die wij u stuurden. U vindt die "
                        "hieronder, bij “Uw brieven”.",
                        "You can read all the reasons in the letter we sent you. You find it "
                        "below, under “Your letters”.",
                    ),
                    Say(
                        "Bent u het niet eens met het besluit? Dan kunt u bezwaar maken.",
                        "Do you disagree with the decision? Then you can object (bezwaar).",
                    ),
                    Say(
                        "Maak uiterlijk op «date» bezwaar. U heeft 4 weken. Uw bezwaar moet dan "
                        "bij ons binnen zijn.",
                        "Object by «date» at the latest. You have 4 weeks. Your objection must "
                        "reach us by then.",
                    ),
                    Say(
                        "Het Juridisch Loket geeft gratis advies. Bel 0900-8020.",
                        "The Legal Services Counter (Juridisch Loket) gives free advice. Call "
                        "0900-8020.",
                    ),
                    Say(
                        "Wettelijke basis: Vw 2000 art. 69 lid 1",
                        "Legal basis: Vw 2000 art. 69 lid 1",
                    ),
                    Say(
                        "Maakt u bezwaar? Dan kijken we opnieuw naar uw aanvraag.",
                        "If you object, we look at your application again.",
                    ),
                    DECISION_MADE,
                ),
                (RECEIVED, REFUSED),
            ),
        ),
    ),
    Persona(
        "dara",
        (
            CasePage(
                Say("Besluit is te laat", "Decision is late"),
                (
                    Say(
                        "Wij hadden uiterlijk op «date» moeten beslissen. Dat is niet gelukt. "
                        "Het spijt ons.",
                        "We should have decided by «date». We did not. We are sorry.",
                    ),
                    Say(
                        "Wij verwachten nu te beslissen tussen «date» en «date».",
                        "We now expect to decide between «date» and «date».",
                    ),
                    Say(
                        "We werken nog aan uw asielaanvraag. We doen ons best om zo snel "
                        "mogelijk te beslissen.",
                        "We are still working on your asylum application. We do our best to "
                        "decide as soon as possible.",
                    ),
                    Say(
                        "Dit heet een ingebrekestelling.",
                        "This is called a notice of default (ingebrekestelling).",
                    ),
                    Say(
                        "Bij asiel betalen we u geen dwangsom als we te laat zijn.",
                        "For asylum we do not pay you a penalty payment (dwangsom) when we are "
                        "late.",
                    ),
                    Say(
                        "We beslissen zo snel als we kunnen. U ziet het besluit op deze pagina.",
                        "We decide as soon as we can. You will see the decision on this page.",
                    ),
                    Say(
                        "Wij hadden uiterlijk op «date» moeten beslissen. Die datum is voorbij.",
                        "We should have decided on «date» at the latest. That date has passed.",
                    ),
                ),
                (RECEIVED,),
            ),
        ),
        inbox=("«reference»: wij hebben niet op tijd besloten",),
    ),
    Persona(
        "eva",
        (
            CasePage(
                Say("Wij wachten op u", "Waiting for you"),
                (
                    Say(
                        "We wachten op informatie van u. Zolang we wachten, staat de "
                        "beslistermijn stil.",
                        "We are waiting for information from you. While we wait, the decision "
                        "period is paused.",
                    ),
                    Say(
                        "Stuur ons de informatie die we hebben gevraagd. Doe dit vóór de datum "
                        "die we u hebben gegeven.",
                        "Send us the information we asked for. Do this before the date we gave "
                        "you.",
                    ),
                    Say(
                        "In de brief die wij u stuurden, staat wat wij nodig hebben en uiterlijk "
                        "wanneer.",
                        "The letter we sent you says what we need and by which date.",
                    ),
                    Say(
                        "Wij vroegen u op «date» om informatie.",
                        "We asked you for information on «date».",
                    ),
                    Say(
                        "Stuur de informatie uiterlijk op «date». Dat is over «n» dagen.",
                        "Send the information no later than «date». That is in «n» days.",
                    ),
                    Say("Stuur de documenten online", "Send the documents online"),
                    Say(
                        "Hebben we uw informatie? Dan gaan we verder met uw aanvraag. De "
                        "beslistermijn loopt dan weer.",
                        "When we have your information, we continue with your application. "
                        "The decision period then runs again.",
                    ),
                    Say(
                        "Als u ons de informatie vandaag stuurt, beslissen wij uiterlijk op "
                        "«date».",
                        "If you send us the information today, we decide on «date» at the latest.",
                    ),
                    EXPECT,
                ),
                (RECEIVED, ASKED),
            ),
        ),
    ),
    Persona(
        "olena",
        (
            CasePage(
                Say("Afgerond", "Completed"),
                (
                    Say(
                        "De sticker zit in uw paspoort. Hiermee laat u zien dat u in Nederland "
                        "mag wonen en werken.",
                        "The sticker is in your passport. It shows that you may live and work "
                        "in the Netherlands.",
                    ),
                    DECIDED,
                    Say(
                        "Kijk of uw naam en geboortedatum op de sticker kloppen. Klopt er iets "
                        "niet? Neem dan contact met ons op.",
                        "Check that your name and date of birth on the sticker are correct. If "
                        "something is wrong, please contact us.",
                    ),
                    Say(
                        "Uw aanvraag is klaar. Er gebeurt niets meer met deze aanvraag.",
                        "Your application is complete. Nothing more happens with this application.",
                    ),
                    DECISION_MADE,
                ),
                (RECEIVED, GRANTED),
            ),
        ),
    ),
    Persona(
        "wim",
        (
            CasePage(
                Say("Ingetrokken", "Withdrawn"),
                (
                    Say(
                        "De aanvraag is ingetrokken. We behandelen de aanvraag niet meer.",
                        "The application was withdrawn. We no longer handle it.",
                    ),
                    Say(
                        "De aanvraag is ingetrokken op «date».",
                        "The application was withdrawn on «date».",
                    ),
                    Say(
                        "U hoeft niets te doen. Wilt u toch een verblijfsvergunning? Dan doet u "
                        "een nieuwe aanvraag.",
                        "You do not need to do anything. Do you still want a residence permit? "
                        "Then make a new application.",
                    ),
                    Say(
                        "Er gebeurt niets meer met deze aanvraag.",
                        "Nothing more happens with this application.",
                    ),
                    Say(
                        "De aanvraag is ingetrokken op «date». Wij hoeven niet meer te beslissen.",
                        "The application was withdrawn on «date». We no longer need to decide.",
                    ),
                ),
                (RECEIVED,),
            ),
        ),
    ),
    Persona(
        "farid",
        (
            # Open, or open with an extended term: the forecast chose the case, so no badge.
            CasePage(
                None,
                (
                    DECIDE_BY,
                    EXPECT,
                    Say(
                        "Wij beslissen waarschijnlijk niet vóór het einde van de beslistermijn. "
                        "Het spijt ons. Wij hebben u hierover een bericht gestuurd.",
                        "We will probably not decide before the legal decision date. We are "
                        "sorry. We sent you a message about this.",
                    ),
                ),
                (RECEIVED,),
            ),
        ),
        inbox=("«reference»: het besluit komt waarschijnlijk later",),
    ),
)

# Answering eva's question (test_eva_answers_the_question_by_upload).
UPLOADED = Say(
    "Dank u wel. Wij hebben uw 1 document ontvangen. Wij gaan nu verder met uw aanvraag.",
    "Thank you. We received your 1 document. We now continue with your application.",
)
NOT_A_PDF = Say(
    "Het bestand nep.pdf is geen PDF-, JPEG- of PNG-bestand.",
    "The file nep.pdf is not a PDF, JPEG or PNG file.",
)
NOTHING_RECEIVED = Say(
    "Wij hebben uw bestanden niet ontvangen. Verbeter wat niet goed is en stuur alle bestanden "
    "opnieuw.",
    "We have not received your files. Correct what is wrong and send all files again.",
)


def persona_named(username: str) -> Persona:
    return next(p for p in PERSONAS if p.username == username)


_DATE = r"(?:\w+ )?\d{1,2} \w+(?: \d{4})?"  # "1 december", "woensdag 2 december 2026"


def pattern(sentence: str, references: Iterable[str] = ()) -> re.Pattern[str]:
    either = "|".join(re.escape(r) for r in references) or r"\S+"
    text = re.escape(sentence)
    for placeholder, regex in (("«date»", _DATE), ("«n»", r"\d+"), ("«reference»", either)):
        text = text.replace(re.escape(placeholder), regex)
    return re.compile(text)


def missing(text: str, sentences: Iterable[str]) -> list[str]:
    flat = " ".join(text.split())
    return [s for s in sentences if not pattern(s).search(flat)]


def docs_section(username: str) -> str:
    """The part of docs/personas.md under the heading ``### <username>``."""
    docs = DOCS.read_text(encoding="utf-8")
    parts = re.split(r"^### ", docs, flags=re.MULTILINE)
    found = [p for p in parts[1:] if p.split(maxsplit=1)[0] == username]
    assert len(found) == 1, f"docs/personas.md needs one section '### {username}'"
    return found[0]
