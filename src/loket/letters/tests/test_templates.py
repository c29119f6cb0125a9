"""Every letter template renders in Dutch and English, in every variant it has, with no
missing variable and nothing of the template language left in the text."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from django.template import Context, Engine
from django.utils import translation
from django.utils.formats import date_format

from loket.cases.domain.vocabulary import LetterKind
from loket.letters import compose
from loket.letters.compose import LANGUAGES, Draft, split_title, template_name
from loket.letters.facts import Facts
from loket.letters.templatetags.letter_dates import long_date, short_date
from loket.letters.text import blocks

TEMPLATES = Path(compose.__file__).parent / "templates"
MISSING = "!!MISSING:%s!!"


def _refusal(reasons: str, kind: str, weeks: int, short: int) -> Facts:
    return {
        "decided_on": dt.date(2026, 4, 1),
        "reasons": reasons,
        "remedy_kind": kind,
        "remedy_weeks": weeks,
        "remedy_deadline": dt.date(2026, 4, 29),
        "remedy_short_weeks": short,
        "remedy_short_deadline": dt.date(2026, 4, 8) if short else None,
        "remedy_source": "Vw 2000 art. 69",
    }


FACTS: dict[LetterKind, list[Facts]] = {
    LetterKind.RECEIPT_CONFIRMATION: [
        {
            "received_on": dt.date(2026, 2, 2),
            "legal_date": dt.date(2026, 5, 4),
            "term_months": 0,
            "term_days": 90,
            "max_extension_days": 90,
        },
        {
            "received_on": dt.date(2026, 2, 2),
            "legal_date": None,
            "term_months": 12,
            "term_days": 0,
            "max_extension_days": 0,
        },
    ],
    LetterKind.INFORMATION_REQUEST: [
        {
            "asked_on": dt.date(2026, 3, 10),
            "needed": needed,
            "reply_days": 21,
            "reply_by": dt.date(2026, 3, 31),
            "default_term": True,
        }
        for needed in ("- Een kopie van uw diploma", "")
    ],
    LetterKind.EXTENSION: [
        {
            "extended_on": dt.date(2026, 4, 20),
            "extension_days": days,
            "reason": reason,
            "legal_date": legal_date,
            "while_waiting": waiting,
        }
        for days, reason, legal_date, waiting in [
            (14, "Advies nodig.", dt.date(2026, 5, 27), False),
            (1, "", dt.date(2026, 5, 27), True),
            (30, "", None, False),
        ]
    ],
    LetterKind.DECISION_GRANT: [{"decided_on": dt.date(2026, 4, 1)}],
    LetterKind.DECISION_REFUSAL: [
        *(
            _refusal(reasons, kind, weeks, short)
            for reasons, (kind, weeks, short) in itertools.product(
                ("Uw inkomen is te laag.", ""),
                [("objection", 4, 0), ("objection", 6, 0), ("appeal", 4, 1), ("appeal", 1, 0)],
            )
        ),
        {"decided_on": dt.date(2026, 4, 1), "reasons": "", "remedy_kind": ""},
    ],
    LetterKind.CARD_READY: [{"ready_on": dt.date(2026, 4, 10)}],
}
CHANNELS: dict[LetterKind, tuple[str, ...]] = {
    LetterKind.CARD_READY: (
        "expat-centre",
        "desk",
        "application-centre",
        "municipality",
        "",
        "post",
    )
}
PEOPLE = [
    ("Amira Haddad", "Hanneke de Vries", "h.devries@loket.example", "Arbeid Zwolle"),
    ("", "", "", ""),
]


def _engine() -> Engine:
    return Engine(
        dirs=[str(TEMPLATES)],
        string_if_invalid=MISSING,
        libraries={"letter_dates": "loket.letters.templatetags.letter_dates"},
    )


def _drafts() -> list[Draft]:
    drafts = []
    for kind, variants in FACTS.items():
        for facts, (recipient, handler, email, team), channel in itertools.product(
            variants, PEOPLE, CHANNELS.get(kind, ("online",))
        ):
            drafts.append(
                Draft(
                    kind=kind,
                    reference="S2026-KM-000960",
                    product_name_nl="Kennismigrant",
                    product_name_en="Highly skilled migrant",
                    recipient_name=recipient,
                    handler_name=handler,
                    handler_email=email,
                    team=team,
                    channel=channel,
                    sent_on=dt.date(2026, 4, 1),
                    facts=facts,
                )
            )
    return drafts


def test_every_kind_has_facts_to_test_it_with() -> None:
    assert set(FACTS) == set(LetterKind)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_renders_with_no_missing_variable(language: str) -> None:
    engine = _engine()
    for draft in _drafts():
        template = engine.get_template(template_name(draft.kind, language))
        with translation.override(language):
            text = template.render(Context(compose.context(draft, language)))
        title, body = split_title(text)
        where = f"{draft.kind} ({language}) {draft.facts} {draft.recipient_name!r}"
        assert "!!MISSING" not in text, where
        for syntax in ("{{", "{%", "{#"):
            assert syntax not in text, where
        assert title, where
        assert len(title) <= 200, where
        assert draft.reference in body, where
        # Every letter has at least one heading and ends with the sender.
        assert any(block.kind == "heading" for block in blocks(body)), where
        assert body.rstrip().endswith("Loket"), where
        assert "None" not in body, where


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_are_written_in_the_language_of_the_letter(language: str) -> None:
    draft = next(d for d in _drafts() if d.kind == LetterKind.RECEIPT_CONFIRMATION)
    _, body = compose.compose(draft, language)
    expected = "maandag 4 mei 2026" if language == "nl" else "Monday 4 May 2026"
    assert expected in body


STATED = ("received_on", "legal_date", "reply_by", "decided_on", "remedy_deadline")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_letter_states_its_dates(language: str) -> None:
    """The dates a letter is about are in its text, written in its language (the day it was
    asked, extended or made ready is the letter's own date, in its heading)."""
    for draft in _drafts():
        _, body = compose.compose(draft, language)
        for name in (*STATED, "remedy_short_deadline"):
            value = draft.facts.get(name)
            if isinstance(value, dt.date) and draft.facts.get("remedy_kind", "x"):
                with translation.override(language):
                    written = date_format(value, "j F Y")
                assert written in body, f"{draft.kind} {name} ({language})"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="nl or en"):
        compose.compose(_drafts()[0], "de")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_letters_date_filters_write_what_django_writes(language: str) -> None:
    day = dt.date(2026, 1, 1)
    with translation.override(language):
        for offset in range(0, 370, 3):
            value = day + dt.timedelta(days=offset)
            assert short_date(value) == date_format(value, "j F Y")
            assert long_date(value) == date_format(value, "l j F Y")
    assert short_date(None) == ""
    assert long_date(None) == ""
