"""Reads for the doors: a letter's language, text blocks and file name."""

from __future__ import annotations

from django.utils.text import slugify

from loket.cases.models import Letter
from loket.kernel.time import local_date
from loket.letters.compose import LANGUAGES
from loket.letters.text import Block, blocks


def letter_language(letter: Letter, wanted: str | None) -> str:
    """The language to show ``letter`` in: ``wanted`` ("nl"/"en", e.g. the page's) when the
    letter has it, else the language it was sent in."""
    code = (wanted or "")[:2]
    if code in LANGUAGES and letter.title_in(code):
        return code
    return letter.language if letter.language in LANGUAGES else LANGUAGES[0]


def letter_blocks(letter: Letter, language: str) -> list[Block]:
    return blocks(letter.body_in(language))


def letter_filename(letter: Letter, language: str) -> str:
    """``<reference>-<date>-<kind>.pdf``; a copy in another language than the one the letter
    was sent in gets the language before ``.pdf`` (``…-decision_refusal-en.pdf``)."""
    sent = local_date(letter.sent_at).isoformat()
    what = letter.kind or slugify(letter.title_in(language))[:40] or "letter"
    suffix = "" if language == letter.language else f"-{language}"
    return f"{slugify(letter.case.reference)}-{sent}-{what}{suffix}.pdf"
