"""The plain-text format of a letter's body."""

from __future__ import annotations

from loket.letters.text import Block, blocks


def test_paragraphs_lists_and_headings() -> None:
    body = (
        "Beste Amira,\n\n"
        "## Wat hebben wij nodig?\n"
        "- Een kopie van uw diploma\n"
        "- Uw arbeidscontract\n\n"
        "Stuur het op tijd.\nDank u wel.\n\n\n"
        "Met vriendelijke groet,\nHanneke de Vries"
    )
    assert blocks(body) == [
        Block("paragraph", ("Beste Amira,",)),
        Block("heading", ("Wat hebben wij nodig?",)),
        Block("list", ("Een kopie van uw diploma", "Uw arbeidscontract")),
        Block("paragraph", ("Stuur het op tijd.", "Dank u wel.")),
        Block("paragraph", ("Met vriendelijke groet,", "Hanneke de Vries")),
    ]


def test_a_paragraph_then_a_list_in_one_chunk() -> None:
    assert blocks("Zo doet u het:\n- eerst dit\n- dan dat") == [
        Block("paragraph", ("Zo doet u het:",)),
        Block("list", ("eerst dit", "dan dat")),
    ]


def test_a_hand_written_letter_is_plain_paragraphs() -> None:
    assert blocks("Beste Amira,\n\nWij hebben meer tijd nodig.") == [
        Block("paragraph", ("Beste Amira,",)),
        Block("paragraph", ("Wij hebben meer tijd nodig.",)),
    ]
    assert blocks("") == []
