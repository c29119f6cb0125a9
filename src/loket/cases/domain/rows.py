"""Plain data rows that cross module borders: importers and the simulator produce them,
``loket.cases.services`` turns them into cases and events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event in Loket's own event format (CSV header ``case,product,kind,at,days,outcome,stage``)."""

    case: str
    product: str
    kind: str
    at: dt.datetime  # timezone-aware
    days: int | None = None
    outcome: str = ""
    stage: str = ""
    line: int | None = None  # source line, for error messages


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What is known about a case besides its events (the simulator and back office give it)."""

    reference: str
    product: str
    track: str = "standard"
    team: str = ""
    channel: str = ""
    sponsor_name: str = ""
    handler_name: str = ""
    handler_email: str = ""
    applicant_username: str = ""
