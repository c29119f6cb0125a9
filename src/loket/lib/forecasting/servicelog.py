"""Loket's own case log in the engine's columnar form, as plain data.

The engine predicts "time from this event to the case's last event". For Loket the end that
matters is the decision, so a decided case is cut right after its ``decided`` event (what
follows — document ready, issued — is not waited for by the decision). Product and track go
into the label of the first event, so one general model serves every product.
"""

from __future__ import annotations

from dataclasses import dataclass

from loket.lib.eventlogs.model import EventLog

# The event kinds the labels name (the values of ``loket.cases`` ``EventKind``; the library
# keeps its own copy so it needs no Django app).
RECEIVED = "received"
STAGE_ENTERED = "stage_entered"


def event_label(kind: str, stage: str, *, product: str, track: str) -> str:
    if kind == RECEIVED:
        return f"received:{product}:{track}"
    if kind == STAGE_ENTERED:
        return f"stage:{product}:{stage}"
    return kind


def product_of_label(label: str) -> str:
    """The product code in a first event's label (``event_label``'s received:product:track)."""
    parts = label.split(":")
    return parts[1] if len(parts) >= 3 else label


@dataclass(frozen=True)
class ServiceLog:
    """The service's log split the way the engine needs it."""

    decided: EventLog  # cases that reached a decision, cut at the decision
    open: EventLog  # cases still waiting, with their events so far
    open_case_pks: list[int]  # case primary keys, in the order of ``open``
    decided_outcomes: dict[str, str]  # reference -> granted/refused
