"""Text helpers: cleaning what a person typed, folding Vietnamese for search
that ignores diacritics, and the control characters no document can carry."""

import re
import unicodedata

from django.utils.translation import gettext as _

from .errors import ValidationFailed
from .formatting import format_number

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


def clean_text(value, *, field: str, message, max_length: int | None = None, required: bool = True) -> str:
    """What a person typed, trimmed (and, for a one-line field with a length,
    with its spaces squeezed); `message` when required and empty."""
    text = " ".join(str(value or "").split()) if max_length else str(value or "").strip()
    if required and not text:
        raise ValidationFailed(message, field=field)
    if max_length and len(text) > max_length:
        raise ValidationFailed(
            _("At most %(count)s characters.") % {"count": format_number(max_length)}, field=field
        )
    return text
