"""System check: can this machine make letters into PDF (WeasyPrint and Pango)?"""

from __future__ import annotations

from typing import Any

from django.core import checks

from loket.letters.pdf import pdf_problem


@checks.register()
def pdf_library_loads(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problem = pdf_problem()
    if problem is None:
        return []
    return [
        checks.Warning(
            "Letters cannot be downloaded as PDF on this machine.", hint=problem, id="letters.W001"
        )
    ]
