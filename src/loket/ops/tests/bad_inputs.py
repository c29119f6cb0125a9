"""The corpus of bad inputs: every kind of broken file ``loket import`` has been handed.

Each entry is a file (made here, byte by byte, so the corpus needs no binary fixtures),
the import options it is given, the line its message must name (None for a problem of the
whole file), words the message must contain, and whether the file reader alone refuses it
(``reader``) or only the importer's domain checks do (a reference rule, a product). The
tests in ``test_bad_input_corpus.py`` run each through the real command and the readers.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass

MAP = ("--case-column", "case", "--activity-column", "activity", "--timestamp-column", "at")
FORMAT = ("--timestamp-format", "%Y-%m-%d %H:%M")
HEADER = "case,product,kind,at,days,outcome,stage"
OK = "A1,study,received,2026-03-02,,,"
LONG = 131_072 + 10  # over the csv module's default field size limit


@dataclass(frozen=True)
class BadInput:
    key: str
    name: str
    data: bytes
    line: int | None
    words: str
    args: tuple[str, ...] = ()
    reader: bool = False  # the XES or mapped-CSV reader itself refuses it

    @property
    def is_process_log(self) -> bool:
        return bool(self.args[:1] == MAP[:1]) or ".xes" in self.name.lower()


def loket(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def ref(reference: str) -> bytes:
    """A Loket CSV whose one row opens a case with this reference (on line 2)."""
    return loket(f"{reference},study,received,2026-03-02,,,")


def mapped(*rows: str, header: str = "case,activity,at") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def truncated_gz(data: bytes) -> bytes:
    packed = gz(data)
    return packed[: len(packed) // 2]


def event(activity: str = "a", at: str = "2024-01-01T10:00:00+00:00", extra: str = "") -> str:
    return (
        f'<event><string key="concept:name" value="{activity}"/>'
        f'<date key="time:timestamp" value="{at}"/>{extra}</event>'
    )


def xes(*lines: str, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    """Line 1 the declaration, line 2 ``<log>``, then ``lines`` one per line, then ``</log>``."""
    return "\n".join([declaration, '<log xes.version="1849-2016">', *lines, "</log>"]).encode()


def trace(case: str = "c1", *events: str) -> list[str]:
    """A trace over several lines: its id on the first, one event per line, then the end."""
    return [
        f'<trace><string key="concept:name" value="{case}"/>',
        *(events or [event()]),
        "</trace>",
    ]


def _loket_csv() -> list[BadInput]:
    c = "events.csv"
    rows: list[tuple[str, bytes, int | None, str]] = [
        ("empty file", b"", 1, "empty"),
        ("only blank lines", b"\n\n  \n", 1, "missing column"),
        ("header only", loket(), 1, "no events"),
        ("header and blank lines", loket("", " , ,"), 1, "no events"),
        ("missing column", loket("A1,study,received", header="case,product,kind"), 1, "missing"),
        ("unknown column", loket(OK + ",red", header=HEADER + ",colour"), 1, "unknown column"),
        ("duplicate column", loket(OK + ",", header=HEADER + ",case"), 1, "more than once"),
        ("semicolons", loket(OK.replace(",", ";"), header=HEADER.replace(",", ";")), 1, "';'"),
        (
            "latin-1 text",
            loket(OK, "Ré1,study,received,2026-03-02,,,").replace(
                "é".encode(), "é".encode("latin-1")
            ),
            3,
            "UTF-8",
        ),
        ("utf-16 file", ("\n".join([HEADER, OK]) + "\n").encode("utf-16"), 1, "UTF-8"),
        ("binary garbage", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", 1, "UTF-8"),
        ("gzip without .gz", gz(loket(OK)), 1, "gzip"),
        (
            "field over the csv limit",
            loket(OK, "B" * LONG + ",study,received,2026-03-02,,,"),
            3,
            "longer than",
        ),
        (
            "header field over the csv limit",
            loket(OK, header=HEADER + "," + "h" * LONG),
            1,
            "longer than",
        ),
        ("NUL byte", loket(OK, "A\x002,study,received,2026-03-02,,,"), 3, "U+0000"),
        ("NUL in the header", loket(OK, header="case\x00,product,kind,at"), 1, "U+0000"),
        ("control character in reference", ref("A\x011"), 2, "U+0001"),
        ("escape sequence in reference", ref("A\x1b[31m"), 2, "U+001B"),
        ("slash in reference", ref("A/1"), 2, "'/'"),
        ("backslash in reference", ref("A\\1"), 2, "'\\'"),
        ("question mark in reference", ref("A?1"), 2, "'?'"),
        ("hash in reference", ref("A#1"), 2, "'#'"),
        ("percent in reference", ref("A%2F1"), 2, "'%'"),
        ("dot-dot reference", ref(".."), 2, "may not start"),
        ("over-long reference", loket("R" * 65 + ",study,received,2026-03-02,,,"), 2, "at most 64"),
        (
            "very long reference",
            loket("R" * 5000 + ",study,received,2026-03-02,,,"),
            2,
            "at most 64",
        ),
        ("formula =", ref("=1+1"), 2, "'='"),
        ("formula +", ref("+31612345678"), 2, "'+'"),
        ("formula -", ref("-2+3"), 2, "'-'"),
        ("formula @", ref("@SUM(A1)"), 2, "'@'"),
        ("empty reference", ref(""), 2, "empty"),
        ("reference of spaces", ref("   "), 2, "empty"),
        ("zero-width space", ref("A\u200b1"), 2, "U+200B"),
        ("right-to-left override", ref("A\u202e1"), 2, "U+202E"),
        ("emoji in reference", ref("A\U0001f600"), 2, "'\U0001f600'"),
        ("tab in reference", loket('"A\t1",study,received,2026-03-02,,,'), 2, "U+0009"),
        ("line separator in reference", ref("A\u20281"), 2, "U+2028"),
        ("file separator in reference", ref("A\x1c1"), 2, "U+001C"),
        ("markup in reference", ref("<script>"), 2, "'<'"),
        ("quote in reference", ref("1' OR '1'='1"), 2, "'''"),
        ("unknown product", loket("A1,visa,received,2026-03-02,,,"), 2, "unknown product"),
        ("empty product", loket("A1,,received,2026-03-02,,,"), 2, "unknown product"),
        ("unknown kind", loket("A1,study,opened,2026-03-02,,,"), 2, "unknown event kind"),
        (
            "decided without outcome",
            loket(OK, "A1,study,decided,2026-04-02,,,"),
            3,
            "needs 'outcome'",
        ),
        ("unknown outcome", loket(OK, "A1,study,decided,2026-04-02,,maybe,"), 3, "outcome"),
        (
            "outcome on received",
            loket("A1,study,received,2026-03-02,,granted,"),
            2,
            "only used with 'decided'",
        ),
        (
            "days not a number",
            loket(OK, "A1,study,term_extended,2026-04-02,ten,,"),
            3,
            "whole number",
        ),
        ("days zero", loket(OK, "A1,study,term_extended,2026-04-02,0,,"), 3, "above zero"),
        ("days negative", loket(OK, "A1,study,term_extended,2026-04-02,-3,,"), 3, "above zero"),
        ("days fraction", loket(OK, "A1,study,term_extended,2026-04-02,1.5,,"), 3, "whole number"),
        (
            "days huge",
            loket(OK, "A1,study,term_extended,2026-04-02," + "9" * 30 + ",,"),
            3,
            "at most",
        ),
        (
            "days on received",
            loket("A1,study,received,2026-03-02,5,,"),
            2,
            "only used with 'term_extended'",
        ),
        ("year 1", loket("A1,study,received,0001-01-01,,,"), 2, "outside the years"),
        ("year 9999", loket("A1,study,received,9999-12-31T23:59:59,,,"), 2, "outside the years"),
        (
            "year 1 with offset",
            loket("A1,study,received,0001-01-01T00:00:00+14:00,,,"),
            2,
            "outside the years",
        ),
        ("30 February", loket("A1,study,received,2026-02-30,,,"), 2, "not a date"),
        ("month 13", loket("A1,study,received,2026-13-01,,,"), 2, "not a date"),
        ("empty time", loket("A1,study,received,,,,"), 2, "not a date"),
        ("words for a time", loket("A1,study,received,yesterday,,,"), 2, "not a date"),
        ("hour 25", loket("A1,study,received,2026-03-10T25:00,,,"), 2, "not a date"),
        (
            "offset over a day",
            loket("A1,study,received,2026-03-10T09:00+25:00,,,"),
            2,
            "not a date",
        ),
        ("day-month-year", loket("A1,study,received,10-03-2026,,,"), 2, "not a date"),
        (
            "zone name suffix",
            loket("A1,study,received,2026-03-10T09:30+01:00[Europe/Amsterdam],,,"),
            2,
            "not a date",
        ),
        (
            "unknown stage",
            loket(OK, "A1,study,stage_entered,2026-03-05,,,nowhere"),
            3,
            "does not exist",
        ),
        ("stage missing", loket(OK, "A1,study,stage_entered,2026-03-05,,,"), 3, "needs 'stage'"),
        ("too few fields", loket(OK, "A1,study,received"), 3, "has 3 values"),
        ("too many fields", loket(OK, OK + ",extra"), 3, "has 8 values"),
        ("unterminated quote", loket(OK, 'A2,"study,received,2026-03-02,,,'), 3, "values"),
        ("first event not received", loket("A1,study,decided,2026-03-02,,granted,"), 2, "case A1"),
        (
            "event after the decision",
            loket(
                OK,
                "A1,study,decided,2026-04-01,,granted,",
                "A1,study,information_requested,2026-04-05,,,",
            ),
            4,
            "case A1",
        ),
        (
            "decision dated before receipt",
            loket(OK, "A1,study,decided,2026-01-01,,granted,"),
            3,
            "case A1",
        ),
        (
            "two products for one case",
            loket(OK, "A1,family,stage_entered,2026-03-05,,,intake"),
            3,
            "One case has one product",
        ),
        (
            "information received unasked",
            loket(OK, "A1,study,information_received,2026-03-05,,,"),
            3,
            "case A1",
        ),
        ("received twice", loket(OK, "A1,study,received,2026-03-05,,,"), 3, "case A1"),
        (
            "extension beyond the maximum",
            loket(OK, "A1,study,term_extended,2026-04-02,1000,,"),
            3,
            "at most",
        ),
        (
            "crlf line endings",
            loket(OK, "A/2,study,received,2026-03-02,,,").replace(b"\n", b"\r\n"),
            3,
            "'/'",
        ),
        (
            "byte order mark",
            b"\xef\xbb\xbf" + loket(OK, "A/2,study,received,2026-03-02,,,"),
            3,
            "'/'",
        ),
        (
            "carriage returns only",
            loket(OK, "A/2,study,received,2026-03-02,,,").replace(b"\n", b"\r"),
            3,
            "'/'",
        ),
        (
            "many columns",
            loket(OK, header=HEADER + "," + ",".join(f"x{i}" for i in range(5000))),
            1,
            "unknown column",
        ),
    ]
    out = [BadInput(f"loket csv: {key}", c, data, line, words) for key, data, line, words in rows]
    out += [
        BadInput(
            "loket csv: upper-case .CSV",
            "EVENTS.CSV",
            ref("A/1"),
            2,
            "'/'",
        ),
        BadInput(
            "loket csv: .csv.gz with a bad row",
            "events.csv.gz",
            gz(loket(OK, "A/2,study,received,2026-03-02,,,")),
            3,
            "'/'",
        ),
        BadInput(
            "loket csv: truncated .csv.gz",
            "events.csv.gz",
            truncated_gz(loket(*[OK] * 2000)),
            None,
            "truncated",
        ),
        BadInput("loket csv: .csv.gz that is no gzip", "events.csv.gz", loket(OK), None, "gzip"),
        BadInput(
            "loket csv: upper-case .CSV.GZ truncated",
            "EVENTS.CSV.GZ",
            truncated_gz(loket(*[OK] * 2000)),
            None,
            "truncated",
        ),
    ]
    return out


def corpus() -> list[BadInput]:
    """Every bad input: Loket's own CSV here, other processes' logs in ``bad_logs``."""
    from loket.ops.tests.bad_logs import mapped_csv, xes_files

    return [*_loket_csv(), *mapped_csv(), *xes_files()]
