"""Reading Loket's own case log from the database into the library's ``ServiceLog``."""

from __future__ import annotations

import datetime as dt

from loket.cases.models import CaseEvent, EventKind
from loket.lib.eventlogs.model import EventLogBuilder
from loket.lib.forecasting.servicelog import ServiceLog, event_label


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
