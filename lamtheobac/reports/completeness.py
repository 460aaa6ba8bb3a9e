"""Who owes a report for a period, who sent it, on time or late, and who is
missing — for the subtree of any unit.

A unit is expected when an obligation set above it (or by a unit inside the
subtree looked at) names its kind and level, and it exists on the period's
last day: a commune closed by a merger before then is not expected (its
successor reports for it), so the rate never passes 100%.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from functools import reduce

from django.db.models import Q
from django.utils import timezone

from lamtheobac.core.querysets import today
from lamtheobac.reports.models import Obligation, Report, ReportingPeriod, State
from lamtheobac.units.models import Unit

ON_TIME = "on_time"
LATE = "late"
DUE = "due"  # not sent, deadline not passed
OVERDUE = "overdue"  # not sent, deadline passed


@dataclass
class Entry:
    unit: Unit
    obligation: Obligation
    report: Report | None

    @property
    def deadline(self) -> dt.date:
        return self.obligation.deadline

    @property
    def sent_on(self) -> dt.date | None:
        if self.report is None or self.report.first_submitted_at is None:
            return None
        return timezone.localdate(self.report.first_submitted_at)

    @property
    def status(self) -> str:
        if self.sent_on is not None:
            return ON_TIME if self.sent_on <= self.deadline else LATE
        return OVERDUE if today() > self.deadline else DUE

    @property
    def state(self) -> str:
        return self.report.state if self.report is not None else ""


@dataclass
class Completeness:
    within: Unit
    period: ReportingPeriod
    entries: list[Entry] = field(default_factory=list)

    def _count(self, *statuses: str) -> int:
        return sum(1 for entry in self.entries if entry.status in statuses)

    @property
    def expected(self) -> int:
        return len(self.entries)

    @property
    def submitted(self) -> int:
        return self._count(ON_TIME, LATE)

    @property
    def on_time(self) -> int:
        return self._count(ON_TIME)

    @property
    def late(self) -> int:
        return self._count(LATE)

    @property
    def missing(self) -> int:
        return self._count(DUE, OVERDUE)

    @property
    def overdue(self) -> int:
        return self._count(OVERDUE)

    @property
    def approved(self) -> int:
        return sum(1 for entry in self.entries if entry.state == State.APPROVED)

    @property
    def missing_entries(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.status in (DUE, OVERDUE)]

    def as_dict(self) -> dict[str, int]:
        return {
            "expected": self.expected,
            "submitted": self.submitted,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
            "overdue": self.overdue,
            "approved": self.approved,
        }


def obligations_for(within: Unit, period: ReportingPeriod) -> list[Obligation]:
    """The obligations for `period` that can reach units below `within`: set
    above it, by it, or by a unit inside its subtree."""
    return list(
        Obligation.objects.filter(period=period)
        .on_branch(within)
        .select_related("unit")
        .order_by("deadline", "id")
    )


def matches(obligation: Obligation, unit: Unit) -> bool:
    return (
        unit.path.startswith(obligation.unit.path)
        and unit.pk != obligation.unit_id
        and unit.kind in obligation.unit_kinds
        and (not obligation.levels or unit.level in obligation.levels)
    )


def completeness(within: Unit, period: ReportingPeriod, *, user=None) -> Completeness:
    """Three queries: the obligations, the expected units, their reports."""
    obligations = obligations_for(within, period)
    result = Completeness(within=within, period=period)
    if not obligations:
        return result
    reach = reduce(
        operator.or_,
        (
            Q(path__startswith=obligation.unit.path, kind__in=obligation.unit_kinds)
            & (Q(level__in=obligation.levels) if obligation.levels else Q())
            & ~Q(pk=obligation.unit_id)
            for obligation in obligations
        ),
    )
    units = Unit.objects.filter(reach, path__startswith=within.path).exclude(pk=within.pk).open_on(period.end)
    if user is not None:
        units = units.visible_to(user)
    units = list(units.order_by("path"))
    reports = {
        report.unit_id: report
        for report in Report.objects.filter(period=period, unit__path__startswith=within.path).exclude(
            unit=within
        )
    }
    for unit in units:
        # The earliest deadline of the obligations that name the unit.
        obligation = next(item for item in obligations if matches(item, unit))
        result.entries.append(Entry(unit=unit, obligation=obligation, report=reports.get(unit.pk)))
    return result
