"""The plain-text format of a letter's body, and its blocks for the page and the PDF.

A body is plain text, so it reads well anywhere (the admin, a text e-mail, a test):

- paragraphs are separated by a blank line; lines within one are kept as line breaks;
- a line starting with ``- `` is an item of a list;
- a line starting with ``## `` is a heading.

Letters written by hand (before Loket wrote them) are plain paragraphs and read the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_PARAGRAPHS = re.compile(r"\n[ \t]*\n")

BlockKind = Literal["paragraph", "list", "heading"]


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    lines: tuple[str, ...]  # a paragraph's lines, a list's items, a heading's one line


def blocks(body: str) -> list[Block]:
    """The paragraphs, lists and headings of ``body``, in order."""
    found: list[Block] = []
    for chunk in _PARAGRAPHS.split(body.strip()):
        kind: BlockKind | None = None
        lines: list[str] = []
        for raw in chunk.splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith("## "):
                here: BlockKind = "heading"
                line = line[3:].strip()
            elif line.startswith("- "):
                here = "list"
                line = line[2:].strip()
            else:
                here = "paragraph"
            if kind is not None and (here != kind or here == "heading"):
                found.append(Block(kind, tuple(lines)))
                lines = []
            kind = here
            lines.append(line)
        if kind is not None:
            found.append(Block(kind, tuple(lines)))
    return found
