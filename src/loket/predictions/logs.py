"""Loket's own case log in the engine's columnar form.

The engine predicts "time from this event to the case's last event". For Loket the end that
matters is the decision, so a decided case is cut right after its ``decided`` event (what
follows — document ready, issued — is not waited for by the decision). Product and track go
into the label of the first event, so one general model serves every product.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from loket.cases.models import CaseEvent, EventKind
from loket.eventlog.model import EventLog, EventLogBuilder


def event_label(kind: str, stage: str, *, product: str, track: str) -> str:
    if kind == EventKind.RECEIVED:
        return f"received:{product}:{track}"
    if kind == EventKind.STAGE_ENTERED:
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


def load_service_log(*, now: dt.datetime) -> ServiceLog:
    """Read every case event up to ``now`` once, in case order."""
    decided = EventLogBuilder()
    open_ = EventLogBuilder()
    open_pks: list[int] = []
    outcomes: dict[str, str] = {}
    rows = (
        CaseEvent.objects.filter(at__lte=now)
        .order_by("case_id", "sequence")
        .values_list(
            "case_id",
            "case__reference",
            "case__product__code",
            "case__track",
            "kind",
            "stage",
            "at",
            "outcome",
        )
        .iterator(chunk_size=20_000)
    )
    current: int | None = None
    events: list[tuple[str, float]] = []
    reference = ""
    finished = False

    def flush() -> None:
        if current is None or not events:
            return
        if finished:
            if reference in outcomes:
                builder = decided
            else:
                return  # withdrawn: it never got a decision to wait for
        else:
            builder = open_
            open_pks.append(current)
        builder.add_case(reference)
        for label, ts in events:
            builder.add_event(reference, label, ts)

    for case_pk, ref, product, track, kind, stage, at, outcome in rows:
        if case_pk != current:
            flush()
            current, reference, events, finished = case_pk, ref, [], False
        if finished:
            continue
        events.append((event_label(kind, stage, product=product, track=track), at.timestamp()))
        if kind == EventKind.DECIDED:
            outcomes[ref] = outcome
            finished = True
        elif kind == EventKind.WITHDRAWN:
            finished = True
    flush()
    return ServiceLog(
        decided=decided.build(),
        open=open_.build(),
        open_case_pks=open_pks,
        decided_outcomes=outcomes,
    )
