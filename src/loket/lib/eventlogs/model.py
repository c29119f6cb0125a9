"""Events, traces and the columnar :class:`EventLog` used for modelling.

The columnar form keeps one numpy array per event attribute (activity code, timestamp in
seconds, resource code) plus case offsets, because feature building over millions of events
must be vectorised: a list of Python objects per event costs ~10x the memory and time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
CodeArray = npt.NDArray[np.int32]


@dataclass(slots=True)
class Event:
    """One event as read from a file; ``timestamp`` is always timezone-aware."""

    activity: str
    timestamp: datetime
    lifecycle: str | None = None
    resource: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    line: int | None = None  # where the file has it, for messages about it

    @property
    def label(self) -> str:
        """Activity label for modelling: the name, plus the lifecycle unless it is 'complete'.

        Logs such as BPIC 2012 record schedule/start/complete of the same activity; they
        mean different things for the remaining time, so they get different codes.
        """
        if self.lifecycle is None or self.lifecycle.lower() == "complete":
            return self.activity
        return f"{self.activity}+{self.lifecycle.lower()}"


@dataclass(slots=True)
class Trace:
    """One case: its id, its events in file order and its other trace attributes."""

    case_id: str
    events: list[Event]
    attributes: dict[str, Any] = field(default_factory=dict)
    line: int | None = None  # where the file starts it, for messages about it


@dataclass(frozen=True, eq=False)
class EventLog:
    """Columnar event log; events of case ``i`` are ``offsets[i]:offsets[i+1]``, in time order.

    ``timestamp`` is seconds since the Unix epoch (UTC), ``activity`` and ``resource`` are
    codes into ``activities``/``resources`` (``resource`` is -1 when unknown).
    """

    case_ids: list[str]
    offsets: IntArray
    activity: CodeArray
    timestamp: FloatArray
    resource: CodeArray
    activities: list[str]
    resources: list[str]

    @property
    def n_cases(self) -> int:
        return len(self.case_ids)

    @property
    def n_events(self) -> int:
        return int(self.activity.shape[0])

    @property
    def lengths(self) -> IntArray:
        return np.diff(self.offsets)

    @property
    def case_start(self) -> FloatArray:
        """Timestamp of each case's first event (NaN for an empty case)."""
        return _edge(self, first=True)

    @property
    def case_end(self) -> FloatArray:
        """Timestamp of each case's last event (NaN for an empty case)."""
        return _edge(self, first=False)

    def subset(self, cases: Sequence[int] | IntArray) -> EventLog:
        """A new log with only the given cases (in the given order); vocabularies are kept."""
        idx = np.asarray(cases, dtype=np.int64)
        lengths = self.lengths[idx]
        offsets = np.zeros(len(idx) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        starts = self.offsets[idx]
        # Event positions: for each chosen case, its start plus 0..len-1.
        pos = np.repeat(starts - offsets[:-1], lengths) + np.arange(offsets[-1], dtype=np.int64)
        return EventLog(
            case_ids=[self.case_ids[i] for i in idx.tolist()],
            offsets=offsets,
            activity=self.activity[pos],
            timestamp=self.timestamp[pos],
            resource=self.resource[pos],
            activities=self.activities,
            resources=self.resources,
        )

    def truncate(self, lengths: Sequence[int] | IntArray) -> EventLog:
        """The same cases cut to their first ``lengths[i]`` events (prefixes of open cases)."""
        keep = np.minimum(np.asarray(lengths, dtype=np.int64), self.lengths)
        offsets = np.zeros(self.n_cases + 1, dtype=np.int64)
        np.cumsum(keep, out=offsets[1:])
        pos = np.repeat(self.offsets[:-1] - offsets[:-1], keep) + np.arange(
            offsets[-1], dtype=np.int64
        )
        return EventLog(
            case_ids=list(self.case_ids),
            offsets=offsets,
            activity=self.activity[pos],
            timestamp=self.timestamp[pos],
            resource=self.resource[pos],
            activities=self.activities,
            resources=self.resources,
        )

    def traces(self) -> Iterable[tuple[str, list[tuple[str, float, str | None]]]]:
        """Iterate ``(case_id, [(activity label, timestamp seconds, resource), ...])``."""
        for i, case_id in enumerate(self.case_ids):
            lo, hi = int(self.offsets[i]), int(self.offsets[i + 1])
            yield (
                case_id,
                [
                    (
                        self.activities[int(self.activity[j])],
                        float(self.timestamp[j]),
                        self.resources[int(self.resource[j])] if self.resource[j] >= 0 else None,
                    )
                    for j in range(lo, hi)
                ],
            )

    @classmethod
    def from_traces(cls, traces: Iterable[Trace]) -> EventLog:
        builder = EventLogBuilder()
        for trace in traces:
            builder.add_trace(trace)
        return builder.build()


def _edge(log: EventLog, *, first: bool) -> FloatArray:
    lengths = log.lengths
    out = np.full(log.n_cases, np.nan)
    nonempty = lengths > 0
    pos = log.offsets[:-1] if first else log.offsets[1:] - 1
    out[nonempty] = log.timestamp[pos[nonempty]]
    return out


class EventLogBuilder:
    """Accumulates events case by case into growable arrays, then freezes an EventLog.

    Events may arrive interleaved across cases (CSV exports usually are); ``build`` groups
    them by case (in order of first appearance) and sorts each case by time, stably.
    """

    def __init__(self) -> None:
        self._case_index: dict[str, int] = {}
        self._case_ids: list[str] = []
        self._act_index: dict[str, int] = {}
        self._res_index: dict[str, int] = {}
        self._case: list[int] = []
        self._act: list[int] = []
        self._res: list[int] = []
        self._ts: list[float] = []

    def _code(self, table: dict[str, int], value: str) -> int:
        code = table.get(value)
        if code is None:
            code = len(table)
            table[value] = code
        return code

    def add_case(self, case_id: str) -> int:
        """Register a case (so cases without events are kept) and return its index."""
        idx = self._case_index.get(case_id)
        if idx is None:
            idx = len(self._case_ids)
            self._case_index[case_id] = idx
            self._case_ids.append(case_id)
        return idx

    def add_event(
        self, case_id: str, label: str, timestamp: float, resource: str | None = None
    ) -> None:
        self._case.append(self.add_case(case_id))
        self._act.append(self._code(self._act_index, label))
        self._res.append(-1 if resource is None else self._code(self._res_index, resource))
        self._ts.append(timestamp)

    def add_trace(self, trace: Trace) -> None:
        self.add_case(trace.case_id)
        for ev in trace.events:
            self.add_event(trace.case_id, ev.label, ev.timestamp.timestamp(), ev.resource)

    def build(self) -> EventLog:
        case = np.asarray(self._case, dtype=np.int64)
        ts = np.asarray(self._ts, dtype=np.float64)
        order = np.lexsort((ts, case))  # by case, then time; lexsort is stable
        counts = np.bincount(case, minlength=len(self._case_ids)).astype(np.int64)
        offsets = np.zeros(len(self._case_ids) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        return EventLog(
            case_ids=list(self._case_ids),
            offsets=offsets,
            activity=np.asarray(self._act, dtype=np.int32)[order],
            timestamp=ts[order],
            resource=np.asarray(self._res, dtype=np.int32)[order],
            activities=list(self._act_index),
            resources=list(self._res_index),
        )
