"""The ``<ref:reference>`` path converter of every case page.

New references cannot hold a ``/`` (``loket.cases.references``), but a case stored before
that rule, or by a tool that bypassed it, still has to get a working link instead of a
server error on every list that shows it. ``<str:>`` cannot reverse such a reference, so
this converter escapes ``%`` and ``/`` itself (Django then quotes the ``%`` once more, and
the server unquotes it once before routing, which this converter undoes). A reference of
letters, digits and ``. _ - :`` is unchanged in the URL.
"""

from __future__ import annotations

import re

from django.urls import register_converter

_ESCAPED = re.compile("%(2[Ff]|25)")


class ReferenceConverter:
    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        # One pass, the exact inverse of ``to_url``; any other %XX stays as it came.
        reference = _ESCAPED.sub(lambda m: "%" if m.group(1) == "25" else "/", value)
        if "\x00" in reference:
            # No reference holds one, and PostgreSQL refuses it in a query: a 404, not a 500.
            raise ValueError("NUL in a reference")
        return reference

    def to_url(self, value: str) -> str:
        return value.replace("%", "%25").replace("/", "%2F")


register_converter(ReferenceConverter, "ref")
