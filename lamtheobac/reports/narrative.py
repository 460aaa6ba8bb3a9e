"""The drafted narrative: a paragraph in Vietnamese written from the figures,
as an office would write it, which the report's writer then edits."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lamtheobac.core import sections as registry
from lamtheobac.reports.models import ReportingPeriod
from lamtheobac.units.models import Kind, Unit


def subject(unit: Unit) -> str:
    """ "Toàn Đảng bộ tỉnh Sơn Hà" for a party committee, the unit's name otherwise."""
    name = unit.name
    if unit.kind == Kind.PARTY_COMMITTEE:
        bare = name.removeprefix("Đảng bộ ").removeprefix("Đảng ủy ")
        return _("the whole Party organisation of %(name)s") % {"name": bare[:1].lower() + bare[1:]}
    return name


def draft(unit: Unit, period: ReportingPeriod, values: dict[str, dict[str, int]]) -> str:
    """ "Trong quý I/2025, toàn Đảng bộ tỉnh … tổ chức 1.103 hội nghị trực tiếp/35.992 lượt …"."""
    parts = []
    for section in registry.all_sections():
        if section.sentence is None:
            continue
        text = section.sentence(values.get(section.key, {}))
        if text:
            parts.append(text)
    if not parts:
        return ""
    sentences = [
        _("In %(period)s, %(subject)s held %(figures)s.")
        % {"period": period.label, "subject": subject(unit), "figures": parts[0]},
        *(f"{part}." for part in parts[1:]),
    ]
    return " ".join(sentence[:1].upper() + sentence[1:] for sentence in sentences)
