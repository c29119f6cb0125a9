"""A stored letter as a tagged, accessible PDF (PDF/UA-1), made with WeasyPrint.

The PDF is made on download from the stored letter, not stored itself: the letter's text,
date and contact snapshot are the record and never change; the PDF is a deterministic
rendering of them (same letter, same bytes: no clock, no random id goes in), so it needs
no storage and a bulk import writes no PDFs. The document's language is the letter's, its
title the letter's title, shown as the window title (PDF/UA).

WeasyPrint needs the Pango library (Debian: ``libpango-1.0-0``, ``libpangoft2-1.0-0``).
Without it, ``letter_pdf`` raises ``PdfUnavailableError`` with what to install, and the system
check ``letters.W001`` says so when Loket starts.
"""

from __future__ import annotations

import ctypes.util
import importlib
import importlib.util
import os
from types import ModuleType
from typing import Final

from django.template.loader import render_to_string
from django.utils import translation

from loket.cases.models import Letter
from loket.kernel.time import local_date
from loket.letters.compose import LANGUAGES
from loket.letters.text import blocks

PDF_VARIANT: Final = "pdf/ua-1"

INSTALL_HINT: Final = (
    "Letters as PDF need WeasyPrint and the Pango library it uses. Install the project's "
    "dependencies (uv sync) and Pango (Debian: apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0)."
)


_PANGO: Final = ("pango-1.0", "pangoft2-1.0")

# Where WeasyPrint subsets a font with fontTools, the subset's 'head' table gets the current
# time as its modified date, so two renderings a second apart differ. fontTools takes that time
# from SOURCE_DATE_EPOCH (the reproducible-builds convention) when it is set; pinning it keeps
# "same letter, same bytes". setdefault: an operator's own value wins.
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")


class PdfUnavailableError(RuntimeError):
    """WeasyPrint or the Pango library it needs cannot be loaded on this machine."""


def pdf_problem() -> str | None:
    """Why this machine cannot make PDFs, found without importing WeasyPrint (which takes
    seconds: it loads its fonts code); None when WeasyPrint and Pango are there."""
    if importlib.util.find_spec("weasyprint") is None:
        return f"{INSTALL_HINT} (WeasyPrint is not installed)"
    missing = [name for name in _PANGO if not _library_found(name)]
    if missing:
        return f"{INSTALL_HINT} (not found: {', '.join(missing)})"
    return None


def weasyprint() -> ModuleType:
    """WeasyPrint, imported on first use (it loads Pango through cffi when imported)."""
    try:
        return _load_weasyprint()
    except (ImportError, OSError) as error:  # OSError: cffi could not load libpango
        raise PdfUnavailableError(f"{INSTALL_HINT} ({error})") from error


def _load_weasyprint() -> ModuleType:
    return importlib.import_module("weasyprint")


def _library_found(name: str) -> bool:
    return ctypes.util.find_library(name) is not None


def letter_html(letter: Letter, language: str) -> str:
    """The letter in ``language`` as the HTML the PDF is made from."""
    if language not in LANGUAGES:
        raise ValueError(f"Letters are written in {' or '.join(LANGUAGES)}, not {language!r}.")
    title = letter.title_in(language)
    context = {
        "language": language,
        "title": title,
        "blocks": blocks(letter.body_in(language)),
        "reference": letter.case.reference,
        "sent_on": local_date(letter.sent_at),
        "recipient_name": letter.recipient_name,
        "handler_name": letter.handler_name,
        "handler_email": letter.handler_email,
        "team": letter.team,
    }
    with translation.override(language):
        return render_to_string(f"letters/{language}/letter.html", context)


def letter_pdf(letter: Letter, language: str) -> bytes:
    """The letter in ``language`` as a tagged PDF/UA-1 document."""
    html = letter_html(letter, language)
    document = weasyprint().HTML(string=html)
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf
