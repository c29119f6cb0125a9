"""Event logs: streaming XES/CSV reading, a columnar in-memory form, and XES writing.

Pure Python (no Django), so the forecasting engine, importers and tests can share one
representation. Readers stream, so a log far larger than memory can be converted into the
compact :class:`EventLog` (a few numpy arrays) without building an element tree.
"""

from loket.lib.eventlogs.csvlog import CsvMapping, iter_csv_events, read_csv
from loket.lib.eventlogs.errors import EventLogError
from loket.lib.eventlogs.model import Event, EventLog, EventLogBuilder, Trace
from loket.lib.eventlogs.xes import iter_xes, read_log, read_xes, write_xes

__all__ = [
    "CsvMapping",
    "Event",
    "EventLog",
    "EventLogBuilder",
    "EventLogError",
    "Trace",
    "iter_csv_events",
    "iter_xes",
    "read_csv",
    "read_log",
    "read_xes",
    "write_xes",
]
