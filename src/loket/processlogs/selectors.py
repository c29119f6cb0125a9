"""Reading imported process logs back, in the forecasting library's columnar form.

The reader of what ``loket import`` stores: ``loket forecast backtest --process-log NAME``
backtests a stored log without the original file, and the process insight planned for
management (lead times, bottlenecks) reads logs the same way (ADR 6).
"""

from __future__ import annotations

from loket.kernel.actors import Actor
from loket.lib.eventlogs.model import Event, EventLog, EventLogBuilder
from loket.processlogs.models import ProcessEvent, ProcessLog
from loket.processlogs.policies import process_logs_visible_to


def process_log_names(*, actor: Actor) -> list[str]:
    return list(process_logs_visible_to(actor).values_list("name", flat=True))


def process_log_event_log(*, actor: Actor, name: str) -> EventLog:
    """The stored log ``name`` as an ``EventLog`` (labels as the file readers make them:
    activity, plus the lifecycle unless it is 'complete'). ``ProcessLog.DoesNotExist`` when
    there is none the actor may read."""
    log = process_logs_visible_to(actor).get(name=name)
    builder = EventLogBuilder()
    rows = (
        ProcessEvent.objects.filter(log=log)
        .order_by("case_id", "position")
        .values_list("case_id", "activity", "lifecycle", "timestamp", "resource")
        .iterator(chunk_size=20_000)
    )
    for case_id, activity, lifecycle, timestamp, resource in rows:
        label = Event(activity=activity, timestamp=timestamp, lifecycle=lifecycle or None).label
        builder.add_event(case_id, label, timestamp.timestamp(), resource or None)
    return builder.build()


__all__ = ["ProcessLog", "process_log_event_log", "process_log_names"]
