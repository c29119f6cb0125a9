"""What an uploaded file really is, judged by its bytes, never by its name or the browser's
content type: a PDF, a JPEG or a PNG, and whether it is complete.

Pure Python and cheap (one pass, no decoding of images or PDF objects): a PNG's chunks are
walked and their checksums checked up to ``IEND``; a JPEG's segments are walked up to its
end marker (``EOI``); a PDF needs its ``%PDF-x.y`` header and ``%%EOF`` in its last 1,024
bytes, where the PDF standard puts it.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Final

PDF: Final = "application/pdf"
JPEG: Final = "image/jpeg"
PNG: Final = "image/png"
CONTENT_TYPES: Final = (PDF, JPEG, PNG)

_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
_JPEG_START: Final = b"\xff\xd8\xff"
_PDF_HEADER: Final = re.compile(rb"%PDF-\d\.\d")
_PDF_EOF_WINDOW: Final = 1024


@dataclass(frozen=True, slots=True)
class Sniffed:
    """``content_type`` is ``None`` for anything but a PDF, JPEG or PNG; ``complete`` is False
    for a file that starts like one but is cut off or damaged."""

    content_type: str | None
    complete: bool = False


def sniff(data: bytes) -> Sniffed:
    """Which of the accepted types ``data`` is, and whether it is whole."""
    if data.startswith(_PNG_SIGNATURE):
        return Sniffed(PNG, _png_complete(memoryview(data)))
    if data.startswith(_JPEG_START):
        return Sniffed(JPEG, _jpeg_complete(data))
    if _PDF_HEADER.match(data):
        return Sniffed(PDF, b"%%EOF" in data[-_PDF_EOF_WINDOW:])
    return Sniffed(None)


def _png_complete(data: memoryview) -> bool:
    """Every chunk is whole with a correct CRC, the first is ``IHDR`` and ``IEND`` is reached."""
    pos, size = len(_PNG_SIGNATURE), len(data)
    first = True
    while pos + 12 <= size:
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = bytes(data[pos + 4 : pos + 8])
        end = pos + 12 + length
        if length >= 2**31 or end > size or (first and kind != b"IHDR"):
            return False
        if zlib.crc32(data[pos + 4 : end - 4]) != int.from_bytes(data[end - 4 : end], "big"):
            return False
        if kind == b"IEND":
            return True
        first, pos = False, end
    return False


_JPEG_NO_LENGTH: Final = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM and RSTn stand alone


def _jpeg_complete(data: bytes) -> bool:
    """The segments follow each other up to the end marker (data after it, such as a phone's
    motion-photo video, is allowed)."""
    pos, size = 2, len(data)
    while pos < size:
        if data[pos] != 0xFF:
            return False
        while pos < size and data[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos >= size:
            return False
        marker = data[pos]
        pos += 1
        if marker == 0xD9:  # EOI
            return True
        if marker in _JPEG_NO_LENGTH:
            continue
        if pos + 2 > size:
            return False
        length = int.from_bytes(data[pos : pos + 2], "big")
        pos += length
        if length < 2 or pos > size:
            return False
        if marker == 0xDA:  # start of scan: entropy-coded data runs to the next real marker
            pos = _scan_end(data, pos)
            if pos < 0:
                return False
    return False


def _scan_end(data: bytes, pos: int) -> int:
    """Where the marker after a scan's entropy-coded data starts; -1 when the data runs out."""
    size = len(data)
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= size:
            return -1
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:  # stuffed byte, restart marker
            pos += 2
        elif following == 0xFF:
            pos += 1
        else:
            return pos
