"""What the period lock reads: once a report is approved, the data of its
unit's subtree for its period is frozen; reopening the report lifts the lock.

The domain apps ask `lamtheobac.core.locks`; this module answers for it
(`SOURCE`, registered in ReportsConfig.ready)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils.translation import gettext as _

from lamtheobac.core.formatting import format_date
from lamtheobac.reports.models import Report, State


def _locking(unit_ids, first: dt.date, last: dt.date):
    """Approved reports of locking periods whose days up to the cut-off overlap
    first..last and that cover one of the units."""
    return (
        Report.objects.filter(
            state=State.APPROVED,
            period__locks_data=True,
            period__start__lte=last,
            cutoff__gte=first,
            coverage__unit__in=list(unit_ids),
        )
        .select_related("unit", "period")
        .order_by("unit__depth", "period__start", "pk")
    )


def covering_report(unit, day: dt.date) -> Report | None:
    """The approved report (of `unit` or of a unit it lay under when the report
    was approved) whose period, up to its cut-off, holds `day` and locks its data."""
    if unit is None or day is None:
        return None
    return _locking([unit.pk], day, day).first()


class Locks:
    """The locks of many (unit, day) pairs read in one query (a file import)."""

    def __init__(self, pairs):
        pairs = [(unit, day) for unit, day in pairs if unit is not None and day is not None]
        self.by_unit: dict[int, list[Report]] = {}
        if not pairs:
            return
        days = [day for _unit, day in pairs]
        reports = _locking({unit.pk for unit, _day in pairs}, min(days), max(days)).annotate(
            covered_unit=F("coverage__unit")
        )
        for report in reports:
            self.by_unit.setdefault(report.covered_unit, []).append(report)

    def covering(self, unit, day: dt.date) -> Report | None:
        for report in self.by_unit.get(unit.pk, ()):
            if report.period.start <= day <= report.cutoff:
                return report
        return None


def locked_message(unit, day: dt.date, report: Report) -> str:
    """Why a change to `unit`'s data on `day` is refused: the approved `report`
    covers it. The period is named once (the report's title names it too)."""
    values = {
        "unit": unit.name,
        "day": format_date(day),
        "owner": report.unit.name,
        "period": report.period.label,
        "cutoff": format_date(report.cutoff),
        "approved": format_date(report.approved_at) if report.approved_at else "",
    }
    if report.is_early:
        return (
            _(
                "The data of %(unit)s for %(day)s is locked: the report of %(owner)s for %(period)s, "
                "with figures up to %(cutoff)s, was approved on %(approved)s. "
                "Ask the level above to reopen it first."
            )
            % values
        )
    return (
        _(
            "The data of %(unit)s for %(day)s is locked: the report of %(owner)s for %(period)s "
            "was approved on %(approved)s. Ask the level above to reopen it first."
        )
        % values
    )


class ApprovedReports:
    """The lock source of core.locks: a day is locked when an approved report of a
    locking period holds it and covered the unit when it was approved."""

    def reason(self, unit, day: dt.date) -> str | None:
        report = covering_report(unit, day)
        return None if report is None else locked_message(unit, day, report)

    def reasons(self, pairs):
        locks = Locks(pairs)

        def reason(unit, day: dt.date) -> str | None:
            report = locks.covering(unit, day)
            return None if report is None else locked_message(unit, day, report)

        return reason


SOURCE = ApprovedReports()
