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
from collections.abc import Iterable
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
# Loudest first: what an approver acts on comes at the top.
STATUS_ORDER = (OVERDUE, DUE, LATE, ON_TIME)
# What the list can be narrowed to: a timeliness, or the sent reports waiting
# for approval, or those returned to their unit.
AWAITING = "awaiting"
RETURNED = "returned"
FILTERS = (*STATUS_ORDER, AWAITING, RETURNED)
SORTS = ("status", "unit", "deadline", "sent_on")


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

    @property
    def first_deadline(self) -> dt.date | None:
        return min((entry.deadline for entry in self.entries), default=None)

    @property
    def is_due(self) -> bool:
        """Whether a deadline has passed. Until one has, a report not sent yet is no
        failure: the page says "chưa đến hạn" rather than "0/103 đã gửi"."""
        first = self.first_deadline
        return first is not None and today() > first

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

    def triage(self, *, status: str = "", sort: str = "status") -> list[Entry]:
        """The entries narrowed to one status (see FILTERS; "" keeps all) and sorted:
        by status loudest first (overdue, due, late, on time; in each, the units
        nearest the top, whose reports the level looked from approves, first), by
        unit (tree order), by deadline or by the day sent (not sent last); the
        unit breaks ties."""
        if status not in ("", *FILTERS) or sort not in SORTS:
            raise ValueError((status, sort))
        if status == AWAITING:
            entries = [entry for entry in self.entries if entry.state == State.SUBMITTED]
        elif status == RETURNED:
            entries = [entry for entry in self.entries if entry.state == State.RETURNED]
        elif status:
            entries = [entry for entry in self.entries if entry.status == status]
        else:
            entries = list(self.entries)
        keys = {
            "status": lambda entry: (STATUS_ORDER.index(entry.status), entry.unit.depth, entry.deadline),
            "unit": lambda entry: (),
            "deadline": lambda entry: (entry.deadline,),
            "sent_on": lambda entry: (entry.sent_on is None, entry.sent_on or entry.deadline),
        }
        return sorted(entries, key=lambda entry: (*keys[sort](entry), entry.unit.path))


def obligations_for(within: Unit, period: ReportingPeriod) -> list[Obligation]:
    """The obligations for `period` that can reach units below `within`: set
    above it, by it, or by a unit inside its subtree."""
    return list(
        Obligation.objects.filter(period=period)
        .on_branch(within)
        .select_related("unit", "period")
        .order_by("deadline", "id")
    )


def owing(obligations: list[Obligation], units: Iterable[Unit]) -> set[int]:
    """The ids of those of `units` that an obligation names and that exist on the
    last day of its period: those that owe a report (no query)."""
    return {
        unit.pk
        for unit in units
        if any(matches(item, unit) and unit.is_open_on(item.period.end) for item in obligations)
    }


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
