"""The drafted narrative: a paragraph in Vietnamese written from the figures,
as an office would write it, which the report's writer then edits.

One sentence: when, who, then what each section says after its subject, the
sections joined by semicolons — "Trong quý III/2026, toàn Đảng bộ xã Đông Sơn tổ
chức 12 hội nghị trực tiếp với 1.146 lượt người tham gia; đăng ký xây dựng mới 3
mô hình, việc làm điển hình." A section leaves its zeros out and says "chưa …"
when it has nothing; each section's `sentence` writes its own verbs."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from lamtheobac.core import periods as calendar_periods
from lamtheobac.core import sections as registry
from lamtheobac.core.formatting import format_date
from lamtheobac.reports.models import PeriodKind, ReportingPeriod
from lamtheobac.units.models import Kind, Unit


def subject(unit: Unit) -> str:
    """ "Toàn Đảng bộ tỉnh Sơn Hà" for a party committee, the unit's name otherwise."""
    name = unit.name
    if unit.kind == Kind.PARTY_COMMITTEE:
        bare = name.removeprefix("Đảng bộ ").removeprefix("Đảng ủy ")
        return _("the whole Party organisation of %(name)s") % {"name": bare[:1].lower() + bare[1:]}
    return name


def when(period: ReportingPeriod, cutoff: dt.date | None = None) -> str:
    """ "Trong quý III/2026"; for figures up to a day before the period's end, "Từ đầu
    quý IV/2026 đến ngày 15/11/2026" (a first half starts with its year: "Từ đầu năm
    2026 …"; a second half or a custom period by its first day: "Từ ngày 1/7/2026 …")."""
    if cutoff is None or not period.start <= cutoff < period.end:
        return _("In %(period)s") % {"period": period.label}
    day = format_date(cutoff)
    if period.kind == PeriodKind.HALF and period.start.month == 1:
        start_of = calendar_periods.year(period.start.year).label
    elif period.kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR):
        start_of = period.label
    else:
        return _("From %(start)s to %(day)s") % {"start": format_date(period.start), "day": day}
    return _("From the start of %(period)s to %(day)s") % {"period": start_of, "day": day}


def draft(
    unit: Unit, period: ReportingPeriod, values: dict[str, dict[str, int]], *, cutoff: dt.date | None = None
) -> str:
    """The summary paragraph from the figures (`values`: section key -> figures),
    counted up to `cutoff` when the report's figures stop before the period's end."""
    clauses = []
    for section in registry.all_sections():
        if section.sentence is None:
            continue
        text = section.sentence(values.get(section.key, {}))
        if text:
            clauses.append(text)
    if not clauses:
        return ""
    sentence = _("%(when)s, %(subject)s %(what)s.") % {
        "when": when(period, cutoff),
        "subject": subject(unit),
        "what": "; ".join(clauses),
    }
    return sentence[:1].upper() + sentence[1:]
