"""Text as a search compares it: lower case, without Polish (or any) diacritics, so that
"Kaminski" finds "Kamiński" and "lodz" finds "Łódź"."""

import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark.
_WHOLE_LETTERS = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "ø": "o", "ß": "ss"})


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_WHOLE_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()
