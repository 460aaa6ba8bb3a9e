"""What the activity data adds up to, for a subtree and a period: the figures
reports print (through the section in report_section.py) and the figures page
shows. Whether assigned committee members attended their cells is
services/attendance_compliance.py's.

Every answer is a fixed number of queries, whatever the number of units, and
reads the tree as it is now: a commune merged into another counts once, under
its successor, because it moved there.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear, Substr
from django.utils.translation import gettext, ngettext

from lamtheobac.core import access
from lamtheobac.core.formatting import format_number
from lamtheobac.core.sections import ByChild
from lamtheobac.units.models import Unit

from .models import Activity, Category, ConnectionPoint, Form

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
        """What the subtree did, as a report writes it after its subject ("Toàn Đảng bộ
        xã …"): "tổ chức 12 hội nghị trực tiếp với 1.146 lượt người tham gia, …; duy
        trì 40 buổi sinh hoạt chi bộ, …". A zero is left out; with nothing at all,
        "chưa tổ chức hội nghị học tập, quán triệt hay sinh hoạt chi bộ"."""
        clauses = [clause for clause in (self._held(), self._cell_meetings()) if clause]
        if not clauses:
            return gettext("held no study conference or cell meeting yet")
        return "; ".join(clauses)

    def _held(self) -> str:
        """The conferences and talks, each with the attendances it had."""
        items = []
        if self.in_person_conferences:
            items.append(
                _with_attendances(
                    _count(
                        ngettext(
                            "%(count)s in-person conference",
                            "%(count)s in-person conferences",
                            self.in_person_conferences,
                        ),
                        self.in_person_conferences,
                    ),
                    self.in_person_attendances,
                )
            )
        if self.online_conferences:
            online = _count(
                ngettext(
                    "%(count)s online conference", "%(count)s online conferences", self.online_conferences
                ),
                self.online_conferences,
            )
            if self.online_points:
                online = gettext("%(conferences)s over %(points)s") % {
                    "conferences": online,
                    "points": _count(
                        ngettext(
                            "%(count)s connection point", "%(count)s connection points", self.online_points
                        ),
                        self.online_points,
                    ),
                }
            items.append(_with_attendances(online, self.online_attendances))
        if self.talks:
            items.append(
                _with_attendances(
                    _count(ngettext("%(count)s talk", "%(count)s talks", self.talks), self.talks),
                    self.talk_attendances,
                )
            )
        if not items:
            return ""
        return gettext("held %(items)s") % {"items": ", ".join(items)}

    def _cell_meetings(self) -> str:
        """The cell meetings, and of them those with topic content, thematic ones and
        those a committee member from above attended."""
        if not self.cell_meetings:
            return ""
        meetings = _count(
            ngettext("%(count)s cell meeting", "%(count)s cell meetings", self.cell_meetings),
            self.cell_meetings,
        )
        details = [
            text % {"count": format_number(value)}
            for value, text in (
                (self.cell_meetings_with_topic, gettext("%(count)s with topic content")),
                (self.thematic_cell_meetings, gettext("%(count)s thematic")),
                (
                    self.committee_attended_meetings,
                    gettext("%(count)s attended by a committee member from above"),
                ),
            )
            if value
        ]
        if details:
            meetings = gettext("%(meetings)s, of which %(details)s") % {
                "meetings": meetings,
                "details": ", ".join(details),
            }
        return gettext("held %(meetings)s") % {"meetings": meetings}


def _count(text: str, count: int) -> str:
    """ "1 in-person conference", "1.103 in-person conferences": the number as officials write it."""
    # The call site says ngettext("…", "…", n) itself, so that makemessages finds both forms.
    return text % {"count": format_number(count)}


def _with_attendances(what: str, attendances: int) -> str:
    """ "12 hội nghị trực tiếp với 1.146 lượt người tham gia": a count of attendances
    always says what they attended; none is left unsaid."""
    if not attendances:
        return what
    return gettext("%(what)s with %(attendances)s") % {
        "what": what,
        "attendances": _count(
            ngettext("%(count)s attendance", "%(count)s attendances", attendances), attendances
        ),
    }


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
