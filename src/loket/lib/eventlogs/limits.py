"""Limits every reader and importer applies, so odd values end in a message, not an overflow.

A date in year 1 or 9999 parses, but moving it to UTC or adding a term to it overflows
Python's ``datetime``; no real event log or case has such dates, so they are refused with
the line named. XML 1.0 cannot carry most control characters (and PostgreSQL no NUL), so
text that holds one is refused at import and replaced at export.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final

EARLIEST_YEAR: Final = 1900
LATEST_YEAR: Final = 2199  # inclusive

# What XML 1.0 does not allow (the C0 controls but tab, LF and CR; surrogates; U+FFFE/F).
_XML_INVALID: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT: Final = "\ufffd"


def timestamp_problem(ts: datetime) -> str | None:
    """Why ``ts`` is no plausible event time (outside 1900-2199); None when it is."""
    if EARLIEST_YEAR <= ts.year <= LATEST_YEAR:
        return None
    return (
        f"the date {ts.isoformat()} is outside the years {EARLIEST_YEAR}-{LATEST_YEAR} "
        "that an event can have"
    )


def xml_invalid_character(text: str) -> str | None:
    """The first character of ``text`` that XML cannot carry, as ``U+0000``; None if none."""
    match = _XML_INVALID.search(text)
    return None if match is None else f"U+{ord(match.group()):04X}"


def xml_safe(text: str) -> str:
    """``text`` with every character XML cannot carry replaced by U+FFFD."""
    return _XML_INVALID.sub(REPLACEMENT, text)
