"""How a party document names a unit, from the unit's level and kind rather than
from the wording of its name: "Tỉnh Cao Bằng", "Đảng bộ tỉnh Cao Bằng" and
"Tỉnh ủy Cao Bằng" all issue as "TỈNH ỦY CAO BẰNG".

Hướng dẫn 36-HD/VPTW (2018), Mục II, điểm 1.2.1: the issuing body is written
"chính xác, đầy đủ" as the Party Statute names it, under the name of the body
directly above ("ĐẢNG BỘ TỈNH THÁI NGUYÊN" over "HUYỆN ỦY ĐỊNH HÓA" in its
Phụ lục 3). So a unit gives four things, each overridden by its own field when
set (Unit.heading_name, organisation_name, place_name, symbol):

- `issuing_body`: "TỈNH ỦY CAO BẰNG", "THÀNH ỦY HÀ NỘI", "HUYỆN ỦY BẢO LẠC",
  "ĐẢNG ỦY XÃ ĐÔNG SƠN", "CHI BỘ THÔN MỘT"; a body that is not of the Party its
  own name in capitals;
- `organisation`: the line its children's documents put above their own
  ("ĐẢNG BỘ TỈNH CAO BẰNG");
- `place`: the place of the date line ("Cao Bằng, ngày …"), the unit's own for a
  province, district or commune, the nearest such unit's above it otherwise;
- `symbol`: the body's part of a document's symbol ("TU" in "12-BC/TU"): "TU"
  for a province's or a centrally governed city's committee, "HU" a district's,
  "QU" an urban district's, "TU" a town's (thị ủy), "ThU" a provincial city's,
  "ĐU" any other party committee, "CB" a cell, as issued documents write them
  (36-HD's own list of these abbreviations was not found: hence the override).

The names are Vietnamese proper names, never translated, as unit names are not.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .models import Kind, Level, Unit

# The words that open a party organisation's name, stripped before reading the place.
_PARTY_WORDS = ("đảng bộ", "đảng ủy", "ban chấp hành đảng bộ")
_CELL_WORDS = ("chi bộ", "chi ủy")

# A committee named after its place's word: "Tỉnh ủy Cao Bằng" is the committee of "tỉnh Cao Bằng".
_COMMITTEE_WORDS = {
    "tỉnh ủy": "tỉnh",
    "thành ủy": "thành phố",
    "huyện ủy": "huyện",
    "quận ủy": "quận",
    "thị ủy": "thị xã",
}

# The administrative words a place's name starts with, longest first.
_PLACE_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")

# (level, place word) -> (committee's name, symbol). A province's or a district's
# committee has a name of its own; a commune's is "Đảng ủy xã …".
_COMMITTEES = {
    (Level.PROVINCE, "tỉnh"): ("Tỉnh ủy", "TU"),
    (Level.PROVINCE, "thành phố"): ("Thành ủy", "TU"),
    (Level.DISTRICT, "huyện"): ("Huyện ủy", "HU"),
    (Level.DISTRICT, "quận"): ("Quận ủy", "QU"),
    (Level.DISTRICT, "thị xã"): ("Thị ủy", "TU"),
    (Level.DISTRICT, "thành phố"): ("Thành ủy", "ThU"),
}
_DEFAULT_WORD = {Level.PROVINCE: "tỉnh", Level.DISTRICT: "huyện", Level.COMMUNE: "xã"}
_PLACED_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


@dataclass(frozen=True)
class Heading:
    issuing_body: str
    organisation: str
    place: str
    symbol: str


def _normal(text: str) -> str:
    """The name without a remark in brackets ("(dữ liệu minh họa)"), its letters
    precomposed and its spaces single; "uỷ" (the old placing of the mark) read as "ủy"."""
    text = unicodedata.normalize("NFC", text or "").split(" (")[0]
    return " ".join(text.replace("uỷ", "ủy").replace("Uỷ", "Ủy").replace("UỶ", "ỦY").split())


def _strip_word(name: str, words: Sequence[str]) -> tuple[str, str]:
    """(the word `name` starts with, lower-case, or "", the rest)."""
    lowered = name.lower()
    for word in words:
        if lowered == word:
            return word, ""
        if lowered.startswith(word + " "):
            return word, name[len(word) + 1 :]
    return "", name


def _place_of(name: str) -> tuple[str, str]:
    """("tỉnh", "Cao Bằng") from "Tỉnh Cao Bằng", "Đảng bộ tỉnh Cao Bằng" or "Tỉnh ủy Cao Bằng"."""
    _party, rest = _strip_word(name, _PARTY_WORDS)
    committee, after = _strip_word(rest, tuple(_COMMITTEE_WORDS))
    if committee:
        return _COMMITTEE_WORDS[committee], after
    return _strip_word(rest, _PLACE_WORDS)


def _own_place(unit: Unit) -> str:
    """The place a province's, district's or commune's committee writes in its date
    line: the place's name without its word, unless the name is a number ("Phường 1")."""
    if unit.place_name.strip():
        return unit.place_name.strip()
    if unit.kind != Kind.PARTY_COMMITTEE or unit.level not in _PLACED_LEVELS:
        return ""
    word, place = _place_of(_normal(unit.name))
    if not place:
        return ""
    if place.split()[0].isdigit():
        return f"{(word or _DEFAULT_WORD[unit.level]).capitalize()} {place}"
    return place


def _derived(unit: Unit) -> tuple[str, str, str]:
    """(issuing body, organisation, symbol) as a unit of this level and kind is named."""
    name = _normal(unit.name)
    if unit.kind == Kind.PARTY_CELL:
        _word, rest = _strip_word(name, _CELL_WORDS)
        cell = f"Chi bộ {rest}".strip()
        return cell, cell, "CB"
    if unit.kind != Kind.PARTY_COMMITTEE:
        return name, name, ""
    if unit.level in _PLACED_LEVELS:
        word, place = _place_of(name)
        word = word or _DEFAULT_WORD[unit.level]
        committee, symbol = _COMMITTEES.get((unit.level, word), ("Đảng ủy", "ĐU"))
        if committee == "Đảng ủy":
            return f"Đảng ủy {word} {place}", f"Đảng bộ {word} {place}", symbol
        return f"{committee} {place}", f"Đảng bộ {word} {place}", symbol
    # A party committee outside the administrative tree: "Đảng bộ Công an tỉnh".
    _party, rest = _strip_word(name, _PARTY_WORDS)
    return f"Đảng ủy {rest}", f"Đảng bộ {rest}", "ĐU"


def issuing_body(unit: Unit) -> str:
    """ "TỈNH ỦY CAO BẰNG": how the unit's own documents name it."""
    return (unit.heading_name.strip() or _derived(unit)[0]).upper()


def sentence_name(unit: Unit) -> str:
    """ "Đảng ủy xã Đông Sơn": the issuing body as a sentence names it ("Kèm theo Báo
    cáo … của Đảng ủy xã Đông Sơn"); the unit's own heading name as it was typed."""
    return unit.heading_name.strip() or _derived(unit)[0]


def organisation_name(unit: Unit) -> str:
    """ "ĐẢNG BỘ TỈNH CAO BẰNG": the line its children's documents put above their name."""
    return (unit.organisation_name.strip() or _derived(unit)[1]).upper()


def symbol(unit: Unit) -> str:
    """ "TU": the body's part of the symbol of its documents ("12-BC/TU"); "" when unknown."""
    return unit.symbol.strip() or _derived(unit)[2]


def place_name(unit: Unit, ancestors: Sequence[Unit] | None = None) -> str:
    """ "Cao Bằng": the place of the unit's date line, its own or, for a cell or an
    agency, that of the nearest unit above it that has one. `ancestors` (root
    first) saves the query when the caller has them."""
    own = _own_place(unit)
    if own:
        return own
    above = list(unit.ancestors()) if ancestors is None else list(ancestors)
    for ancestor in reversed(above):
        place = _own_place(ancestor)
        if place:
            return place
    return ""


def heading(unit: Unit, ancestors: Sequence[Unit] | None = None) -> Heading:
    return Heading(
        issuing_body=issuing_body(unit),
        organisation=organisation_name(unit),
        place=place_name(unit, ancestors),
        symbol=symbol(unit),
    )
