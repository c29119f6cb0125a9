"""Dates in letters, written out in the letter's language: ``{{ day|short_date }}`` gives
"4 mei 2026" / "4 May 2026", ``{{ day|long_date }}`` "maandag 4 mei 2026" / "Monday 4 May 2026".

The same words as Django's ``date`` filter with "j F Y" and "l j F Y", from Django's own
translations of the month and day names, at a fraction of its cost (a bulk import writes
thousands of letters).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django import template
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import get_language, override

register = template.Library()


@lru_cache(maxsize=8)
def _names(language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    with override(language):
        months = tuple(str(MONTHS[number]) for number in range(1, 13))
        weekdays = tuple(str(WEEKDAYS[number]) for number in range(7))
    return months, weekdays


@register.filter
def short_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    months, _ = _names(get_language() or "nl")
    return f"{value.day} {months[value.month - 1]} {value.year}"


@register.filter
def long_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    months, weekdays = _names(get_language() or "nl")
    return f"{weekdays[value.weekday()]} {value.day} {months[value.month - 1]} {value.year}"
