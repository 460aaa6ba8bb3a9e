"""The period lock: once a report is approved, the data of its unit's subtree
for its period is frozen. Every service that writes dated data of a unit calls
`ensure_unlocked` first; reopening the report lifts the lock."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.formatting import format_date

from .models import Report, State


def covering_report(unit, day: dt.date) -> Report | None:
    """The approved report of `unit` or of a unit above it whose period holds `day`."""
    if unit is None or day is None:
        return None
    paths = [*unit.ancestor_paths(), unit.path]
    return (
        Report.objects.filter(
            state=State.APPROVED, unit__path__in=paths, period__start__lte=day, period__end__gte=day
        )
        .select_related("unit", "period")
        .order_by("unit__depth", "period__start")
        .first()
    )


def locked_message(unit, day: dt.date, report: Report) -> str:
    """Why a change to `unit`'s data on `day` is refused: the approved `report` covers it."""
    return _(
        "The data of %(unit)s for %(day)s is locked: the report “%(title)s” of %(owner)s "
        "for %(period)s was approved on %(approved)s. Ask the level above to reopen it first."
    ) % {
        "unit": unit.name,
        "day": format_date(day),
        "title": report.title,
        "owner": report.unit.name,
        "period": report.period.label,
        "approved": format_date(report.approved_at) if report.approved_at else "",
    }


def ensure_unlocked(unit, *days: dt.date | None, field: str | None = None) -> None:
    """Refuse a change to `unit`'s data on any of `days` that an approved report covers."""
    for day in {day for day in days if day is not None}:
        report = covering_report(unit, day)
        if report is not None:
            raise ValidationFailed(locked_message(unit, day, report), code="period_locked", field=field)
