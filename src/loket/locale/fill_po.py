"""Fill the empty Dutch entries of ``nl/LC_MESSAGES/django.po`` from ``nl_translations.py``.

Usage: ``uv run python -m loket.locale.fill_po``; prints the msgids still untranslated.
"""

from __future__ import annotations

import re
from pathlib import Path

from loket.locale.nl_translations import NL

PO = Path(__file__).resolve().parent / "nl" / "LC_MESSAGES" / "django.po"
_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$')


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _unquote(text: str) -> str:
    return text.replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")


def _fill(block: str, missing: list[str]) -> str:
    fields: dict[str, str] = {}
    keep: list[str] = []
    current = None
    for line in block.split("\n"):
        match = _LINE.match(line)
        if match:
            current = match.group(1)
            fields[current] = match.group(2)
            continue
        cont = re.match(r'^"(.*)"$', line)
        if cont and current:
            fields[current] += cont.group(1)
            continue
        keep.append(line)
    msgid = _unquote(fields.get("msgid", ""))
    if not msgid:
        return block
    fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in keep)
    done = any(v for k, v in fields.items() if k.startswith("msgstr")) and not fuzzy
    if done:
        return block
    translation = NL.get(msgid)
    if translation is None:
        missing.append(msgid)
        return block
    # A fuzzy guess from msgmerge is replaced, with its flag and the previous msgid.
    keep = [line for line in keep if line != "#, fuzzy" and not line.startswith("#| ")]
    out = [line.replace("fuzzy, ", "").replace(", fuzzy", "") for line in keep]
    if "msgctxt" in fields:
        out.append(f"msgctxt {_quote(_unquote(fields['msgctxt']))}")
    out.append(f"msgid {_quote(msgid)}")
    if "msgid_plural" in fields:
        out.append(f"msgid_plural {_quote(_unquote(fields['msgid_plural']))}")
        one, many = translation if isinstance(translation, tuple) else (translation, translation)
        out += [f"msgstr[0] {_quote(one)}", f"msgstr[1] {_quote(many)}"]
    else:
        assert isinstance(translation, str), msgid
        out.append(f"msgstr {_quote(translation)}")
    return "\n".join(out)


def main() -> None:
    missing: list[str] = []
    blocks = PO.read_text(encoding="utf-8").split("\n\n")
    PO.write_text("\n\n".join(_fill(b, missing) for b in blocks), encoding="utf-8")
    for msgid in missing:
        print("untranslated:", msgid)


if __name__ == "__main__":
    main()
