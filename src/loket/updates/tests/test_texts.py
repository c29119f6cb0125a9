"""Every update kind has its words in Dutch and English: what happened, what to do, the link."""

from __future__ import annotations

import datetime as dt

import pytest

from loket.cases.models import Case
from loket.catalogue.models import ProductType
from loket.notifications.models import MessageKind
from loket.updates.models import UPDATE_KINDS
from loket.updates.texts import Update, compose

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
FACTS: dict[MessageKind, dict[str, str]] = {
    MessageKind.APPLICATION_RECEIVED: {"received_on": "2026-12-03", "due": "2027-03-03"},
    MessageKind.INFORMATION_REQUESTED: {"asked": "Een kopie.", "reply_by": "2026-12-24"},
    MessageKind.REPLY_REMINDER: {
        "asked": "Een kopie.",
        "asked_on": "2026-11-16",
        "reply_by": "2026-12-07",
    },
    MessageKind.TERM_EXTENDED: {"due": "2027-04-02", "waiting": "yes"},
    MessageKind.DECISION_MADE: {"outcome": "granted"},
    MessageKind.DOCUMENT_READY: {},
    MessageKind.LEGAL_DATE_PASSED: {
        "due": "2026-11-02",
        "earliest": "2026-12-07",
        "latest": "2027-01-01",
    },
}


@pytest.fixture
def case() -> Case:
    return Case(
        reference="KM-2026-0042",
        product=ProductType.objects.get(code="knowledge-migrant"),
        handler_name="Hanneke de Vries",
        received_at=AT,
    )


@pytest.mark.parametrize("kind", UPDATE_KINDS)
def test_every_kind_is_written_in_both_languages(case: Case, kind: MessageKind) -> None:
    update = Update(key="k", kind=kind, at=AT, facts=FACTS[kind])
    nl_subject, nl_body, nl_kind = compose(case, [update], language="nl")
    en_subject, en_body, en_kind = compose(case, [update], language="en")
    assert nl_kind == en_kind == kind
    assert nl_subject.startswith("KM-2026-0042: ")
    assert en_subject.startswith("KM-2026-0042: ")
    assert nl_subject != en_subject
    assert nl_body.startswith("Beste aanvrager,\n\n")
    assert en_body.startswith("Dear applicant,\n\n")
    assert "Wat moet u doen?" in nl_body
    assert "What do you need to do?" in en_body
    assert nl_body.endswith("http://127.0.0.1:8000/cases/KM-2026-0042/\n")
    assert en_body.endswith("http://127.0.0.1:8000/en/cases/KM-2026-0042/\n")
    # No English sentence left in the Dutch text (the facts themselves aside).
    english_lines = set(en_body.splitlines()) - {"", "Een kopie."}
    assert not english_lines & set(nl_body.splitlines())


def test_several_updates_tell_all_that_happened_and_what_to_do_after_the_latest_news(
    case: Case,
) -> None:
    updates = [
        Update("b", MessageKind.DECISION_MADE, AT + dt.timedelta(hours=1), {"outcome": "refused"}),
        Update("a", MessageKind.TERM_EXTENDED, AT, {"due": "2027-04-02"}),
    ]
    subject, body, kind = compose(case, updates, language="en")
    assert kind == MessageKind.CASE_UPDATES
    assert subject == "KM-2026-0042: news about your application"
    assert body.index("We need more time") < body.index("We have refused your application")
    assert "objection or appeal" in body  # the decision's advice, not the extension's
    assert "explains the new date" not in body


def test_a_granted_decision_presumes_nothing_else_and_a_refusal_says_so_plainly(
    case: Case,
) -> None:
    granted = Update("g", MessageKind.DECISION_MADE, AT, {"outcome": "granted"})
    refused = Update("r", MessageKind.DECISION_MADE, AT, {"outcome": "refused"})
    _, body, _ = compose(case, [granted], language="nl")
    assert "Uw aanvraag is toegewezen." in body
    assert "afgewezen" not in body
    _, body, _ = compose(case, [refused], language="nl")
    assert "Wij hebben uw aanvraag afgewezen." in body
    assert "toegewezen" not in body
    assert "Het Juridisch Loket" in body
