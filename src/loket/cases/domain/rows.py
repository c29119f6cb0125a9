"""Plain data rows that cross module borders: importers and the simulator produce them,
``loket.cases.services`` turns them into cases and events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from loket.cases.domain.vocabulary import EventKind, Outcome, Track


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event in Loket's own event format (CSV header ``case,product,kind,at,days,outcome,stage``)."""

    case: str
    product: str
    kind: EventKind
    at: dt.datetime  # timezone-aware
    days: int | None = None
    # None when the event has no outcome (only a decision has one). The database column is
    # blank=True and stores "" instead; rows convert where they meet CaseEvent (the importer,
    # the export command) and where CSV text is read or written (``csvformat``).
    outcome: Outcome | None = None
    stage: str = ""
    line: int | None = None  # source line, for error messages


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What is known about a case besides its events (the simulator and back office give it)."""

    reference: str
    product: str
    track: Track = Track.STANDARD
    team: str = ""
    channel: str = ""
    sponsor_name: str = ""
    handler_name: str = ""
    handler_email: str = ""
    applicant_username: str = ""
