"""Each event that calls for a letter makes exactly one, of the right kind, with the right
facts, in the person's language, when it is recorded (through ``CaseEventRecorded``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from loket.audit.purge import append_only_purge
from loket.cases import services
from loket.cases.domain.vocabulary import EventKind, EventSource, LetterKind, Outcome
from loket.cases.models import Case, Letter
from loket.cases.services import recorded
from loket.documents.selectors import open_request_for
from loket.letters.services import letters_write

from .conftest import at

if TYPE_CHECKING:
    from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db

Capture = DjangoCaptureOnCommitCallbacks


def _case(
    capture: Capture,
    applicant: User | None,
    *,
    product: str = "knowledge-migrant",
    reference: str = "KM-L-1",
    channel: str = "expat-centre",
) -> Case:
    with capture(execute=True):
        return services.case_create(
            reference=reference,
            product=product,
            received_at=at(2026, 2, 2),
            source=EventSource.STAFF,
            applicant=applicant,
            handler_name="Hanneke de Vries",
            handler_email="h.devries@loket.example",
            team="Arbeid Zwolle",
            channel=channel,
        )


def _record(capture: Capture, case: Case, kind: EventKind, day: dt.date, **kw: object) -> None:
    with capture(execute=True):
        services.case_record_event(
            case=case,
            kind=kind,
            at=at(day.year, day.month, day.day),
            source=EventSource.STAFF,
            **kw,  # type: ignore[arg-type]
        )


def _only(case: Case, kind: LetterKind) -> Letter:
    letters = list(case.letters.filter(kind=kind))
    assert len(letters) == 1, f"{len(letters)} letters of kind {kind}"
    return letters[0]


def test_receipt_confirmation_gives_the_legal_date_in_dutch_without_a_chosen_language(
    django_capture_on_commit_callbacks: Capture, amira: User
) -> None:
    case = _case(django_capture_on_commit_callbacks, amira)
    letter = _only(case, LetterKind.RECEIPT_CONFIRMATION)
    assert case.letters.count() == 1
    # Received Monday 2 Feb 2026 + 90 days = Monday 4 May 2026 (Case.decision_due).
    assert letter.facts["legal_date"] == "2026-05-04"
    assert case.decision_due == dt.date(2026, 5, 4)
    assert letter.language == "nl"
    assert letter.event_sequence == 1
    assert letter.sent_at == at(2026, 2, 2)
    assert (letter.handler_name, letter.team) == ("Hanneke de Vries", "Arbeid Zwolle")
    assert letter.handler_email == "h.devries@loket.example"
    assert letter.recipient_name == "Amira Haddad"
    assert letter.title_nl == "Wij hebben uw aanvraag ontvangen"
    assert "Wij beslissen uiterlijk op maandag 4 mei 2026." in letter.body_nl
    assert "We will decide on Monday 4 May 2026 at the latest." in letter.body_en
    assert "Beste Amira Haddad," in letter.body_nl
    assert "h.devries@loket.example" in letter.body_nl
    assert "KM-L-1" in letter.body_nl


def test_the_letter_is_in_the_language_the_person_chose(
    django_capture_on_commit_callbacks: Capture, john: User
) -> None:
    case = _case(django_capture_on_commit_callbacks, john)
    letter = _only(case, LetterKind.RECEIPT_CONFIRMATION)
    assert letter.language == "en"
    assert letter.title_en == "We have received your application"


def test_a_case_without_an_account_is_written_to_in_dutch(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    case = _case(django_capture_on_commit_callbacks, None)
    letter = _only(case, LetterKind.RECEIPT_CONFIRMATION)
    assert letter.language == "nl"
    assert letter.recipient_name == ""
    assert "Beste heer of mevrouw," in letter.body_nl


def test_information_request_lists_what_is_needed_and_the_reply_date(
    django_capture_on_commit_callbacks: Capture, amira: User
) -> None:
    capture = django_capture_on_commit_callbacks
    case = _case(capture, amira)
    needed = "- Een kopie van uw diploma\n- Uw arbeidscontract"
    _record(capture, case, EventKind.INFORMATION_REQUESTED, dt.date(2026, 3, 10), note=needed)
    letter = _only(case, LetterKind.INFORMATION_REQUEST)
    # 10 March + 21 days (the default reply term) = Tuesday 31 March 2026.
    assert letter.facts["reply_by"] == "2026-03-31"
    assert letter.facts["needed"] == needed
    assert "- Een kopie van uw diploma\n- Uw arbeidscontract" in letter.body_nl
    assert "uiterlijk op dinsdag 31 maart 2026" in letter.body_nl
    assert "on Tuesday 31 March 2026 at the latest" in letter.body_en
    # The same reply date as the documents app gives the case page and the answer page.
    case.refresh_from_db()
    request = open_request_for(case)
    assert request is not None
    assert request.reply_by.isoformat() == letter.facts["reply_by"]


def test_information_request_with_its_own_term_rolls_past_the_weekend(
    django_capture_on_commit_callbacks: Capture, amira: User
) -> None:
    capture = django_capture_on_commit_callbacks
    case = _case(capture, amira)
    # 10 March + 12 days = Sunday 22 March -> Monday 23 March.
    _record(capture, case, EventKind.INFORMATION_REQUESTED, dt.date(2026, 3, 10), days=12)
    letter = _only(case, LetterKind.INFORMATION_REQUEST)
    assert letter.facts["reply_by"] == "2026-03-23"
    assert letter.facts["default_term"] is False
    # No note: the letter says honestly that the contact person will say what is needed.
    assert "Uw contactpersoon laat u weten welke informatie wij nodig hebben." in letter.body_nl


def test_extension_gives_the_reason_and_the_new_legal_date(
    django_capture_on_commit_callbacks: Capture, amira: User
) -> None:
    capture = django_capture_on_commit_callbacks
    case = _case(capture, amira)
    _record(capture, case, EventKind.INFORMATION_REQUESTED, dt.date(2026, 3, 10))
    _record(capture, case, EventKind.INFORMATION_RECEIVED, dt.date(2026, 3, 20))
    reason = "Wij wachten op advies van een andere organisatie."
    _record(capture, case, EventKind.TERM_EXTENDED, dt.date(2026, 4, 20), days=14, note=reason)
    letter = _only(case, LetterKind.EXTENSION)
    # 4 May + 10 days suspended + 14 days extension = Wednesday 27 May 2026.
    assert letter.facts["legal_date"] == "2026-05-27"
    assert letter.facts["extension_days"] == 14
    assert letter.facts["reason"] == reason
    assert reason in letter.body_nl
    assert "Wij beslissen nu uiterlijk op woensdag 27 mei 2026." in letter.body_nl
    assert "extend the decision period by 14 days" in letter.body_en
    # The receipt letter kept the date it had when the case was received.
    assert _only(case, LetterKind.RECEIPT_CONFIRMATION).facts["legal_date"] == "2026-05-04"


def test_refusal_gives_the_reasons_and_the_objection_period(
    django_capture_on_commit_callbacks: Capture, amira: User
) -> None:
    capture = django_capture_on_commit_callbacks
    case = _case(capture, amira)
    reasons = "Uw salaris is lager dan het bedrag dat de wet vraagt."
    day = dt.date(2026, 4, 3)  # a Friday; + 4 weeks = Friday 1 May 2026
    _record(capture, case, EventKind.DECIDED, day, outcome=Outcome.REFUSED, note=reasons)
    letter = _only(case, LetterKind.DECISION_REFUSAL)
    assert not case.letters.filter(kind=LetterKind.DECISION_GRANT).exists()
    assert letter.facts["reasons"] == reasons
    assert letter.facts["remedy_kind"] == "objection"
    assert letter.facts["remedy_weeks"] == 4
    assert letter.facts["remedy_deadline"] == "2026-05-01"
    assert letter.title_nl == "Besluit: uw aanvraag is afgewezen"
    assert reasons in letter.body_nl
    assert "Uw bezwaar moet uiterlijk op vrijdag 1 mei 2026 bij ons zijn." in letter.body_nl
    assert "We must receive your objection on Friday 1 May 2026 at the latest." in letter.body_en
    assert "0900-8020" in letter.body_nl


def test_asylum_refusal_gives_the_appeal_to_court_with_both_terms(
    django_capture_on_commit_callbacks: Capture, amira: User
) -> None:
    capture = django_capture_on_commit_callbacks
    case = _case(capture, amira, product="asylum", reference="AS-L-1", channel="")
    # Wednesday 29 April 2026: + 1 week = 6 May; + 4 weeks = Wednesday 27 May.
    _record(capture, case, EventKind.DECIDED, dt.date(2026, 4, 29), outcome=Outcome.REFUSED)
    letter = _only(case, LetterKind.DECISION_REFUSAL)
    assert letter.facts["remedy_kind"] == "appeal"
    assert letter.facts["remedy_deadline"] == "2026-05-27"
    assert letter.facts["remedy_short_deadline"] == "2026-05-06"
    assert "in beroep gaan bij de rechtbank" in letter.body_nl
    assert "uiterlijk op woensdag 27 mei 2026 bij de rechtbank" in letter.body_nl
    assert "uiterlijk op woensdag 6 mei 2026 bij de rechtbank" in letter.body_nl
    # No reasons were written on the decision: the letter says so instead of inventing any.
    assert "De redenen staan niet in deze brief." in letter.body_nl


def test_naturalisation_refusal_gives_six_weeks(
    django_capture_on_commit_callbacks: Capture, amira: User
) -> None:
    capture = django_capture_on_commit_callbacks
    case = _case(capture, amira, product="naturalisation", reference="NA-L-1", channel="")
    _record(capture, case, EventKind.DECIDED, dt.date(2026, 4, 1), outcome=Outcome.REFUSED)
    letter = _only(case, LetterKind.DECISION_REFUSAL)
    # Wednesday 1 April 2026 + 6 weeks = Wednesday 13 May 2026.
    assert (letter.facts["remedy_weeks"], letter.facts["remedy_deadline"]) == (6, "2026-05-13")


def test_grant_and_card_ready_letters(
    django_capture_on_commit_callbacks: Capture, john: User
) -> None:
    capture = django_capture_on_commit_callbacks
    case = _case(capture, john)
    _record(capture, case, EventKind.DECIDED, dt.date(2026, 4, 1), outcome=Outcome.GRANTED)
    _record(capture, case, EventKind.DOCUMENT_READY, dt.date(2026, 4, 10))
    _record(capture, case, EventKind.ISSUED, dt.date(2026, 4, 20))
    grant = _only(case, LetterKind.DECISION_GRANT)
    assert grant.facts == {"decided_on": "2026-04-01"}
    assert grant.title_en == "Decision: your application is granted"
    card = _only(case, LetterKind.CARD_READY)
    assert card.language == "en"
    assert card.facts == {"ready_on": "2026-04-10"}
    assert "First make an appointment." in card.body_en
    assert "at the expat centre where you applied" in card.body_en
    assert "- Your passport or another proof of identity.\n- This letter." in card.body_en
    assert "bij het expatcentrum waar u uw aanvraag deed" in card.body_nl
    # received, decided, document ready: the issue itself makes no letter.
    assert case.letters.count() == 3


def test_events_without_a_letter_make_none(
    django_capture_on_commit_callbacks: Capture, amira: User
) -> None:
    capture = django_capture_on_commit_callbacks
    case = _case(capture, amira)
    _record(capture, case, EventKind.STAGE_ENTERED, dt.date(2026, 2, 5), stage="intake")
    _record(capture, case, EventKind.WITHDRAWN, dt.date(2026, 2, 9))
    assert list(case.letters.values_list("kind", flat=True)) == [LetterKind.RECEIPT_CONFIRMATION]


def test_a_replayed_batch_makes_no_second_letter(
    django_capture_on_commit_callbacks: Capture, amira: User
) -> None:
    capture = django_capture_on_commit_callbacks
    case = _case(capture, amira)
    _record(capture, case, EventKind.INFORMATION_REQUESTED, dt.date(2026, 3, 10))
    batch = [recorded(case, event) for event in case.events.order_by("sequence")]
    assert case.letters.count() == 2
    assert letters_write(events=batch) == 0
    assert letters_write(events=[*batch, *batch]) == 0
    assert case.letters.count() == 2


def test_a_lost_letter_is_written_when_the_batch_comes_again(
    django_capture_on_commit_callbacks: Capture, amira: User
) -> None:
    capture = django_capture_on_commit_callbacks
    case = _case(capture, amira)
    batch = [recorded(case, event) for event in case.events.order_by("sequence")]
    with append_only_purge():  # as if the batch's letters had never been written
        case.letters.all().delete()
    assert letters_write(events=batch) == 1
    assert letters_write(events=batch) == 0
