"""Text helpers: folding Vietnamese for search that ignores diacritics."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics and squeeze spaces: "Đông Sơn" -> "dong son".

    Stored beside names so that a plain, indexable `contains` finds "Đông Sơn"
    from "dong son" on SQLite and PostgreSQL alike (no unaccent extension needed).
    """
    text = (text or "").replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()
