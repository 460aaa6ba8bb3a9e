"""The demo province's activities, 2024–2026.

The province sets a yearly topic (Xã Đông Sơn its own for 2026) and holds a
few online conferences over every party committee of the day: about ten
points before the 2025 reform (the district and its communes), about a
hundred after. Communes and their bodies hold study and dissemination
conferences in person, flag ceremonies and, in half of them, a "Ngày thứ bảy
với dân" every month. Most cells meet every month (most minutes note the
topic content discussed) and once a quarter on a theme; committee members
follow the cells assigned to them and come most months, and a few cells are
followed by nobody, so that the compliance page has something to say. Xã Bình
An asks its members for 6 visits a year instead of the default month.

History is kept: before 1/7/2025 the old district's cells met under their old
commune and its committee attended; afterwards the same cells meet under the
new commune. Rows are planned in memory and written with `bulk_create`, as
the initiatives are, keeping the rules the services enforce (dates within the
units' lives and not after the demo's last day, topics set on the path,
attendees holding a committee position above the cell on the day, points in
distinct units, totals equal to the points).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from lamtheobac.activities.models import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    Assignment,
    AttendanceRule,
    Category,
    ConnectionPoint,
    Form,
    Topic,
)
from lamtheobac.core.formatting import format_number
from lamtheobac.core.querysets import today
from lamtheobac.core.text import fold
from lamtheobac.units.models import Unit

from . import data

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from .builder import _Commune, _Layout, _Node

Attendees = Activity.committee_attendees.through
QUARTERS = ("I", "II", "III", "IV")

# The default kinds (migration 0002) by short key: (name, category, thematic).
KINDS = {
    "conference": ("Hội nghị học tập, quán triệt", Category.CONFERENCE, False),
    "dissemination": ("Hội nghị tuyên truyền, phổ biến", Category.CONFERENCE, False),
    "talk": ("Nói chuyện chuyên đề", Category.TALK, True),
    "regular": ("Sinh hoạt chi bộ định kỳ", Category.CELL_MEETING, False),
    "thematic": ("Sinh hoạt chi bộ chuyên đề", Category.CELL_MEETING, True),
    "flag": ("Chào cờ, sinh hoạt dưới cờ", Category.FLAG_CEREMONY, False),
    "saturday": ("Ngày thứ bảy với dân", Category.DAY_WITH_PEOPLE, False),
    "field_day": ("Ngày về cơ sở", Category.DAY_WITH_PEOPLE, False),
    "other": ("Hoạt động khác", Category.OTHER, False),
}


@dataclass
class ActivityCounts:
    activities: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    online: int = 0
    points: int = 0
    topics: int = 0
    assignments: int = 0
    visited_meetings: int = 0  # cell meetings a committee member attended
    unfollowed_cells: int = 0


def _kinds() -> dict[str, int]:
    """key -> kind id; a kind the administrator renamed or retired is replaced by one of its category."""
    entries = list(ActivityKind.objects.filter(is_active=True).order_by("position", "pk"))
    by_name = {entry.name: entry for entry in entries}
    found = {}
    for key, (name, category, thematic) in KINDS.items():
        entry = by_name.get(name) or next(
            (e for e in entries if e.category == category and e.thematic == thematic), None
        )
        entry = entry or next((e for e in entries if e.category == category), None)
        if entry is not None:
            found[key] = entry.pk
    return found


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The nth (1-based) Monday (0) ... Sunday (6) of a month."""
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    months, year, month = [], first.year, first.month
    while dt.date(year, month, 1) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass
class _Area:
    """A party committee of a commune for the time it led its cells."""

    commune: _Commune
    cells: list[_Node]
    start: dt.date
    end: dt.date | None  # the last day, included

    @property
    def pk(self) -> int:
        return self.commune.node.unit.pk

    def open_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class _Plan:
    def __init__(self, rng: random.Random, layout: _Layout, users: dict[str, User]):
        self.rng = rng
        self.layout = layout
        self.cap = min(data.ACTIVITIES_UNTIL, today())
        self.kinds = _kinds()
        self.lives = {
            pk: (start, end)
            for pk, start, end in Unit.objects.filter(is_demo=True).values_list(
                "pk", "valid_from", "valid_to"
            )
        }
        # Planned activities as {attname: value}; their ids are given when written.
        self.rows: list[dict] = []
        self.points: list[tuple[dict, int, int, int]] = []  # (activity, host, people, members)
        self.attendees: list[tuple[dict, int]] = []
        self.assignments: list[Assignment] = []
        self.topics: dict[int, Topic] = {}
        self.xa_topic: Topic | None = None
        self.xa_units = self._subtree(layout.xa.node)
        # Who entered what, where a demo account works: the rest came from clerks without one.
        self.clerks = dict.fromkeys(self.xa_units, users["xa"].pk)
        self.clerks[layout.chibo_cell.unit.pk] = users["chibo"].pk
        self.clerks[layout.province.unit.pk] = users["tinh"].pk
        self.clerks[layout.bodies["BTGDV"].unit.pk] = users["tinh"].pk
        self._folded: dict[str, str] = {}
        self.unfollowed = 0
        # cell pk -> (members who come, day of the month it meets, how regularly), drawn once per cell.
        self.habits: dict[int, tuple[int, int, float]] = {}
        # person pk -> how often the committee member comes to the cell followed.
        self.diligence: dict[int, float] = {}

    @staticmethod
    def _subtree(node: _Node) -> set[int]:
        found, stack = set(), [node]
        while stack:
            current = stack.pop()
            found.add(current.unit.pk)
            stack.extend(current.children)
        return found

    def is_open(self, pk: int, day: dt.date) -> bool:
        start, end = self.lives[pk]
        return start <= day <= self.cap and (end is None or day <= end)

    def topic_id(self, unit_pk: int, year: int) -> int | None:
        if self.xa_topic is not None and year == self.xa_topic.year and unit_pk in self.xa_units:
            return self.xa_topic.pk
        topic = self.topics.get(year)
        return topic.pk if topic is not None else None

    # -- one activity --
    def add(
        self,
        unit_pk: int,
        key: str,
        day: dt.date,
        title: str,
        participants: int,
        party_members: int,
        *,
        form: str = Form.IN_PERSON,
        topic: bool = False,
        content: str = "",
        notes: str = "",
    ) -> dict | None:
        kind = self.kinds.get(key)
        if kind is None or not self.is_open(unit_pk, day):
            return None
        folded = self._folded.get(title)
        if folded is None:
            folded = self._folded[title] = fold(title)
        row = {
            "unit_id": unit_pk,
            "kind_id": kind,
            "held_on": day,
            "title": title,
            "search_title": folded,  # what Activity.save() would store
            "topic_id": self.topic_id(unit_pk, day.year) if topic else None,
            "form": form,
            "participants": participants,
            "party_members": min(party_members, participants),
            "topic_content": content,
            "notes": notes,
            "created_by_id": self.clerks.get(unit_pk),
            "is_demo": True,
        }
        self.rows.append(row)
        return row

    def online(
        self, organiser: int, day: dt.date, title: str, form: str, hosts: list[tuple[int, int, int]], notes=""
    ):
        """A conference over points in distinct open units; its attendance is theirs."""
        seen, points = set(), []
        for host, people, members in hosts:
            if host in seen or not self.is_open(host, day):
                continue
            seen.add(host)
            points.append((host, people, min(members, people)))
        if not points:
            return None
        row = self.add(
            organiser,
            "conference",
            day,
            title,
            sum(p for _, p, _ in points),
            sum(m for _, _, m in points),
            form=form,
            topic=True,
            notes=notes,
        )
        if row is not None:
            self.points += [(row, host, people, members) for host, people, members in points]
        return row

    # -- the parts of the province --
    def topics_of_the_province(self) -> None:
        province = self.layout.province.unit.pk
        for year, (title, number, day) in data.TOPICS.items():
            if day <= self.cap:
                self.topics[year] = Topic(
                    unit_id=province, year=year, title=title, document_number=number, document_date=day
                )
        year, title, number, day = data.XA_TOPIC
        if day <= self.cap and self.lives[self.layout.xa.node.unit.pk][0] <= day:
            self.xa_topic = Topic(
                unit_id=self.layout.xa.node.unit.pk,
                year=year,
                title=title,
                document_number=number,
                document_date=day,
                note="Ban Thường vụ Đảng ủy xã cụ thể hóa chuyên đề của Tỉnh ủy",
            )
        Topic.objects.bulk_create([*self.topics.values(), *([self.xa_topic] if self.xa_topic else [])])

    def areas(self) -> list[_Area]:
        layout = self.layout
        found = []
        for group, new in zip(layout.old_groups, layout.merged, strict=True):
            for old in group:
                found.append(_Area(old, old.cells, data.FOUNDED, data.LAST_DAY_OLD))
            found.append(_Area(new, [cell for old in group for cell in old.cells], data.REFORM, None))
        found += [_Area(commune, commune.cells, data.REFORM, None) for commune in layout.communes]
        return found

    def province_and_district(self, months: list[tuple[int, int]]) -> None:
        rng, layout = self.rng, self.layout
        province = layout.province.unit.pk
        bodies = {code: node.unit.pk for code, node in layout.bodies.items()}
        district = layout.district.unit.pk
        district_bodies = [node.unit.pk for node in layout.district_bodies.values()]
        for year, month in months:
            monday = _nth_weekday(year, month, 0, 1)
            for pk in [*bodies.values(), *district_bodies]:
                people = rng.randint(25, 140)
                self.add(pk, "flag", monday, f"Chào cờ đầu tháng {month}/{year}", people, people * 7 // 10)
            if rng.random() < 0.5:
                title = rng.choice(data.PROVINCE_CONFERENCES).format(month=month, year=year)
                people = rng.randint(120, 400)
                day = _nth_weekday(year, month, 3, 2)
                self.add(province, "conference", day, title, people, people * 9 // 10, topic=True)
            for code in ("HPN", "TD", "HND", "CCB", "LDLD", "MTTQ"):
                if code in bodies and rng.random() < 0.12:
                    title = rng.choice(data.BODY_CONFERENCES).format(year=year)
                    people = rng.randint(60, 250)
                    day = dt.date(year, month, rng.randint(5, 25))
                    self.add(bodies[code], "dissemination", day, title, people, people // 3, topic=True)
            for code in ("BTGDV", "TD", "HPN", "TCT"):
                if code in bodies and rng.random() < 0.1:
                    people = rng.randint(80, 300)
                    day = dt.date(year, month, rng.randint(3, 26))
                    self.add(
                        bodies[code], "talk", day, rng.choice(data.TALKS), people, people // 2, topic=True
                    )
            if rng.random() < 0.25 and "VP" in bodies:
                day = _nth_weekday(year, month, 4, 3)
                self.add(bodies["VP"], "field_day", day, "Ngày về cơ sở của cán bộ cơ quan Tỉnh ủy", 35, 30)
            if rng.random() < 0.3:  # the old district's own conferences, until it closed
                day = dt.date(year, month, rng.randint(4, 24))
                people = rng.randint(100, 260)
                title = rng.choice(data.COMMUNE_CONFERENCES).format(year=year)
                self.add(district, "conference", day, title, people, people * 4 // 5, topic=True)
        if self.is_open(province, dt.date(2025, 5, 19)):
            self.add(
                province,
                "other",
                dt.date(2025, 5, 19),
                data.OTHER_ACTIVITIES[1],
                220,
                200,
                topic=True,
            )

    def online_conferences(self, areas: list[_Area]) -> None:
        rng, layout = self.rng, self.layout
        province = layout.province.unit.pk
        committees = [layout.district.unit.pk, *[area.pk for area in areas]]
        for day, title, form in data.ONLINE_CONFERENCES:
            hosts = [(province, rng.randint(150, 320), rng.randint(140, 150))]
            for pk in committees:
                people = rng.randint(30, 110)
                hosts.append((pk, people, people * rng.randint(55, 90) // 100))
            notes = "Điểm cầu chính tại Hội trường Tỉnh ủy; điểm cầu tại trụ sở đảng ủy các xã, phường."
            self.online(province, day, title, form, hosts, notes)
        day, title = data.XA_HYBRID
        xa = layout.xa
        hosts = [(xa.node.unit.pk, rng.randint(90, 140), 80)]
        for cell in xa.village_cells[:5]:
            people = rng.randint(15, 40)
            hosts.append((cell.unit.pk, people, people - rng.randint(0, 5)))
        self.online(
            xa.node.unit.pk, day, title, Form.HYBRID, hosts, "Điểm cầu chính tại Hội trường Đảng ủy xã."
        )

    def commune(self, area: _Area, months: list[tuple[int, int]], followers: dict[int, int]) -> None:
        """A committee's conferences, ceremonies and days with the people, and its cells' meetings."""
        rng, commune = self.rng, area.commune
        pk = area.pk
        saturday = rng.random() < data.SHARE_SATURDAY or commune is self.layout.xa
        government = commune.bodies.get("UB")
        bodies = [
            node.unit.pk
            for code, node in commune.bodies.items()
            if code in ("MT", "PN", "DTN", "ND", "CCB", "CD")
        ]
        cells = [cell.unit.pk for cell in area.cells]
        years = sorted({year for year, _ in months})
        conference_months = {year: set(rng.sample(range(1, 13), rng.randint(3, 6))) for year in years}
        body_months = {
            (year, body): set(rng.sample(range(1, 13), rng.randint(0, 2)))
            for year in years
            for body in bodies
        }
        for year, month in months:
            first_day = dt.date(year, month, 1)
            if not area.open_on(first_day) and not area.open_on(dt.date(year, month, 28)):
                continue
            if government is not None:
                people = rng.randint(18, 45)
                self.add(
                    government.unit.pk,
                    "flag",
                    _nth_weekday(year, month, 0, 1),
                    f"Chào cờ đầu tháng {month}/{year}",
                    people,
                    people * 6 // 10,
                )
            if saturday:
                people = rng.randint(30, 140)
                self.add(
                    pk,
                    "saturday",
                    _nth_weekday(year, month, 5, 2),
                    f"Ngày thứ bảy với dân tháng {month}/{year}",
                    people,
                    people * 2 // 5,
                    notes="Cán bộ, công chức xã về thôn gặp dân, nghe dân nói.",
                )
            if month in conference_months[year]:
                people = rng.randint(50, 180)
                title = rng.choice(data.COMMUNE_CONFERENCES).format(year=year)
                day = dt.date(year, month, rng.randint(3, 27))
                self.add(
                    pk, "conference", day, title, people, people * rng.randint(60, 90) // 100, topic=True
                )
            for body in bodies:
                if month in body_months[(year, body)]:
                    people = rng.randint(25, 110)
                    title = rng.choice(data.BODY_CONFERENCES).format(year=year)
                    day = dt.date(year, month, rng.randint(3, 27))
                    self.add(
                        body,
                        "dissemination",
                        day,
                        title,
                        people,
                        people * rng.randint(15, 50) // 100,
                        topic=True,
                    )
            if rng.random() < 0.02:
                title = rng.choice(data.OTHER_ACTIVITIES).format(place=commune.place)
                self.add(
                    pk, "other", dt.date(year, month, rng.randint(5, 25)), title, rng.randint(40, 200), 30
                )
            if rng.random() < 0.02:
                people = rng.randint(40, 150)
                self.add(
                    pk,
                    "talk",
                    dt.date(year, month, rng.randint(5, 25)),
                    rng.choice(data.TALKS),
                    people,
                    people // 2,
                )
            for cell in cells:
                self.cell_meetings(area, cell, year, month, followers.get(cell))

    def cell_meetings(self, area: _Area, cell: int, year: int, month: int, follower: int | None) -> None:
        rng = self.rng
        if cell not in self.habits:
            self.habits[cell] = (rng.randint(12, 45), rng.randint(2, 8), rng.choice(data.MEETING_REGULARITY))
        size, day_of_month, regularity = self.habits[cell]
        day = dt.date(year, month, day_of_month)
        if not area.open_on(day):
            return
        meetings = []
        random = rng.random  # randint and choice cost more, and there are 300.000 of these at --scale 10
        if random() < regularity:
            contents = data.TOPIC_CONTENTS
            content = contents[int(random() * len(contents))] if random() < 0.75 else ""
            people = size - int(random() * 5)
            meetings.append(
                self.add(
                    cell,
                    "regular",
                    day,
                    f"Sinh hoạt chi bộ định kỳ tháng {month}/{year}",
                    people,
                    people,
                    topic=bool(content),
                    content=content,
                )
            )
        if month % 3 == 0 and random() < 0.8:
            later = dt.date(year, month, 10 + day_of_month * 2)
            if area.open_on(later):
                people = size - int(random() * 4)
                quarter = QUARTERS[(month - 1) // 3]
                meetings.append(
                    self.add(
                        cell,
                        "thematic",
                        later,
                        f"Sinh hoạt chi bộ chuyên đề quý {quarter}/{year}",
                        people,
                        people,
                        topic=True,
                        content=rng.choice(data.THEMATIC_CONTENTS),
                    )
                )
        meetings = [row for row in meetings if row is not None]
        if follower is not None and meetings and random() < self.diligence[follower]:
            self.attendees.append((meetings[0], follower))

    def followers(self, area: _Area) -> dict[int, int]:
        """cell pk -> the committee member following it; a few village cells are followed by nobody."""
        commune = area.commune
        committee = commune.committee
        if not committee:
            return {}
        members = [
            *committee.get("deputies", []),
            *committee.get("members", []),
            *committee.get("secretary", []),
        ]
        cells = list(area.cells)
        villages = (
            [cell for cell in cells if cell not in commune.agency_cells] if commune.agency_cells else cells
        )
        unfollowed = {cell.unit.pk for cell in villages if self.rng.random() < data.SHARE_UNFOLLOWED}
        if commune is self.layout.xa:  # Đông Sơn: the chibo cell is followed, its last village is not
            unfollowed = {villages[-1].unit.pk}
        self.unfollowed += len(unfollowed)
        found = {}
        start = data.PARTY_TERM_2020 + dt.timedelta(days=16) if area.end is not None else area.start
        for number, cell in enumerate(cell for cell in cells if cell.unit.pk not in unfollowed):
            person = members[number % len(members)]
            found[cell.unit.pk] = person.pk
            if person.pk not in self.diligence:
                self.diligence[person.pk] = self.rng.choice(data.ATTENDANCE_CHANCES)
            self.assignments.append(
                Assignment(
                    person_id=person.pk,
                    unit_id=cell.unit.pk,
                    start_date=max(start, self.lives[cell.unit.pk][0]),
                    end_date=area.end,
                    note="Phân công theo dõi chi bộ (dữ liệu minh họa)",
                )
            )
        return found

    def rule(self) -> int:
        for commune in [*self.layout.merged, *self.layout.communes]:
            if commune.node.unit.name == data.RULE_COMMUNE:
                AttendanceRule.objects.create(
                    unit=commune.node.unit, times=6, per="year", note=data.RULE_NOTE
                )
                return 1
        return 0

    def write(self) -> ActivityCounts:
        for row, pk in zip(self.rows, _reserve_ids(Activity, len(self.rows)), strict=True):
            row["id"] = pk
        _insert(Activity, self.rows)
        _insert(
            ConnectionPoint,
            [
                {"activity_id": row["id"], "unit_id": host, "participants": people, "party_members": members}
                for row, host, people, members in self.points
            ],
        )
        _insert(
            Attendees, [{"activity_id": row["id"], "person_id": person} for row, person in self.attendees]
        )
        Assignment.objects.bulk_create(self.assignments, batch_size=2000)
        kinds = dict(ActivityKind.objects.values_list("pk", "category"))
        return ActivityCounts(
            activities=len(self.rows),
            by_category=dict(Counter(kinds[row["kind_id"]] for row in self.rows)),
            online=len({row["id"] for row, *_ in self.points}),
            points=len(self.points),
            topics=len(self.topics) + (self.xa_topic is not None),
            assignments=len(self.assignments),
            visited_meetings=len(self.attendees),
            unfollowed_cells=self.unfollowed,
        )


# --- writing many rows fast ---------------------------------------------------------------------
#
# bulk_create compiles every value of every row through the field's machinery,
# which made the demo several times slower for some 36.000 activities (360.000
# at --scale 10). These two write plain rows with executemany instead, after
# preparing each column the way its field would: dates and times adapted for
# the database, defaults for the columns not given, auto_now times set.


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Primary keys for `count` new rows, taken from the table's sequence (PostgreSQL)
    or after its largest id (SQLite, where the build holds the only write lock)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))


def _insert(model: type[models.Model], rows: list[dict], batch: int = 5000) -> None:
    """INSERT `rows` ({attname: value}, the same keys in every row); the other columns
    take their field's default, or now for a time stamp. Dates go as they are: both
    database drivers (and Django's SQLite adapters) take date objects."""
    if not rows:
        return
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(timezone.now())
    given, columns, rest, constants = [], [], [], []
    for model_field in model._meta.concrete_fields:
        if model_field.attname in rows[0]:
            given.append(model_field.attname)
            columns.append(ops.quote_name(model_field.column))
        elif not model_field.primary_key:
            rest.append(ops.quote_name(model_field.column))
            constants.append(
                stamp if isinstance(model_field, models.DateTimeField) else model_field.get_default()
            )
    getter = itemgetter(*given) if len(given) > 1 else (lambda row: (row[given[0]],))
    fixed = tuple(constants)
    sql = (
        f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({', '.join(columns + rest)}) "
        f"VALUES ({', '.join(['%s'] * (len(columns) + len(rest)))})"
    )
    with connection.cursor() as cursor:
        for first in range(0, len(rows), batch):
            cursor.executemany(sql, [getter(row) + fixed for row in rows[first : first + batch]])


def build_activities(layout: _Layout, users: dict[str, User], *, seed: int) -> ActivityCounts:
    """Plan and write the activities of the demo province; returns what was written."""
    plan = _Plan(random.Random(f"activities-{seed}"), layout, users)
    months = _months(data.ACTIVITIES_FROM, plan.cap)
    plan.topics_of_the_province()
    areas = plan.areas()
    plan.province_and_district(months)
    plan.online_conferences([area for area in areas if area.end is None or area.end >= data.ACTIVITIES_FROM])
    for area in areas:
        plan.commune(area, months, plan.followers(area))
    counts = plan.write()
    plan.rule()
    return counts


def delete_activities(unit_ids: models.QuerySet) -> None:
    """The activities of demo units and everything that hangs on them, table by table.

    Django's cascading delete would load every activity (some 400.000 at
    --scale 10) to look for dependants; once those are gone, a plain DELETE does.
    """
    ids = Activity.objects.filter(unit__in=unit_ids).values("pk")
    files = list(ActivityAttachment.objects.filter(activity__in=ids).values_list("file", flat=True))
    Attendees.objects.filter(activity__in=ids).delete()
    ConnectionPoint.objects.filter(Q(activity__in=ids) | Q(unit__in=unit_ids)).delete()
    ActivityAttachment.objects.filter(activity__in=ids).delete()
    activities = Activity.objects.filter(unit__in=unit_ids)
    activities._raw_delete(activities.db)
    storage = ActivityAttachment._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files if name])


CATEGORY_WORDS = {
    Category.CONFERENCE: "hội nghị",
    Category.TALK: "buổi nói chuyện chuyên đề",
    Category.CELL_MEETING: "buổi sinh hoạt chi bộ",
    Category.FLAG_CEREMONY: "buổi chào cờ",
    Category.DAY_WITH_PEOPLE: "ngày với dân, về cơ sở",
    Category.OTHER: "hoạt động khác",
}


def describe_activities(counts: ActivityCounts) -> str:
    parts = "; ".join(
        f"{format_number(counts.by_category.get(category, 0))} {word}"
        for category, word in CATEGORY_WORDS.items()
    )
    return (
        f"Hoạt động 2024–2026: {format_number(counts.activities)} ({parts}), trong đó "
        f"{format_number(counts.online)} hội nghị trực tuyến với {format_number(counts.points)} điểm cầu; "
        f"{format_number(counts.topics)} chuyên đề năm; {format_number(counts.assignments)} lượt phân công "
        f"cấp ủy viên theo dõi chi bộ, {format_number(counts.visited_meetings)} buổi sinh hoạt "
        "có cấp ủy viên dự."
    )
