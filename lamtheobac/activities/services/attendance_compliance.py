"""Whether the committee members assigned to cells attended them as the
attendance rule asks, over a period, and which cells no committee member
visited.

A fixed number of queries, whatever the number of units; the tree is read as
it is now (a cell of a merged commune counts under its successor).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear

from lamtheobac.core import periods, tree
from lamtheobac.core.periods import Period
from lamtheobac.core.querysets import today
from lamtheobac.units.models import Kind as UnitKind
from lamtheobac.units.models import Unit

from ..models import (
    RULE_PERIOD_MONTHS,
    Activity,
    Assignment,
    AttendanceRule,
    Category,
)
from .attendance import DEFAULT_RULE


@dataclass
class Window:
    """One stretch of the rule (a month, a quarter or a year) inside the period."""

    start: dt.date
    end: dt.date
    required: int
    attended: int

    @property
    def met(self) -> bool:
        return self.attended >= self.required


# Where a committee member stands over the period.
MET = "met"
NOT_MET = "not_met"
NOTHING_OWED = "nothing_owed"  # no whole month of the period over yet while assigned: asked nothing


def last_ended_month(day: dt.date | None = None) -> Period:
    """The period the compliance opens on: the last month that has ended. A month
    still running asks nothing yet, so it would show everyone as owing nothing."""
    first = (day or today()).replace(day=1) - dt.timedelta(days=1)
    return periods.month(first.year, first.month)


@dataclass
class AssignmentCompliance:
    assignment: Assignment
    times: int
    per: str
    windows: list[Window] = field(default_factory=list)

    @property
    def required(self) -> int:
        return sum(window.required for window in self.windows)

    @property
    def attended(self) -> int:
        return sum(window.attended for window in self.windows)

    @property
    def met(self) -> bool:
        return all(window.met for window in self.windows)

    @property
    def owes(self) -> bool:
        """Whether the rule asked anything of the member in the period."""
        return self.required > 0

    @property
    def missed_windows(self) -> list[Window]:
        return [window for window in self.windows if not window.met]


@dataclass
class MemberCompliance:
    person_id: int
    name: str
    rows: list[AssignmentCompliance]

    @property
    def status(self) -> str:
        """Not met if a window asked more than was attended; met if something was
        asked and all of it attended; else nothing owed, never counted as met."""
        if not all(row.met for row in self.rows):
            return NOT_MET
        return MET if any(row.owes for row in self.rows) else NOTHING_OWED

    @property
    def met(self) -> bool:
        return self.status == MET


@dataclass
class Compliance:
    within: Unit
    period: Period
    rows: list[AssignmentCompliance]
    unvisited_cells: QuerySet

    @property
    def members(self) -> list[MemberCompliance]:
        by_person: dict[int, MemberCompliance] = {}
        for row in self.rows:
            person = row.assignment.person
            entry = by_person.setdefault(person.pk, MemberCompliance(person.pk, person.full_name, []))
            entry.rows.append(row)
        order = {NOT_MET: 0, MET: 1, NOTHING_OWED: 2}
        return sorted(by_person.values(), key=lambda member: (order[member.status], member.name))

    def count(self, status: str) -> int:
        return sum(1 for member in self.members if member.status == status)

    @property
    def met_count(self) -> int:
        return self.count(MET)

    @property
    def not_met_count(self) -> int:
        return self.count(NOT_MET)

    @property
    def nothing_owed_count(self) -> int:
        return self.count(NOTHING_OWED)


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_bounds(index: int) -> tuple[dt.date, dt.date]:
    year, month = divmod(index, 12)
    first = dt.date(year, month + 1, 1)
    following = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def _covers(assignment: Assignment, first: dt.date, last: dt.date) -> bool:
    """The member was assigned, and the cell existed, for the whole month."""
    cell = assignment.unit
    return (
        assignment.start_date <= first
        and (assignment.end_date is None or assignment.end_date >= last)
        and cell.valid_from <= first
        and (cell.valid_to is None or cell.valid_to >= last)
    )


def _rule_lookup(within: Unit):
    """A function giving (times, per) for a cell: the nearest rule on its path."""
    rules = {
        rule.unit.path: (rule.times, rule.per)
        for rule in AttendanceRule.objects.on_branch(within).select_related("unit")
    }

    def lookup(cell: Unit) -> tuple[int, str]:
        for path in reversed(tree.lineage(cell.path)):
            if path in rules:
                return rules[path]
        return DEFAULT_RULE

    return lookup


def compliance(within: Unit, period: Period, *, user) -> Compliance:
    """Who of the committee members assigned to cells in `within` attended as
    the rule asks during `period`, and which cells no committee member visited
    (each annotated `assigned`: whether a member was assigned to it in the period).

    A rule "n times a month" is checked month by month; "n times a quarter" or
    "a year" over calendar quarters or years, pro rata (rounded down) where the
    period or the assignment covers only part of one. Only whole months count:
    a member assigned on the 10th owes nothing for that month, and a month not
    over yet asks nothing (this month's meeting may still come), so the current
    year reads "on track so far" rather than "failed".
    """
    assignments = list(
        Assignment.objects.visible_to(user)
        .in_subtree(within)
        .active_between(period.start, period.end)
        .select_related("person", "unit")
        .order_by("unit__path", "person__search_name", "id")
    )
    rule_of = _rule_lookup(within)
    counts: dict[tuple[int, int, int], int] = defaultdict(int)
    if assignments:
        attended = (
            Activity.objects.in_subtree(within)
            .in_period(period.start, period.end)
            .filter(kind__category=Category.CELL_MEETING, committee_attendees__isnull=False)
            .values(
                "unit_id", "committee_attendees", year=ExtractYear("held_on"), month=ExtractMonth("held_on")
            )
            .annotate(count=Count("pk"))
            .order_by()
        )
        for row in attended:
            counts[(row["unit_id"], row["committee_attendees"], row["year"] * 12 + row["month"] - 1)] += row[
                "count"
            ]
    first_index, last_index = _month_index(period.start), _month_index(period.end)
    now = today()
    rows = []
    for assignment in assignments:
        times, per = rule_of(assignment.unit)
        size = RULE_PERIOD_MONTHS[per]
        result = AssignmentCompliance(assignment=assignment, times=times, per=per)
        index = first_index
        while index <= last_index:
            window_start = index - index % size  # calendar-aligned: quarters from Jan, Apr, ...
            window_end = min(window_start + size - 1, last_index)
            months = range(max(window_start, first_index), window_end + 1)
            covered = sum(
                1
                for month in months
                if _month_bounds(month)[1] < now and _covers(assignment, *_month_bounds(month))
            )
            required = times * covered // size
            attended_count = sum(
                counts.get((assignment.unit_id, assignment.person_id, month), 0)
                for month in months
                if _month_bounds(month)[1] >= assignment.start_date
                and (assignment.end_date is None or _month_bounds(month)[0] <= assignment.end_date)
            )
            if required or attended_count:
                result.windows.append(
                    Window(
                        start=_month_bounds(months[0])[0],
                        end=_month_bounds(months[-1])[1],
                        required=required,
                        attended=attended_count,
                    )
                )
            index = window_end + 1
        rows.append(result)
    visited = Activity.objects.filter(
        unit=OuterRef("pk"),
        kind__category=Category.CELL_MEETING,
        committee_attendees__isnull=False,
        held_on__gte=period.start,
        held_on__lte=period.end,
    )
    assigned = Assignment.objects.filter(unit=OuterRef("pk")).active_between(period.start, period.end)
    unvisited = (
        Unit.objects.visible_to(user)
        .in_subtree(within)
        .filter(kind=UnitKind.PARTY_CELL, valid_from__lte=period.end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .exclude(Exists(visited))
        .annotate(assigned=Exists(assigned))
        .order_by("path")
    )
    return Compliance(within=within, period=period, rows=rows, unvisited_cells=unvisited)
