"""Streaming XES (IEEE 1849) reading and writing with lxml.

Reading uses ``iterparse`` and clears every finished trace (and its already-processed
siblings), so memory stays bounded by one trace plus the columnar output, whatever the file
size. ``.xes.gz`` is decompressed on the fly.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, cast

from lxml import etree

from loket.lib.eventlogs.errors import EventLogError
from loket.lib.eventlogs.limits import timestamp_problem, xml_safe
from loket.lib.eventlogs.model import Event, EventLog, EventLogBuilder, Trace
from loket.lib.eventlogs.textfile import (
    DAMAGED,
    LineCountingReader,
    damaged,
    is_gzip_name,
    open_binary,
)

_TYPED = {"string", "date", "int", "float", "boolean", "id"}
_CONTAINERS = {"list", "container"}


def _local(tag: object) -> str:
    """Tag name without namespace (XES files exist with and without the xes namespace)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def parse_timestamp(value: str) -> datetime:
    """ISO 8601 / xs:dateTime to an aware datetime; naive values are taken as UTC."""
    text = value.strip()
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        from dateutil import parser as du_parser  # slow path for odd but valid forms

        dt = du_parser.isoparse(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt


def _value(kind: str, raw: str | None, elem: Any, path: str | None) -> Any:
    if raw is None:
        raise EventLogError(f"<{kind}> attribute without a value", path=path, line=elem.sourceline)
    if kind == "date":
        try:
            ts = parse_timestamp(raw)
        except (ValueError, OverflowError) as exc:
            raise EventLogError(
                f"unparsable timestamp {raw!r}", path=path, line=elem.sourceline
            ) from exc
        problem = timestamp_problem(ts)
        if problem is not None:
            raise EventLogError(problem, path=path, line=elem.sourceline)
        return ts
    if kind == "int":
        try:
            return int(raw)
        except ValueError:
            return raw
    if kind == "float":
        try:
            return float(raw)
        except ValueError:
            return raw
    if kind == "boolean":
        return raw.strip().lower() == "true"
    return raw


# The attributes the columnar form keeps; ``read_xes`` parses no others (a log such as
# BPIC 2018 carries a dozen more on every event).
_EVENT_KEYS = frozenset({"concept:name", "time:timestamp", "lifecycle:transition", "org:resource"})
_TRACE_KEYS = frozenset({"concept:name"})


def _attributes(elem: Any, path: str | None, keys: frozenset[str] | None = None) -> dict[str, Any]:
    """The typed attributes directly under ``elem`` (all, or only ``keys``)."""
    out: dict[str, Any] = {}
    for child in elem:
        tag = child.tag
        kind = tag if tag in _TYPED else _local(tag)  # most files use no namespace prefix
        if kind in _TYPED:
            key = child.get("key")
            if key is None:
                raise EventLogError(
                    f"<{kind}> attribute without a key", path=path, line=child.sourceline
                )
            if keys is None or key in keys:
                out[key] = _value(kind, child.get("value"), child, path)
    return out


def _event(elem: Any, path: str | None, keys: frozenset[str] | None = None) -> Event:
    attrs = _attributes(elem, path, keys)
    name = attrs.pop("concept:name", None)
    if name is None:
        raise EventLogError("event without concept:name", path=path, line=elem.sourceline)
    ts = attrs.pop("time:timestamp", None)
    if not isinstance(ts, datetime):
        raise EventLogError("event without a time:timestamp date", path=path, line=elem.sourceline)
    lifecycle = attrs.pop("lifecycle:transition", None)
    resource = attrs.pop("org:resource", None)
    return Event(
        activity=str(name),
        timestamp=ts,
        lifecycle=None if lifecycle is None else str(lifecycle),
        resource=None if resource is None else str(resource),
        attributes=attrs,
        line=elem.sourceline,
    )


def iter_xes(path: str | Path, *, all_attributes: bool = True) -> Iterator[Trace]:
    """Yield the traces of an XES file one by one, in file order.

    Raises :class:`EventLogError` naming the line for: not XML / truncated, a root that is
    not ``<log>``, a trace without ``concept:name``, an event without name or timestamp, or
    an unparsable date. With ``all_attributes=False`` only the case id, activity,
    timestamp, lifecycle and resource are read (what ``read_xes`` keeps), which is faster.
    """
    p = Path(path)
    label = str(p)
    event_keys, trace_keys = (None, None) if all_attributes else (_EVENT_KEYS, _TRACE_KEYS)
    with open_binary(p) as raw:
        fh = LineCountingReader(raw)
        # Events for <log> and <trace> only: the parser still reads every element, but
        # Python is not woken for the millions of attribute elements inside the traces.
        # Entities are never fetched or expanded (and a DOCTYPE is refused below).
        context = etree.iterparse(
            fh,
            events=("start", "end"),
            tag=("{*}log", "{*}trace"),
            huge_tree=True,
            remove_comments=True,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        )
        log_elem: Any = None
        closed = False
        traces = 0
        try:
            for action, elem in context:
                if log_elem is None:
                    log_elem = _log_root(elem, label)
                    continue
                if action == "start":
                    continue
                if elem is log_elem:
                    closed = True
                    continue
                if elem.getparent() is not log_elem:
                    continue  # only traces directly under <log> are cases
                traces += 1
                yield _trace(elem, label, trace_keys, event_keys)
                # Free the finished trace and everything before it.
                elem.clear()
                while elem.getprevious() is not None:
                    del log_elem[0]
        except etree.XMLSyntaxError as exc:
            cause = exc.__context__ or exc.__cause__
            if isinstance(cause, DAMAGED):
                raise damaged(cause, p, after_line=fh.lines) from exc
            if fh.bytes == 0:
                raise EventLogError("empty file (no <log>)", path=label, line=1) from exc
            raise _syntax_error(exc, label, fh.lines) from exc
        except DAMAGED as exc:
            raise damaged(exc, p, after_line=fh.lines) from exc
        _check_complete(context, label, found_log=log_elem is not None, closed=closed)
        if traces == 0:
            raise EventLogError("the log has no traces, so no events", path=label)


def _syntax_error(exc: etree.XMLSyntaxError, path: str, lines_read: int) -> EventLogError:
    """The parser's first complaint with its line (without entity resolution lxml can
    report a bare "no element found" and keep the real one in its error log)."""
    message, line = exc.msg, exc.lineno
    last: Any = getattr(exc.error_log, "last_error", None)  # the stubs lack it
    if not line and last is not None:
        message, line = last.message, last.line
    message = re.sub(r", line \d+, column \d+$", "", message)
    return EventLogError(
        f"not well-formed XML: {message}", path=path, line=line or max(lines_read, 1)
    )


def _log_root(elem: Any, path: str) -> Any:
    """The first element the parser reports, which must be the root ``<log>``."""
    if _local(elem.tag) != "log" or elem.getparent() is not None:
        root = elem.getroottree().getroot()
        raise EventLogError(
            f"root element is <{_local(root.tag)}>, expected <log>",
            path=path,
            line=root.sourceline,
        )
    docinfo = elem.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        # XES has no DTD; one can only serve to declare entities (billion laughs, files).
        raise EventLogError(
            "the file declares a DOCTYPE before <log>; XES has none, and its entities are not read",
            path=path,
            line=elem.sourceline,
        )
    return elem


def _check_complete(context: Any, path: str, *, found_log: bool, closed: bool) -> None:
    """After the last parser event: the file had a ``<log>`` root, and it was closed."""
    if not found_log:
        root = context.root
        name = _local(root.tag) if root is not None else "nothing"
        line = root.sourceline if root is not None else 1
        raise EventLogError(f"root element is <{name}>, expected <log>", path=path, line=line)
    if not closed:
        raise EventLogError("unexpected end of file", path=path)


def _trace(
    elem: Any,
    path: str,
    trace_keys: frozenset[str] | None = None,
    event_keys: frozenset[str] | None = None,
) -> Trace:
    attrs = _attributes(elem, path, trace_keys)
    case_id = attrs.pop("concept:name", None)
    if case_id is None:
        raise EventLogError("trace without concept:name (case id)", path=path, line=elem.sourceline)
    events = [
        _event(child, path, event_keys)
        for child in elem
        if child.tag == "event" or _local(child.tag) == "event"
    ]
    return Trace(case_id=str(case_id), events=events, attributes=attrs, line=elem.sourceline)


def read_xes(path: str | Path) -> EventLog:
    """Read an XES file straight into the columnar form (streaming, bounded memory)."""
    builder = EventLogBuilder()
    for trace in iter_xes(path, all_attributes=False):
        builder.add_trace(trace)
    return builder.build()


def read_log(
    path: str | Path,
    *,
    case_column: str | None = None,
    activity_column: str | None = None,
    timestamp_column: str | None = None,
    resource_column: str | None = None,
    timestamp_format: str | None = None,
) -> EventLog:
    """Read ``.xes``/``.xes.gz`` or a CSV (``.csv``/``.csv.gz``) with a column mapping."""
    from loket.lib.eventlogs.csvlog import CsvMapping, read_csv

    name = str(path).lower()
    if name.endswith((".xes", ".xes.gz")):
        return read_xes(path)
    mapping = CsvMapping(
        case=case_column or "case:concept:name",
        activity=activity_column or "concept:name",
        timestamp=timestamp_column or "time:timestamp",
        resource=resource_column,
        timestamp_format=timestamp_format,
    )
    return read_csv(path, mapping)


_EXTENSIONS = (
    ("Concept", "concept", "http://www.xes-standard.org/concept.xesext"),
    ("Time", "time", "http://www.xes-standard.org/time.xesext"),
    ("Lifecycle", "lifecycle", "http://www.xes-standard.org/lifecycle.xesext"),
    ("Organizational", "org", "http://www.xes-standard.org/org.xesext"),
)


def _format_ts(ts: datetime | float) -> str:
    if isinstance(ts, datetime):
        dt = ts if ts.tzinfo is not None else ts.replace(tzinfo=UTC)
    else:
        dt = datetime.fromtimestamp(ts, tz=UTC)
    return dt.isoformat(timespec="milliseconds")


def _attr_elem(key: str, value: Any) -> tuple[str, dict[str, str]]:
    key = xml_safe(key)
    if isinstance(value, bool):
        return "boolean", {"key": key, "value": "true" if value else "false"}
    if isinstance(value, int):
        return "int", {"key": key, "value": str(value)}
    if isinstance(value, float):
        return "float", {"key": key, "value": repr(value)}
    if isinstance(value, datetime):
        return "date", {"key": key, "value": _format_ts(value)}
    return "string", {"key": key, "value": xml_safe(str(value))}


def write_xes(path: str | Path, traces: Iterable[tuple[str, Iterable[Event]]]) -> int:
    """Stream ``(case_id, events)`` pairs to an XES file (gzip if the name ends in .gz).

    Returns the number of traces written. Output follows IEEE 1849 with the standard
    extensions declared, so PM4Py and ProM read it. A character XML cannot carry (NUL,
    other control characters) is written as U+FFFD rather than failing the whole export.
    """
    p = Path(path)
    raw = cast(
        "IO[bytes]",
        gzip.open(p, "wb") if is_gzip_name(p) else p.open("wb"),  # noqa: SIM115 - closed below
    )
    with raw:
        return write_xes_stream(raw, traces)


def write_xes_stream(raw: IO[bytes], traces: Iterable[tuple[str, Iterable[Event]]]) -> int:
    """:func:`write_xes` to an open binary stream (stdout, a socket), trace by trace: memory
    holds one trace at a time whatever the log's size. The stream is left open."""
    n = 0
    with etree.xmlfile(raw, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("log", {"xes.version": "1849-2016", "xes.features": ""}):
            for name, prefix, uri in _EXTENSIONS:
                xf.write(etree.Element("extension", name=name, prefix=prefix, uri=uri))
            for case_id, events in traces:
                trace = etree.Element("trace")
                etree.SubElement(trace, "string", key="concept:name", value=xml_safe(str(case_id)))
                for ev in events:
                    e = etree.SubElement(trace, "event")
                    etree.SubElement(e, "string", key="concept:name", value=xml_safe(ev.activity))
                    if ev.lifecycle is not None:
                        etree.SubElement(
                            e, "string", key="lifecycle:transition", value=xml_safe(ev.lifecycle)
                        )
                    if ev.resource is not None:
                        etree.SubElement(
                            e, "string", key="org:resource", value=xml_safe(ev.resource)
                        )
                    etree.SubElement(
                        e, "date", key="time:timestamp", value=_format_ts(ev.timestamp)
                    )
                    for key, value in ev.attributes.items():
                        tag, attrib = _attr_elem(key, value)
                        etree.SubElement(e, tag, attrib)
                xf.write(trace)
                n += 1
    return n
