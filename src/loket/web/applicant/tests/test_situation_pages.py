"""The case page tells the truth in every situation: every product and situation has its texts
in Dutch and English, nothing before a decision presumes the outcome, a refusal says so with
its reason and the deadline to object or appeal, a late case says so in the past tense, and a
case waiting for the client never says there is nothing to do."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from loket.cases import services
from loket.cases.models import Case, Letter
from loket.cases.situation import BEFORE_DECISION, Situation, remedy_deadline
from loket.catalogue.models import ProductType, SituationText
from loket.catalogue.selectors import situation_text
from loket.notifications.models import Channel, Message, MessageKind, MessageStatus
from loket.web.conftest import at, url

pytestmark = pytest.mark.django_db

PRODUCTS = ("knowledge-migrant", "study", "family", "asylum", "naturalisation", "ukraine-sticker")
REASON = "Your income is lower than the amount the law asks for."
QUESTION = "Please send your payslips of the last three months."

# Before a decision no sentence may say what the outcome is. Sentences that start by
# promising the permit (a conditional "If you get the residence permit, ..." is fine) ...
_PROMISE = re.compile(
    r"(?:^|[.!?:]\s+)(?:u krijgt|you get|you will get|you are granted|u ontvangt|you receive) "
    r"(?:de |een |het |the |a |an |your |uw )?(?:asylum )?(?:verblijfsvergunning|residence "
    r"permit|nederlanderschap|dutch nationality|sticker|verblijfsdocument|residence document|"
    r"permit|vergunning)",
    re.IGNORECASE,
)
# ... and phrases that only fit after a decision.
FORBIDDEN_BEFORE_DECISION = (
    "you will get the",
    "your permit",
    "uw vergunning",
    "good news",
    "goed nieuws",
    "we have granted",
    "we have refused",
    "toegewezen",
    "afgewezen",
    "decision: granted",
    "decision: refused",
    "we made a decision",
    "we hebben een besluit genomen",
)
# Without a letter in Loket, no sentence sends the reader to one.
FORBIDDEN_WITHOUT_LETTERS = (
    "read the letter",
    "lees de brief",
    "in the letter",
    "in de brief",
    "the letter we sent you",
    "de brief die we u stuurden",
)
# A case waiting for the client must never say there is nothing to do.
NOTHING_TO_DO = (
    "you do not need to do anything",
    "u hoeft nu niets te doen",
    "u hoeft niets te doen",
)


def _main_text(html: str) -> str:
    """The page's main content as plain text, in one line."""
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


def _page(client: Client, user: User, case: Case, lang: str) -> tuple[str, str]:
    client.force_login(user)
    response = client.get(url("applicant:case-detail", lang, reference=case.reference))
    assert response.status_code == 200
    html = response.content.decode()
    return html, _main_text(html)


def _now_section(html: str) -> str:
    start = html.index('id="now-title"')
    return _main_text("<main>" + html[start : html.index("</section>", start)] + "</main>")


def make_case(
    applicant: User, product: str, situation: Situation, *, reference: str = "", note: str = ""
) -> Case:
    """A case of ``product`` brought into ``situation`` through the case services."""
    today = timezone.localdate()
    overdue = situation == Situation.OVERDUE
    received = today - dt.timedelta(days=600 if overdue else 6)
    case = services.case_create(
        reference=reference or f"{product}-{situation}",
        product=product,
        received_at=at(received),
        source="staff",
        applicant=applicant,
    )
    stages = list(case.product.stages.order_by("position").values_list("code", flat=True))
    day = received + dt.timedelta(days=1)

    def record(kind: str, **fields: Any) -> None:
        services.case_record_event(case=case, kind=kind, at=at(day), source="staff", **fields)

    if len(stages) > 1:
        record("stage_entered", stage=stages[1])
    day += dt.timedelta(days=1)
    steps: dict[Situation, list[tuple[str, dict[str, Any]]]] = {
        Situation.WAITING_FOR_CLIENT: [("information_requested", {"note": QUESTION})],
        Situation.EXTENDED: [("term_extended", {"days": 14})],
        Situation.GRANTED: [("decided", {"outcome": "granted"})],
        Situation.REFUSED: [("decided", {"outcome": "refused", "note": note})],
        Situation.WITHDRAWN: [("withdrawn", {})],
        Situation.CARD_READY: [("decided", {"outcome": "granted"}), ("document_ready", {})],
        Situation.CARD_ISSUED: [("decided", {"outcome": "granted"}), ("issued", {})],
    }
    for kind, fields in steps.get(situation, []):
        record(kind, **fields)
    case.refresh_from_db()
    return case


def _reachable(product: str, situation: Situation) -> bool:
    """The sticker's term cannot be extended (its maximum is 0 days)."""
    return not (product == "ukraine-sticker" and situation == Situation.EXTENDED)


def _check_before_decision(text: str, where: str) -> None:
    lowered = text.lower()
    for phrase in FORBIDDEN_BEFORE_DECISION:
        assert phrase not in lowered, f"{where}: presumes the outcome: {phrase!r}"
    match = _PROMISE.search(text)
    assert match is None, f"{where}: promises the outcome: {match.group(0)!r}"


@pytest.mark.parametrize("product", PRODUCTS)
@pytest.mark.parametrize("situation", list(Situation))
def test_every_product_has_complete_texts_for_every_situation(
    product: str, situation: Situation
) -> None:
    """The catalogue's own text for this product (not only the default), in both languages;
    before a decision, neither it nor the stage texts the page shows presume the outcome."""
    product_type = ProductType.objects.get(code=product)
    text = situation_text(product=product_type, situation=situation)
    assert text is not None
    assert text.product_id == product_type.pk, f"{product} has no text of its own"
    fields = [
        f"{part}_{lang}"
        for part in ("where_now", "what_to_do", "what_next")
        for lang in ("nl", "en")
    ]
    for field in fields:
        assert getattr(text, field).strip(), f"{product}/{situation}: {field} is empty"
        lowered = getattr(text, field).lower()
        for phrase in FORBIDDEN_WITHOUT_LETTERS:
            assert phrase not in lowered, f"{product}/{situation}: {field} sends to a letter"
    if situation in BEFORE_DECISION:
        for field in fields:
            _check_before_decision(getattr(text, field), f"{product}/{situation}/{field}")
        for stage in product_type.stages.all():
            for field in (
                "explanation_nl",
                "explanation_en",
                "client_action_nl",
                "client_action_en",
            ):
                _check_before_decision(getattr(stage, field), f"{product}/{stage.code}/{field}")


def test_the_defaults_cover_every_situation_for_a_new_product() -> None:
    defaults = SituationText.objects.filter(product__isnull=True, stage="")
    assert sorted(defaults.values_list("situation", flat=True)) == sorted(Situation.values)
    for text in defaults.filter(situation__in=BEFORE_DECISION):
        for field in ("where_now", "what_to_do", "what_next"):
            for lang in ("nl", "en"):
                _check_before_decision(getattr(text, f"{field}_{lang}"), f"default/{text}")


@pytest.mark.parametrize("product", PRODUCTS)
def test_every_situation_of_every_product_reads_true_on_the_page(
    client: Client, amira: User, product: str
) -> None:
    """Walk every situation through the case services and read the page in both languages."""
    for situation in Situation:
        if not _reachable(product, situation):
            continue
        case = make_case(amira, product, situation, note=REASON)
        text = situation_text(product=case.product, situation=situation)
        assert text is not None
        for lang in ("nl", "en"):
            html, main = _page(client, amira, case, lang)
            where = f"{product}/{situation}/{lang}"
            now = _now_section(html)
            assert " ".join(getattr(text, f"where_now_{lang}").split()) in now, where
            assert " ".join(getattr(text, f"what_next_{lang}").split()) in now, where
            lowered = main.lower()
            for phrase in FORBIDDEN_WITHOUT_LETTERS:
                assert phrase not in lowered, f"{where}: sends to a letter Loket lacks"
            if situation in BEFORE_DECISION:
                _check_before_decision(now, where)
            if situation == Situation.WAITING_FOR_CLIENT:
                for phrase in NOTHING_TO_DO:
                    assert phrase not in now.lower(), f"{where}: says there is nothing to do"


# The pages of one situation, in detail.


def test_a_refusal_says_so_with_its_reason_and_the_deadline_to_object(
    client: Client, amira: User
) -> None:
    case = make_case(amira, "knowledge-migrant", Situation.REFUSED, note=REASON)
    decided_on = timezone.localdate(case.decided_at)
    last_day = remedy_deadline(decided_on, 4)
    html, main = _page(client, amira, case, "en")
    assert "utrecht-status-badge--danger" in html
    assert "utrecht-status-badge--safe" not in html
    assert "Status: Decision: refused" in main
    assert (
        "We have refused your application. This means you do not get the residence permit." in main
    )
    assert f"The main reason: {REASON}" in main
    assert "Do you want to know all the reasons? Please contact us." in main
    assert f"Object by {last_day:%A} {last_day.day} {last_day:%B %Y} at the latest." in main
    assert "You have 4 weeks. Your objection must reach us by then." in main
    assert "the term starts on the day after we sent you the decision" in main
    assert "0900-8020" in main
    assert "Vw 2000 art. 69" in main
    assert "Will not happen" in main  # the residence document
    assert "Still to come" not in main

    dutch = _page(client, amira, case, "nl")[1]
    assert "We hebben uw aanvraag afgewezen. U krijgt de verblijfsvergunning dus niet." in dutch
    assert f"De belangrijkste reden: {REASON}" in dutch
    assert "Maak uiterlijk op" in dutch
    assert "bezwaar" in dutch
    assert "U heeft 4 weken. Uw bezwaar moet dan bij ons binnen zijn." in dutch
    assert "Het Juridisch Loket geeft gratis advies. Bel 0900-8020." in dutch


def test_a_refusal_points_to_the_letter_only_when_there_is_one(client: Client, amira: User) -> None:
    case = make_case(amira, "study", Situation.REFUSED)
    main = _page(client, amira, case, "en")[1]
    assert "The main reason" not in main  # no note: no reason made up
    assert "the letter we sent you" not in main
    Letter.objects.create(
        case=case,
        title_nl="Besluit op uw aanvraag",
        title_en="Decision on your application",
        body_nl="…",
        body_en="…",
        sent_at=timezone.now(),
    )
    main = _page(client, amira, case, "en")[1]
    assert "You can read all the reasons in the letter we sent you." in main
    dutch = _page(client, amira, case, "nl")[1]
    assert "Alle redenen staan in de brief die wij u stuurden." in dutch


def test_an_asylum_refusal_gives_the_appeal_to_the_court_with_both_terms(
    client: Client, amira: User
) -> None:
    case = make_case(amira, "asylum", Situation.REFUSED)
    decided_on = timezone.localdate(case.decided_at)
    one, four = remedy_deadline(decided_on, 1), remedy_deadline(decided_on, 4)
    main = _page(client, amira, case, "en")[1]
    assert "For asylum you cannot object to us first. You go straight to the court." in main
    assert f"With a term of 1 week: the last day is {one:%A} {one.day} {one:%B %Y}." in main
    assert f"With a term of 4 weeks: the last day is {four:%A} {four.day} {four:%B %Y}." in main
    assert "Your lawyer knows which one counts for you." in main
    assert "Legal Aid Board (Raad voor Rechtsbijstand)" in main
    assert "VluchtelingenWerk" in main
    assert "Object by" not in main
    dutch = _page(client, amira, case, "nl")[1]
    assert "Bij asiel kunt u geen bezwaar maken bij ons." in dutch
    assert "Bij een termijn van 1 week: de laatste dag is" in dutch


def test_a_naturalisation_refusal_gives_six_weeks_to_object(client: Client, amira: User) -> None:
    case = make_case(amira, "naturalisation", Situation.REFUSED)
    last_day = remedy_deadline(timezone.localdate(case.decided_at), 6)
    main = _page(client, amira, case, "en")[1]
    assert f"Object by {last_day:%A} {last_day.day} {last_day:%B %Y} at the latest." in main
    assert "You have 6 weeks." in main
    assert "Awb art. 6:7" in main


def test_a_term_to_object_that_ended_is_told_in_the_past_tense(client: Client, amira: User) -> None:
    case = services.case_create(
        reference="KM-OLD-REFUSAL",
        product="knowledge-migrant",
        received_at=at(dt.date(2026, 1, 5)),
        source="staff",
        applicant=amira,
    )
    services.case_record_event(
        case=case, kind="decided", outcome="refused", at=at(dt.date(2026, 3, 3)), source="staff"
    )
    main = _page(client, amira, case, "en")[1]
    assert "The term to object ended on Tuesday 31 March 2026." in main
    assert "Object by" not in main


def test_a_late_case_says_so_in_the_past_tense_and_apologises(client: Client, amira: User) -> None:
    case = make_case(amira, "knowledge-migrant", Situation.OVERDUE)
    due = case.decision_due
    assert due is not None
    day = f"{due.day} {due:%B %Y}"
    html, main = _page(client, amira, case, "en")
    assert f"We should have decided by {day}. We did not. We are sorry." in main
    assert "We cannot yet say when we will decide." in main
    assert "That date has passed." in main
    assert "We decide on" not in main  # never the future tense for a past date
    assert "You will get a message" not in main
    assert "We will send you a message" not in main
    assert "notice of default (ingebrekestelling)" in main
    assert "penalty payment (dwangsom)" in main
    assert "appeal for not deciding in time" in main
    assert "Status: Decision is late" in main
    assert "utrecht-status-badge--danger" in html

    dutch = _page(client, amira, case, "nl")[1]
    assert "Wij hadden uiterlijk op" in dutch
    assert "moeten beslissen. Dat is niet gelukt. Het spijt ons." in dutch
    assert "Dit heet een ingebrekestelling." in dutch
    assert "Wij beslissen uiterlijk op" not in dutch


def test_a_late_case_gives_the_window_we_now_expect(
    client: Client, amira: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from loket.web.applicant import data

    case = make_case(amira, "family", Situation.OVERDUE)
    today = timezone.localdate()
    forecast = data.CaseForecast(
        expected_on=today + dt.timedelta(days=20),
        earliest_on=today + dt.timedelta(days=10),
        latest_on=today + dt.timedelta(days=40),
    )
    monkeypatch.setattr(data, "case_forecast", lambda actor, case, as_of: forecast)
    earliest, latest = forecast.earliest_on, forecast.latest_on
    main = _page(client, amira, case, "en")[1]
    assert (
        f"We now expect to decide between {earliest.day} {earliest:%B %Y} and "
        f"{latest.day} {latest:%B %Y}." in main
    )
    assert "We cannot yet say" not in main
    assert "We will probably not decide before the legal decision date" not in main


def test_a_late_asylum_case_says_the_penalty_payment_rules_differ(
    client: Client, amira: User
) -> None:
    case = make_case(amira, "asylum", Situation.OVERDUE)
    main = _page(client, amira, case, "en")[1]
    assert "For asylum we do not pay you a penalty payment (dwangsom) when we are late." in main
    assert "The court can order us to pay one." in main


def test_waiting_for_the_client_asks_for_the_information_without_contradiction(
    client: Client, amira: User
) -> None:
    case = make_case(amira, "naturalisation", Situation.WAITING_FOR_CLIENT)
    html, main = _page(client, amira, case, "en")
    now = _now_section(html)
    assert "We are waiting for information from you." in now
    assert "Send us the information we asked for." in now
    assert "Do you have a question about what we asked for? Please contact us." in now
    for phrase in NOTHING_TO_DO:
        assert phrase not in now.lower()
    assert "If you send us the information today, we decide on" in main
    assert "utrecht-status-badge--warning" in html

    dutch_html, _ = _page(client, amira, case, "nl")
    dutch = _now_section(dutch_html)
    assert "We wachten op informatie van u." in dutch
    assert "Stuur ons de informatie die we hebben gevraagd." in dutch
    for phrase in NOTHING_TO_DO:
        assert phrase not in dutch.lower()

    Letter.objects.create(
        case=case,
        title_nl="Wij missen informatie",
        title_en="We need information",
        body_nl="…",
        body_en="…",
        sent_at=timezone.now(),
    )
    now = _now_section(_page(client, amira, case, "en")[0])
    assert "The letter we sent you says what we need and by which date." in now


def test_a_withdrawn_application_is_not_told_as_a_decision(client: Client, amira: User) -> None:
    case = make_case(amira, "study", Situation.WITHDRAWN)
    main = _page(client, amira, case, "en")[1]
    assert "The application was withdrawn on" in main
    assert "We made a decision" not in main
    assert "Stopped here" in main
    assert "Will not happen" in main


def test_a_grant_and_a_ready_card_are_shown_as_such(client: Client, amira: User) -> None:
    granted = make_case(amira, "study", Situation.GRANTED)
    html, main = _page(client, amira, granted, "en")
    assert "utrecht-status-badge--safe" in html
    assert "Status: Decision: granted" in main
    assert "Good news: you get the residence permit." in main
    ready = make_case(amira, "study", Situation.CARD_READY)
    main = _page(client, amira, ready, "en")[1]
    assert "Your residence document is ready." in main
    assert "Book an appointment to collect the card at an IND desk or expat centre." in main


def test_the_decision_stage_no_longer_promises_the_permit(client: Client, amira: User) -> None:
    """Anna's case in the "decision" stage said "U krijgt de verblijfsvergunning" under
    "what happens next", and "Lees de brief goed" with no letter."""
    case = make_case(amira, "knowledge-migrant", Situation.OPEN, reference="KM-DECISION")
    services.case_record_event(
        case=case, kind="stage_entered", stage="decision", at=timezone.now(), source="staff"
    )
    for lang in ("nl", "en"):
        html, main = _page(client, amira, case, lang)
        now = _now_section(html)
        _check_before_decision(now, lang)
        assert "Lees de brief" not in main
        assert "Read the letter" not in main
    # What comes next is the decision, not the residence document (which only follows a
    # grant): the document stage is not shown as the next step before the decision.
    now = _now_section(_page(client, amira, case, "nl")[0])
    assert "Als we alles hebben bekeken, beslissen we." in now
    assert "Verblijfsdocument maken" not in now
    listed = " ".join(client.get("/en/cases/").content.decode().split())
    assert "Our decision on your application" in listed
    assert "Residence document" not in listed


def test_a_delay_message_is_mentioned_only_once_it_was_sent(
    client: Client, amira: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from loket.web.applicant import data

    case = make_case(amira, "study", Situation.OPEN)
    today = timezone.localdate()

    class Likely(data.CaseForecast):
        probability_late = 0.8

    forecast = Likely(
        expected_on=today + dt.timedelta(days=70),
        earliest_on=today + dt.timedelta(days=50),
        latest_on=today + dt.timedelta(days=90),
    )
    monkeypatch.setattr(data, "case_forecast", lambda actor, case, as_of: forecast)
    main = _page(client, amira, case, "en")[1]
    assert "We will probably not decide before the legal decision date. We are sorry." in main
    assert "message about this" not in main
    Message.objects.create(
        channel=Channel.PORTAL,
        kind=MessageKind.DELAY_NOTICE,
        status=MessageStatus.DELIVERED,
        recipient=amira,
        case=case,
        subject="Late",
        body="…",
        language="en",
        dedupe_key="delay:test",
        sent_at=timezone.now(),
    )
    main = _page(client, amira, case, "en")[1]
    assert "We sent you a message about this." in main
