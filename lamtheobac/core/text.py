"""Text helpers: folding Vietnamese for search that ignores diacritics, and
the control characters no document can carry."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Control characters XML 1.0 cannot carry (all of C0 but tab, line feed and
# carriage return): an .xlsx or a .docx holding one cannot be written.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def without_control(value):
    """`value` without CONTROL characters when it is text; anything else as it is.

    For text written into a workbook: what the API refuses may still sit in
    rows saved before, or typed into a form.
    """
    return CONTROL.sub("", value) if isinstance(value, str) else value


def fold(text: str) -> str:
    """Lower-case, strip diacritics and squeeze spaces: "Đông Sơn" -> "dong son".

    Stored beside names so that a plain, indexable `contains` finds "Đông Sơn"
    from "dong son" on SQLite and PostgreSQL alike (no unaccent extension needed).
    """
    text = (text or "").replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()
