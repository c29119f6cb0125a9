"""Case references: one rule, checked at every door (import, simulator, staff, ``case_create``).

A reference ends up in URLs (``/cases/<reference>/``), file names, CSV and XES exports and
spreadsheets, so it keeps to characters that are safe in all of them: letters and digits (of
any script), and inside the reference a space, ``.``, ``_``, ``-`` or ``:``. It starts with a
letter or a digit, which also keeps spreadsheet formulas (``=``, ``+``, ``-``, ``@``) out of
every export. Never ``/ \\ ? # %`` (they change what a URL means) nor control characters
(they break XML and terminals). Every real log in ``shared/data`` fits: its case ids are
letters, digits and ``-`` (``1-364285768``), as are Loket's own (``S2026-KM-000960``).

Process logs of other systems (``loket.processlogs``) use the same rule with their own
length limit.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from loket.cases.domain.errors import CaseRuleError
from loket.cases.models import Case

REFERENCE_MAX_LENGTH: Final[int] = Case._meta.get_field("reference").max_length or 64
INSIDE: Final = frozenset(" ._-:")
# Letters and decimal digits of any script; not marks, symbols, "other numbers" (such as
# superscript 2) nor format characters (zero-width space, right-to-left override).
_ALNUM: Final = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd"})
RULE: Final = "use letters and digits, and inside the reference a space, '.', '_', '-' or ':'"


def _shown(char: str) -> str:
    """A character as a person can read it in a message, invisible ones by their code."""
    if char.isprintable() and not char.isspace():
        return f"'{char}'"
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name.lower()})" if name else "")


def _is_alnum(char: str) -> bool:
    return unicodedata.category(char) in _ALNUM


def reference_problem(
    text: str, *, max_length: int = REFERENCE_MAX_LENGTH, what: str = "the case reference"
) -> str | None:
    """What is wrong with ``text`` as a reference, in one sentence; None when it is fine.

    ``max_length`` is the model field's (``Case.reference`` by default); ``what`` names the
    value in the message (a process log's "case id").
    """
    if not text:
        return f"{what} is empty."
    if len(text) > max_length:
        return f"{what} is {len(text):,} characters long; at most {max_length} are allowed."
    for position, char in enumerate(text, start=1):
        if _is_alnum(char) or (char in INSIDE and 1 < position < len(text)):
            continue
        if char in INSIDE:
            place = "start" if position == 1 else "end"
            return f"{what} {text!r} may not {place} with {_shown(char)}; {RULE}."
        return (
            f"{what} {text!r} contains {_shown(char)} (character {position}), which a "
            f"reference may not contain; {RULE}."
        )
    return None


def is_valid_reference(text: str, *, max_length: int = REFERENCE_MAX_LENGTH) -> bool:
    return reference_problem(text, max_length=max_length) is None


def require_valid_reference(text: str) -> None:
    """Raise ``CaseRuleError`` (a message, never a traceback at a door) for a bad reference."""
    problem = reference_problem(text)
    if problem is not None:
        raise CaseRuleError(problem[0].upper() + problem[1:])
