"""Polish is the first language: every message has Polish text, and the compiled catalogue is
fresh."""

import ast
import gettext
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "pl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def po_entries() -> list[tuple[str, str, bool, str]]:
    """``(msgid, Polish text, fuzzy, context)`` of every entry."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            keyword = line.split(" ", 1)[0]
            if keyword in ("msgid", "msgstr", "msgctxt", "msgid_plural") or keyword.startswith(
                "msgstr["
            ):
                current = keyword
                fields[current] = ""
            if current and QUOTED.search(line) and not line.startswith("#"):
                fields[current] += "".join(ast.literal_eval(q) for q in QUOTED.findall(line))
        if fields.get("msgid"):
            translated = fields.get("msgstr", "") or fields.get("msgstr[0]", "")
            entries.append((fields["msgid"], translated, fuzzy, fields.get("msgctxt", "")))
    return entries


def test_every_message_has_polish_text():
    untranslated = [msgid for msgid, msgstr, fuzzy, _ctx in po_entries() if not msgstr or fuzzy]
    assert not untranslated, f"messages without Polish text: {untranslated}"


def test_the_compiled_catalogue_matches_the_po_file():
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, msgstr, _fuzzy, context in po_entries()
        if (catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)) != msgstr
    ]
    assert not stale, "run: python manage.py compilemessages --ignore=.venv"
