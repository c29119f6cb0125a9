"""Opening log files: gzip by name (any case), UTF-8 text, every failure as an EventLogError.

A file can be wrong below the CSV or XML level: not UTF-8, a ``.gz`` that is no gzip, a
download cut off half way. Python reports those as ``UnicodeDecodeError``, ``EOFError``,
``BadGzipFile`` or ``zlib.error`` from deep inside a read, without a line; here each becomes
one message naming the file and the line where it happened.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from loket.lib.eventlogs.errors import EventLogError

GZIP_MAGIC = b"\x1f\x8b"
# Failures of the bytes themselves (the gzip layer), whatever parser reads them.
DAMAGED = (EOFError, gzip.BadGzipFile, zlib.error)
_LONE_CR = re.compile(rb"\r(?!\n)")


def is_gzip_name(path: str | Path) -> bool:
    return str(path).lower().endswith(".gz")


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed when its name ends in ``.gz`` (``.GZ`` too)."""
    try:
        if is_gzip_name(path):
            return cast("IO[bytes]", gzip.open(path, "rb"))
        return path.open("rb")
    except OSError as exc:
        raise EventLogError(f"cannot open: {exc.strerror or exc}", path=str(path)) from exc


def damaged(exc: BaseException, path: Path, *, after_line: int) -> EventLogError:
    """The message for a gzip layer that failed after ``after_line`` complete lines."""
    if isinstance(exc, EOFError):
        what = "the compressed file ends too soon: it is truncated (download or copy it again)"
    elif isinstance(exc, gzip.BadGzipFile) and after_line == 0:
        what = f"the name ends in .gz but the file is not gzip-compressed ({exc})"
    else:
        what = f"the gzip data is damaged or has trailing bytes ({exc})"
    return EventLogError(
        f"{what}; read up to line {after_line}", path=str(path), line=after_line + 1
    )


def undecodable_line(path: Path) -> tuple[int, str]:
    """The first line (1-based, as the CSV reader counts) that is not UTF-8, and why."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 0
    with open_binary(path) as fh:
        for raw in fh:
            for part in _LONE_CR.split(raw):
                line += 1
                try:
                    decoder.decode(part)
                except UnicodeDecodeError as exc:
                    return line, f"byte 0x{part[exc.start]:02x} at character {exc.start + 1}"
    return max(line, 1), "the text ends inside a character"


def not_utf8(path: Path) -> EventLogError:
    try:
        line, why = undecodable_line(path)
        with open_binary(path) as fh:
            head = fh.read(2)
    except (*DAMAGED, OSError, EventLogError):
        line, why, head = 1, "", b""
    hint = "save it as UTF-8"
    if head == GZIP_MAGIC and not is_gzip_name(path):
        hint = f"it looks gzip-compressed: name it {path.name}.gz"
    elif head in (b"\xff\xfe", b"\xfe\xff"):
        hint = "it is UTF-16: save it as UTF-8"
    return EventLogError(f"not UTF-8 text ({why}); {hint}", path=str(path), line=line)


def text_lines(path: Path) -> Iterator[str]:
    """The file's lines as text, each with its line end (what ``csv.reader`` wants).

    UTF-8 with or without a byte order mark; line ends LF, CRLF or CR. Raises
    ``EventLogError`` naming the line for bytes that are not UTF-8 and for a damaged or
    truncated gzip file.
    """
    lines = 0
    with io.TextIOWrapper(open_binary(path), encoding="utf-8-sig", newline="") as fh:
        try:
            for text in fh:
                lines += 1
                yield text
        except UnicodeDecodeError as exc:
            raise not_utf8(path) from exc
        except DAMAGED as exc:
            raise damaged(exc, path, after_line=lines) from exc


class LineCountingReader:
    """A binary stream that counts the newlines it hands on, so a parser reading it (lxml)
    can be told on which line the bytes under it failed."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.lines = 0
        self.bytes = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.lines += data.count(b"\n")
        self.bytes += len(data)
        return data
