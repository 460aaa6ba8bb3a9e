"""What the activity data adds up to, for a subtree and a period: the figures
reports print, and whether assigned committee members attended their cells.

Every answer is a fixed number of queries, whatever the number of units, and
reads the tree as it is now: a commune merged into another counts once, under
its successor, because it moved there.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear, Substr
from django.utils.translation import gettext as _

from lamtheobac.core import access
from lamtheobac.core.formatting import format_number
from lamtheobac.core.periods import Period
from lamtheobac.core.querysets import today
from lamtheobac.core.sections import ByChild
from lamtheobac.units.models import Kind as UnitKind
from lamtheobac.units.models import Unit

from .followup import DEFAULT_RULE
from .models import (
    RULE_PERIOD_MONTHS,
    Activity,
    Assignment,
    AttendanceRule,
    Category,
    ConnectionPoint,
    Form,
    path_ancestors,
)

ONLINE = (Form.ONLINE, Form.HYBRID)


@dataclass
class ActivityFigures:
    within: Unit
    start: dt.date
    end: dt.date
    in_person_conferences: int = 0
    in_person_attendances: int = 0
    online_conferences: int = 0
    online_points: int = 0
    online_attendances: int = 0
    talks: int = 0
    talk_attendances: int = 0
    cell_meetings: int = 0
    cell_meetings_with_topic: int = 0
    thematic_cell_meetings: int = 0
    committee_attended_meetings: int = 0
    flag_ceremonies: int = 0
    days_with_people: int = 0
    other_activities: int = 0

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in FIGURE_NAMES}

    def sentence(self) -> str:
        """The conference figures as a report writes them."""
        parts = [
            _("%(count)s in-person conferences/%(people)s attendances")
            % {
                "count": format_number(self.in_person_conferences),
                "people": format_number(self.in_person_attendances),
            }
        ]
        if self.online_conferences:
            parts.append(
                _(
                    "%(count)s online conferences over %(points)s connection points "
                    "with %(people)s attendances"
                )
                % {
                    "count": format_number(self.online_conferences),
                    "points": format_number(self.online_points),
                    "people": format_number(self.online_attendances),
                }
            )
        return "; ".join(parts)


FIGURE_NAMES = tuple(
    name for name in ActivityFigures.__dataclass_fields__ if name not in ("within", "start", "end")
)


def _rows(within: Unit, start: dt.date, end: dt.date, user, only):
    """The activities organised and the online points hosted in `within`'s
    subtree during the days, as far as `user` sees them and `only` keeps."""
    # What the user may see as organiser, and points as host. Not Activity.visible_to,
    # which also opens a higher conference to the units hosting its points: that
    # conference's own figures (a talk's total, the other points) are not theirs.
    organised_by_visible = Q() if user is None else access.scope_q(user, access.Action.VIEW, "unit__path")
    kept = Q() if only is None else only("unit__path", "held_on")
    activities = Activity.objects.filter(organised_by_visible, kept).in_subtree(within).in_period(start, end)
    visible_points = (
        ConnectionPoint.objects.all() if user is None else ConnectionPoint.objects.visible_to(user)
    ).filter(Q() if only is None else only("unit__path", "activity__held_on"))
    points = visible_points.in_subtree(within).filter(
        activity__held_on__gte=start,
        activity__held_on__lte=end,
        activity__form__in=ONLINE,
        activity__kind__category=Category.CONFERENCE,
    )
    return activities, points, organised_by_visible & kept, visible_points


def _own_totals() -> dict:
    conference = Q(kind__category=Category.CONFERENCE)
    cell_meeting = Q(kind__category=Category.CELL_MEETING)
    return {
        "in_person_conferences": Count("pk", filter=conference & Q(form=Form.IN_PERSON)),
        "in_person_attendances": Sum("participants", filter=conference & Q(form=Form.IN_PERSON), default=0),
        "talks": Count("pk", filter=Q(kind__category=Category.TALK)),
        "talk_attendances": Sum("participants", filter=Q(kind__category=Category.TALK), default=0),
        "cell_meetings": Count("pk", filter=cell_meeting),
        "cell_meetings_with_topic": Count(
            "pk", filter=cell_meeting & (Q(topic__isnull=False) | ~Q(topic_content=""))
        ),
        "thematic_cell_meetings": Count("pk", filter=cell_meeting & Q(kind__thematic=True)),
        "flag_ceremonies": Count("pk", filter=Q(kind__category=Category.FLAG_CEREMONY)),
        "days_with_people": Count("pk", filter=Q(kind__category=Category.DAY_WITH_PEOPLE)),
        "other_activities": Count("pk", filter=Q(kind__category=Category.OTHER)),
    }


def _attended() -> Q:
    """A cell meeting that a committee member attended: a semi-join, so no DISTINCT over
    the join with the attendees is needed."""
    attendees = Activity.committee_attendees.through.objects.filter(activity_id=OuterRef("pk"))
    return Q(kind__category=Category.CELL_MEETING) & Q(Exists(attendees))


def _point_totals() -> dict:
    return {"online_points": Count("pk"), "online_attendances": Sum("participants", default=0)}


def activity_figures(
    within: Unit, start: dt.date, end: dt.date, *, user=None, only: Callable[[str], Q] | None = None
) -> ActivityFigures:
    """The figures of `within`'s whole subtree for the days start..end (included).

    Four queries. An online conference counts once for every subtree that
    organised it or hosts one of its points; its points and attendances count
    in the subtree of each point's host. `only` keeps the rows of the units it
    accepts (the approved figures of a report roll-up).
    """
    activities, points, organised_by_visible, visible_points = _rows(within, start, end, user, only)
    own = activities.aggregate(**_own_totals())
    own["committee_attended_meetings"] = activities.filter(_attended()).count()
    online = points.aggregate(**_point_totals())
    # Organised in the subtree (and the user's to see), or hosting a point there that the user sees:
    # a commune's user counts the provincial conference it joined, never one its neighbour joined.
    organised_here = Q(unit__path__startswith=within.path) & organised_by_visible
    hosted_here = visible_points.filter(activity=OuterRef("pk"), unit__path__startswith=within.path)
    online["online_conferences"] = (
        Activity.objects.filter(organised_here | Exists(hosted_here))
        .in_period(start, end)
        .filter(form__in=ONLINE, kind__category=Category.CONFERENCE)
        .count()
    )
    return ActivityFigures(within=within, start=start, end=end, **own, **online)


def activity_figures_by_child(
    within: Unit, start: dt.date, end: dt.date, *, user=None, only: Callable[[str], Q] | None = None
) -> ByChild:
    """The same figures for each unit directly below `within` (by its path),
    and `within`'s own rows under its own path; in `.totals` the number of
    online conferences of the whole subtree (each counted once). Five queries,
    whatever the number of children."""
    child = Substr("unit__path", 1, len(within.path) + within.steplen)
    activities, points, _organised, _visible = _rows(within, start, end, user, only)
    result: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURE_NAMES, 0))
    for row in activities.annotate(child=child).values("child").annotate(**_own_totals()).order_by():
        result[row.pop("child")].update(row)
    attended = (
        activities.filter(_attended())
        .annotate(child=child)
        .values("child")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in attended:
        result[row["child"]]["committee_attended_meetings"] = row["count"]
    for row in points.annotate(child=child).values("child").annotate(**_point_totals()).order_by():
        result[row.pop("child")].update(row)
    # A conference counts once in each child that organised it or hosts one of its points.
    conferences: dict[str, set[int]] = defaultdict(set)
    organised = activities.filter(form__in=ONLINE, kind__category=Category.CONFERENCE)
    for path, pk in organised.annotate(child=child).values_list("child", "pk").order_by():
        conferences[path].add(pk)
    for path, pk in points.annotate(child=child).values_list("child", "activity_id").distinct().order_by():
        conferences[path].add(pk)
    for path, found in conferences.items():
        result[path]["online_conferences"] = len(found)
    return ByChild(result, totals={"online_conferences": len(set().union(*conferences.values()))})


# -- compliance with the attendance rule -------------------------------------------------------
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
    def missed_windows(self) -> list[Window]:
        return [window for window in self.windows if not window.met]


@dataclass
class MemberCompliance:
    person_id: int
    name: str
    rows: list[AssignmentCompliance]

    @property
    def met(self) -> bool:
        return all(row.met for row in self.rows)


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
        return sorted(by_person.values(), key=lambda member: (member.met, member.name))

    @property
    def met_count(self) -> int:
        return sum(1 for member in self.members if member.met)

    @property
    def not_met_count(self) -> int:
        return sum(1 for member in self.members if not member.met)


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
        for rule in AttendanceRule.objects.filter(
            Q(unit__path__in=[*path_ancestors(within.path), within.path])
            | Q(unit__path__startswith=within.path)
        ).select_related("unit")
    }

    def lookup(cell: Unit) -> tuple[int, str]:
        for path in reversed([*path_ancestors(cell.path), cell.path]):
            if path in rules:
                return rules[path]
        return DEFAULT_RULE

    return lookup


def compliance(within: Unit, period: Period, *, user) -> Compliance:
    """Who of the committee members assigned to cells in `within` attended as
    the rule asks during `period`, and which cells no committee member visited.

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
    unvisited = (
        Unit.objects.visible_to(user)
        .in_subtree(within)
        .filter(kind=UnitKind.PARTY_CELL, valid_from__lte=period.end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .exclude(Exists(visited))
        .order_by("path")
    )
    return Compliance(within=within, period=period, rows=rows, unvisited_cells=unvisited)


def activity_figures_by_month(
    within: Unit, start: dt.date, end: dt.date, *, user=None, only: Callable[[str], Q] | None = None
) -> dict[tuple[int, int], dict[str, int]]:
    """The figures an activity carries itself (conferences in person and their
    attendances, talks, cell meetings, ceremonies, days with the people) for
    `within`'s subtree, by (year, month) of the day held. One grouped query;
    the months add up to activity_figures() over the same days."""
    activities, _points, _organised, _visible = _rows(within, start, end, user, only)
    rows = (
        activities.annotate(year=ExtractYear("held_on"), month=ExtractMonth("held_on"))
        .values("year", "month")
        .annotate(**_own_totals())
        .order_by()
    )
    return {(row.pop("year"), row.pop("month")): row for row in rows}
