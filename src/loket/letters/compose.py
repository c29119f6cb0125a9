"""Writing a letter's text from its template, in one language.

Each letter kind has one template per language: ``letters/<language>/<kind>.txt``. The
first line is the title, the rest the body, in the small plain-text format of
``loket.letters.text`` (paragraphs, ``- `` list items, ``## `` headings). A template holds
the whole letter in its language rather than gettext fragments: a translator reads and
rewrites a letter as a whole (B1 sentences do not translate fragment by fragment, and word
order differs), and sees every fact it can use in the template itself.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation

from loket.cases.domain.vocabulary import LetterKind
from loket.catalogue.models import SituationText
from loket.letters.facts import Facts

LANGUAGES = ("nl", "en")

_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class Draft:
    """Everything one letter says, in no language yet."""

    kind: LetterKind
    reference: str
    product_name_nl: str
    product_name_en: str
    recipient_name: str
    handler_name: str
    handler_email: str
    team: str
    channel: str
    sent_on: dt.date
    facts: Facts = field(default_factory=dict)
    # The catalogue's text for the product in the situation the letter starts (granted,
    # document ready): what the person does next is product data, kept in one place.
    product_text: SituationText | None = None


def template_name(kind: LetterKind | str, language: str) -> str:
    return f"letters/{language}/{kind}.txt"


def context(draft: Draft, language: str) -> dict[str, object]:
    english = language == "en"
    text = draft.product_text
    return {
        **draft.facts,
        "kind": str(draft.kind),
        "reference": draft.reference,
        "product_name": draft.product_name_en if english else draft.product_name_nl,
        "recipient_name": draft.recipient_name,
        "handler_name": draft.handler_name,
        "handler_email": draft.handler_email,
        "team": draft.team,
        "channel": draft.channel,
        "sent_on": draft.sent_on,
        "product_where_now": (text.where_now_en if english else text.where_now_nl) if text else "",
        "product_what_to_do": (
            (text.what_to_do_en if english else text.what_to_do_nl) if text else ""
        ),
        "product_what_next": (text.what_next_en if english else text.what_next_nl) if text else "",
    }


def compose(draft: Draft, language: str) -> tuple[str, str]:
    """The title and body of ``draft`` in ``language`` ("nl" or "en")."""
    if language not in LANGUAGES:
        raise ValueError(f"Letters are written in {' or '.join(LANGUAGES)}, not {language!r}.")
    with translation.override(language):
        text = render_to_string(template_name(draft.kind, language), context(draft, language))
    return split_title(text)


def split_title(text: str) -> tuple[str, str]:
    """A rendered template's title (its first line) and body, tidied: lines stripped, at most
    one blank line between paragraphs (template tags leave empty lines behind)."""
    lines = [line.strip() for line in text.strip().splitlines()]
    title, body = lines[0], "\n".join(lines[1:])
    return title, _BLANK_RUNS.sub("\n\n", body).strip()
