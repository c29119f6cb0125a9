"""The committed translations are complete and compiled: the .po file is the only source.

Each ``.po`` file under ``locale/`` is parsed here (a small parser: no gettext, no extra
package) and checked against its committed ``.mo``, which is what Django reads at runtime.
A Dutch text that is empty or fuzzy, a ``.mo`` that was not compiled again after an edit,
or a ``%(name)s`` placeholder lost in translation fails the test.
"""

from __future__ import annotations

import gettext
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1]
LANGUAGES = sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES" / "django.po").is_file())

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')
_CONTINUATION = re.compile(r'^"(.*)"\s*$')
_ESCAPE = re.compile(r"\\(.)")
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "\\": "\\",
    '"': '"',
    "'": "'",
    "?": "?",
}
# Python's named format placeholders: %(name)s, %(count)d, %(share).1f ...
_PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[code]
        # gettext writes UTF-8 text as it is, never as octal or hex escapes
        raise ValueError(f"unsupported escape \\{code} in {text!r}")

    return _ESCAPE.sub(one, text)


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}|{self.msgid}"


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header included, obsolete (``#~``) entries left out."""
    entries: list[Entry] = []
    entry: Entry | None = None
    flags: set[str] = set()  # the flags of the next entry
    target = ""  # the field that a continuation line adds to

    def finish() -> None:
        nonlocal entry, target
        if entry is not None:
            entries.append(entry)
        entry, target = None, ""

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if entry is not None and entry.msgstr and (not line or line.startswith("#")):
            finish()  # a blank line or a comment after the msgstr ends the entry
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        keyword = _KEYWORD.match(line)
        continuation = _CONTINUATION.match(line)
        if keyword:
            name, index, text = keyword.groups()
            if entry is not None and entry.msgstr and name in ("msgctxt", "msgid"):
                finish()
            if entry is None:
                entry, flags = Entry(line=number, flags=flags), set()
            if name.startswith("msgstr"):
                target = f"msgstr[{index or 0}]"
                entry.msgstr[int(index or 0)] = _unescape(text)
            else:
                target = name
                setattr(entry, name, _unescape(text))
        elif continuation and entry is not None and target:
            text = _unescape(continuation.group(1))
            if target.startswith("msgstr["):
                entry.msgstr[int(target[7:-1])] += text
            else:
                setattr(entry, target, (getattr(entry, target) or "") + text)
        else:
            raise ValueError(f"{path}:{number}: cannot read {raw!r}")
    finish()
    return entries


def _po(language: str, locale: Path = LOCALE) -> Path:
    return locale / language / "LC_MESSAGES" / "django.po"


def _translated(entry: Entry) -> bool:
    return bool(entry.msgstr) and all(entry.msgstr.values()) and "fuzzy" not in entry.flags


def _where(language: str, entry: Entry) -> str:
    return f"{language}/LC_MESSAGES/django.po:{entry.line} {entry.key!r}"


def untranslated(language: str, locale: Path = LOCALE) -> list[str]:
    """The texts without a translation, or with a fuzzy (unchecked) one."""
    entries = parse_po(_po(language, locale))
    return [_where(language, e) for e in entries if e.msgid and not _translated(e)]


def _placeholders(text: str | None) -> set[str]:
    return {m.group(0) for m in _PLACEHOLDER.finditer(text or "")}


def wrong_placeholders(language: str, locale: Path = LOCALE) -> list[str]:
    """Translations whose %(name)s placeholders are not those of the source text."""
    wrong = []
    for entry in parse_po(_po(language, locale)):
        if not entry.msgid or not _translated(entry):
            continue
        source = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural)
        for index, text in entry.msgstr.items():
            found = _placeholders(text)
            if found != source:
                missing, extra = sorted(source - found), sorted(found - source)
                wrong.append(f"{_where(language, entry)} msgstr[{index}]: {missing=} {extra=}")
    return wrong


def _mo_size(path: Path) -> int:
    """The number of messages in a .mo file (its header says so), the "" header included."""
    data = path.read_bytes()
    order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
    return int(struct.unpack(f"{order}I", data[8:12])[0])


def mo_differences(language: str, locale: Path = LOCALE) -> list[str]:
    """Where the compiled .mo file does not say what the .po file says."""
    po = _po(language, locale)
    mo = po.with_suffix(".mo")
    with mo.open("rb") as stream:
        catalogue = gettext.GNUTranslations(stream)
    translated = [e for e in parse_po(po) if _translated(e)]
    differ = []
    for entry in translated:
        if not entry.msgid:
            continue
        context, plural = entry.msgctxt, entry.msgid_plural
        for index, text in entry.msgstr.items():
            if plural is None:
                got = (
                    catalogue.gettext(entry.msgid)
                    if context is None
                    else catalogue.pgettext(context, entry.msgid)
                )
            else:
                # the smallest n that takes this plural form
                n = next(n for n in range(1000) if catalogue.plural(n) == index)  # type: ignore[attr-defined]
                got = (
                    catalogue.ngettext(entry.msgid, plural, n)
                    if context is None
                    else catalogue.npgettext(context, entry.msgid, plural, n)
                )
            if got != text:
                differ.append(f"{_where(language, entry)} msgstr[{index}]: the .mo has {got!r}")
    # No messages left in the .mo that the .po no longer has (msgfmt leaves out untranslated
    # and fuzzy entries, and keeps the "" header).
    if _mo_size(mo) != len(translated):
        differ.append(f"{mo.name} has {_mo_size(mo)} messages, the .po {len(translated)}")
    return differ


def test_the_parser_reads_what_gettext_writes(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: nl\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\n#| msgid "old"\n'
        'msgid "%(n)s \\"a\\"\\n"\n"b"\nmsgstr "%(n)s c"\n'
        '#, python-format\nmsgctxt "ctx"\nmsgid "one"\nmsgid_plural "many"\n'
        'msgstr[0] "één\\t"\nmsgstr[1] ""\n"veel"\n\n'
        '#~ msgid "gone"\n#~ msgstr "weg"\n',
        encoding="utf-8",
    )
    header, first, second = parse_po(po)
    assert header.msgid == ""
    assert header.msgstr == {0: "Language: nl\n"}
    assert (first.msgid, first.msgstr, first.flags) == (
        '%(n)s "a"\nb',
        {0: "%(n)s c"},
        {"fuzzy", "python-format"},
    )
    assert (second.msgctxt, second.msgid_plural, second.msgstr, second.flags) == (
        "ctx",
        "many",
        {0: "één\t", 1: "veel"},
        {"python-format"},
    )
    assert not _translated(first)
    assert _translated(second)


def test_there_are_dutch_and_english_catalogues() -> None:
    assert {"nl", "en"} <= set(LANGUAGES)
    assert len(parse_po(_po("nl"))) > 100


def test_every_dutch_text_is_translated_and_not_fuzzy() -> None:
    assert not untranslated("nl"), "Dutch texts missing or fuzzy:\n" + "\n".join(untranslated("nl"))


def test_the_dutch_plural_forms_are_declared() -> None:
    header = parse_po(_po("nl"))[0]
    assert header.msgid == ""
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_placeholders_of_the_source_text_are_in_the_translation(language: str) -> None:
    assert not wrong_placeholders(language), "\n".join(wrong_placeholders(language))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_is_the_compiled_po_file(language: str) -> None:
    """After editing a .po file, run compilemessages and commit the .mo beside it."""
    assert not mo_differences(language), "\n".join(mo_differences(language))


# The checks above find each kind of mistake: shown on a copy of the Dutch catalogue.


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    for name in ("django.po", "django.mo"):
        copy = tmp_path / "nl" / "LC_MESSAGES" / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes((LOCALE / "nl" / "LC_MESSAGES" / name).read_bytes())
    po = _po("nl", tmp_path)
    text = po.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    po.write_text(text.replace(old, new), encoding="utf-8")
    return tmp_path


def test_an_empty_dutch_text_is_found(tmp_path: Path) -> None:
    locale = _broken_copy(tmp_path, 'msgstr "Wat kunt u doen?"', 'msgstr ""')
    (problem,) = untranslated("nl", locale)
    assert "'What can you do?'" in problem
    assert mo_differences("nl", locale)  # the .mo still has it


def test_a_fuzzy_dutch_text_is_found(tmp_path: Path) -> None:
    locale = _broken_copy(
        tmp_path, 'msgid "What can you do?"', '#, fuzzy\nmsgid "What can you do?"'
    )
    assert len(untranslated("nl", locale)) == 1


def test_a_po_edit_that_was_not_compiled_is_found(tmp_path: Path) -> None:
    locale = _broken_copy(tmp_path, 'msgstr "Wat kunt u doen?"', 'msgstr "Wat doet u?"')
    assert not untranslated("nl", locale)
    assert len(mo_differences("nl", locale)) == 1


def test_a_lost_placeholder_is_found(tmp_path: Path) -> None:
    locale = _broken_copy(
        tmp_path,
        'msgstr "- Heeft u vragen? Neem contact op met %(contact)s."',
        'msgstr "- Heeft u vragen? Neem contact met ons op."',
    )
    (problem,) = wrong_placeholders("nl", locale)
    assert "missing=['%(contact)s']" in problem


def test_a_plural_form_that_was_not_compiled_is_found(tmp_path: Path) -> None:
    locale = _broken_copy(
        tmp_path, 'msgstr[1] "%(count)d maanden"', 'msgstr[1] "%(count)d maanden lang"'
    )
    (problem,) = mo_differences("nl", locale)
    assert "'%(count)d month' msgstr[1]" in problem
