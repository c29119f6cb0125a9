"""The type of a file comes from its bytes, and a cut-off file is not complete."""

from __future__ import annotations

import pytest

from loket.documents.filetypes import JPEG, PDF, PNG, Sniffed, sniff
from loket.documents.tests import samples


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (samples.pdf(), Sniffed(PDF, complete=True)),
        (samples.png(), Sniffed(PNG, complete=True)),
        (samples.jpeg(), Sniffed(JPEG, complete=True)),
        (samples.jpeg(progressive=True), Sniffed(JPEG, complete=True)),
        # A phone's motion photo: a video after the JPEG's end marker is allowed.
        (samples.jpeg() + b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, Sniffed(JPEG, True)),
    ],
)
def test_accepted_files_are_recognised_and_complete(data: bytes, expected: Sniffed) -> None:
    assert sniff(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        samples.exe(),
        b"",
        b"hello, this is text",
        b"<html><body>%PDF-1.7</body></html>",
        b"GIF89a" + b"\x00" * 40,
        b"PK\x03\x04" + b"\x00" * 40,  # a .docx or .zip
    ],
)
def test_anything_else_has_no_accepted_type(data: bytes) -> None:
    assert sniff(data).content_type is None


@pytest.mark.parametrize(
    "data",
    [
        samples.png()[:-12],  # no IEND
        samples.png()[:40],  # cut inside IDAT
        samples.png()[:33] + b"XXXX" + samples.png()[37:],  # IHDR's checksum broken
        samples.jpeg()[:-2],  # no end marker
        samples.jpeg()[: len(samples.jpeg()) // 2],
        samples.jpeg(progressive=True)[:-40],
        samples.pdf()[:-30],  # no %%EOF at the end
        b"%PDF-1.4\n",
    ],
)
def test_a_cut_off_or_damaged_file_is_not_complete(data: bytes) -> None:
    sniffed = sniff(data)
    assert sniffed.content_type is not None
    assert not sniffed.complete


def test_a_pdf_must_end_within_its_last_kilobyte() -> None:
    padded = samples.pdf() + b" " * 2000  # %%EOF more than 1,024 bytes from the end
    assert not sniff(padded).complete
