"""Reading what a PDF's catalog says, without a PDF library: WeasyPrint writes the catalog
into a compressed object stream, so every Flate stream is inflated and searched."""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's uncompressed text and every Flate stream inflated, joined."""
    parts = [pdf]
    for match in _STREAM.finditer(pdf):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue  # an image or a stream that is not Flate
    return b"\n".join(parts)


def catalog(pdf: bytes) -> bytes:
    """The document catalog's dictionary (``<</Type /Catalog ...>>``)."""
    objects = pdf_objects(pdf)
    match = re.search(rb"<<\s*/Type\s*/Catalog(.*?)>>\s*\n", objects, re.S)
    assert match is not None, "no /Catalog in the PDF"
    return match.group(0)


def info_title(pdf: bytes) -> bytes | None:
    match = re.search(rb"/Title\s*\(([^)]*)\)", pdf_objects(pdf))
    return match.group(1) if match else None
