"""Streaming XES (IEEE 1849) reading and writing with lxml.

Reading uses ``iterparse`` and clears every finished trace (and its already-processed
siblings), so memory stays bounded by one trace plus the columnar output, whatever the file
size. ``.xes.gz`` is decompressed on the fly.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, cast

from lxml import etree

from loket.eventlog.errors import EventLogError
from loket.eventlog.model import Event, EventLog, EventLogBuilder, Trace

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


def _value(kind: str, raw: str | None, line: int | None, path: str | None) -> Any:
    if raw is None:
        raise EventLogError(f"<{kind}> attribute without a value", path=path, line=line)
    if kind == "date":
        try:
            return parse_timestamp(raw)
        except (ValueError, OverflowError) as exc:
            raise EventLogError(f"unparsable timestamp {raw!r}", path=path, line=line) from exc
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


def _attributes(elem: Any, path: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in elem:
        kind = _local(child.tag)
        if kind in _TYPED:
            key = child.get("key")
            if key is None:
                raise EventLogError(
                    f"<{kind}> attribute without a key", path=path, line=child.sourceline
                )
            out[key] = _value(kind, child.get("value"), child.sourceline, path)
    return out


def _event(elem: Any, path: str | None) -> Event:
    attrs = _attributes(elem, path)
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
    )


def _open(path: Path) -> IO[bytes]:
    if path.suffix == ".gz":
        return cast("IO[bytes]", gzip.open(path, "rb"))
    return path.open("rb")


def iter_xes(path: str | Path) -> Iterator[Trace]:
    """Yield the traces of an XES file one by one, in file order.

    Raises :class:`EventLogError` naming the line for: not XML / truncated, a root that is
    not ``<log>``, a trace without ``concept:name``, an event without name or timestamp, or
    an unparsable date.
    """
    p = Path(path)
    label = str(p)
    try:
        fh = _open(p)
    except OSError as exc:
        raise EventLogError(f"cannot open: {exc}", path=label) from exc
    with fh:
        context = etree.iterparse(fh, events=("start", "end"), huge_tree=True, remove_comments=True)
        depth = 0
        try:
            for action, elem in context:
                if action == "start":
                    depth += 1
                    if depth == 1 and _local(elem.tag) != "log":
                        raise EventLogError(
                            f"root element is <{_local(elem.tag)}>, expected <log>",
                            path=label,
                            line=elem.sourceline,
                        )
                    continue
                depth -= 1
                if depth != 1:
                    continue  # only act on direct children of <log>
                if _local(elem.tag) == "trace":
                    yield _trace(elem, label)
                # Free the finished child and everything before it.
                elem.clear()
                parent = elem.getparent()
                if parent is not None:
                    while elem.getprevious() is not None:
                        del parent[0]
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if exc.lineno else None
            raise EventLogError(f"not well-formed XML: {exc.msg}", path=label, line=line) from exc
        except gzip.BadGzipFile as exc:
            raise EventLogError(f"bad gzip data: {exc}", path=label) from exc
        except EOFError as exc:
            raise EventLogError(f"truncated file: {exc}", path=label) from exc
        if depth != 0:
            raise EventLogError("unexpected end of file", path=label)


def _trace(elem: Any, path: str) -> Trace:
    attrs = _attributes(elem, path)
    case_id = attrs.pop("concept:name", None)
    if case_id is None:
        raise EventLogError("trace without concept:name (case id)", path=path, line=elem.sourceline)
    events = [_event(child, path) for child in elem if _local(child.tag) == "event"]
    return Trace(case_id=str(case_id), events=events, attributes=attrs)


def read_xes(path: str | Path) -> EventLog:
    """Read an XES file straight into the columnar form (streaming, bounded memory)."""
    builder = EventLogBuilder()
    for trace in iter_xes(path):
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
    from loket.eventlog.csvlog import CsvMapping, read_csv

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
    if isinstance(value, bool):
        return "boolean", {"key": key, "value": "true" if value else "false"}
    if isinstance(value, int):
        return "int", {"key": key, "value": str(value)}
    if isinstance(value, float):
        return "float", {"key": key, "value": repr(value)}
    if isinstance(value, datetime):
        return "date", {"key": key, "value": _format_ts(value)}
    return "string", {"key": key, "value": str(value)}


def write_xes(path: str | Path, traces: Iterable[tuple[str, Iterable[Event]]]) -> int:
    """Stream ``(case_id, events)`` pairs to an XES file (gzip if the name ends in .gz).

    Returns the number of traces written. Output follows IEEE 1849 with the standard
    extensions declared, so PM4Py and ProM read it.
    """
    p = Path(path)
    raw = cast(
        "IO[bytes]",
        gzip.open(p, "wb") if p.suffix == ".gz" else p.open("wb"),  # noqa: SIM115 - closed below
    )
    n = 0
    with raw, etree.xmlfile(raw, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("log", {"xes.version": "1849-2016", "xes.features": ""}):
            for name, prefix, uri in _EXTENSIONS:
                xf.write(etree.Element("extension", name=name, prefix=prefix, uri=uri))
            for case_id, events in traces:
                trace = etree.Element("trace")
                etree.SubElement(trace, "string", key="concept:name", value=str(case_id))
                for ev in events:
                    e = etree.SubElement(trace, "event")
                    etree.SubElement(e, "string", key="concept:name", value=ev.activity)
                    if ev.lifecycle is not None:
                        etree.SubElement(
                            e, "string", key="lifecycle:transition", value=ev.lifecycle
                        )
                    if ev.resource is not None:
                        etree.SubElement(e, "string", key="org:resource", value=ev.resource)
                    etree.SubElement(
                        e, "date", key="time:timestamp", value=_format_ts(ev.timestamp)
                    )
                    for key, value in ev.attributes.items():
                        tag, attrib = _attr_elem(key, value)
                        etree.SubElement(e, tag, attrib)
                xf.write(trace)
                n += 1
    return n
