"""What the activity data adds up to (lamtheobac/activities/figures.py and
services/attendance_compliance.py).

The figures are checked against totals worked out in plain Python from the
records a seeded generator wrote, over a tree the test keeps on its own (a
dict of parents, moved by hand as a merger moves units), never by asking the
database to add up. Compliance with the attendance rule is checked on small
hand-made cases around month, quarter and year boundaries.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
from django.utils import translation

from lamtheobac.activities.figures import FIGURE_NAMES, ActivityFigures, activity_figures
from lamtheobac.activities.models import (
    Activity,
    ActivityKind,
    Assignment,
    AttendanceRule,
    Category,
    ConnectionPoint,
    Form,
    Topic,
)
from lamtheobac.activities.services import attendance_compliance, compliance
from lamtheobac.core import periods
from lamtheobac.core.querysets import today
from lamtheobac.core.testing import START, count_queries, grow_communes
from lamtheobac.people.models import Person, Position
from lamtheobac.units.models import Kind, Level, MassOrgType, Unit
from lamtheobac.units.services import close_unit, merge_units

pytestmark = pytest.mark.django_db

D = dt.date
Attendees = Activity.committee_attendees.through
MERGED_ON = D(2025, 7, 1)
ONLINE = (Form.ONLINE, Form.HYBRID)


def add_unit(parent: Unit, code: str, name: str, *, kind: str, level: str = Level.NONE, **extra) -> Unit:
    extra.setdefault("valid_from", START)
    unit = Unit.objects.add_child(
        Unit.objects.get(pk=parent.pk), instance=Unit(code=code, name=name, level=level, kind=kind, **extra)
    )
    return Unit.objects.get(pk=unit.pk)


def reload(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


def kinds() -> dict[tuple[str, bool], ActivityKind]:
    """One kind per (category, thematic) of the default list."""
    found = {}
    for entry in ActivityKind.objects.order_by("position"):
        found.setdefault((entry.category, entry.thematic), entry)
    return found


# --- the generated province -------------------------------------------------------------------


@dataclass
class Record:
    """What the generator wrote for one activity, as the test remembers it."""

    unit: int
    category: str
    thematic: bool
    form: str
    day: dt.date
    participants: int
    with_topic: bool = False
    attended: bool = False
    points: list[tuple[int, int]] = field(default_factory=list)  # (host pk, participants)
    pk: int | None = None


class Generated:
    """A seeded random province: units, committee members and activities of every kind and form."""

    def __init__(self, seed: int, *, districts: bool):
        self.rng = random.Random(seed)
        self.parent: dict[int, int | None] = {}
        self.names: dict[int, str] = {}
        self.closed: set[int] = set()
        self.records: list[Record] = []
        self.kinds = kinds()
        self.province = Unit.objects.add_root(
            instance=Unit(
                code="G", name="Tỉnh Sinh", level=Level.PROVINCE, kind=Kind.PARTY_COMMITTEE, valid_from=START
            )
        )
        self.province = reload(self.province)
        self._remember(self.province, None)
        self.districts: list[Unit] = []
        self.communes: list[Unit] = []
        self.cells: dict[int, list[int]] = {}  # commune pk -> its cells
        self.bodies: list[int] = []
        self.members: dict[int, int] = {}  # commune pk -> a committee member's person pk
        for code, name, kind, org in [
            ("HPN", "Hội LHPN tỉnh", Kind.MASS_ORG, MassOrgType.WOMEN),
            ("BTG", "Ban Tuyên giáo Tỉnh ủy", Kind.AGENCY, ""),
        ]:
            self.bodies.append(self._add(self.province, f"G.{code}", name, kind=kind, mass_org_type=org).pk)
        parents = [self.province]
        if districts:
            for number in (1, 2):
                district = self._add(
                    self.province,
                    f"G.H{number}",
                    f"Huyện {number}",
                    kind=Kind.PARTY_COMMITTEE,
                    level=Level.DISTRICT,
                )
                self.districts.append(district)
            parents = self.districts
        for number in range(6):
            parent = parents[number % len(parents)]
            commune = self._add(
                parent, f"G.X{number}", f"Xã {number}", kind=Kind.PARTY_COMMITTEE, level=Level.COMMUNE
            )
            self.communes.append(commune)
            self.cells[commune.pk] = [
                self._add(
                    commune,
                    f"G.X{number}.C{c}",
                    f"Chi bộ {number}-{c}",
                    kind=Kind.PARTY_CELL,
                    level=Level.CELL,
                ).pk
                for c in range(self.rng.randint(2, 4))
            ]
            self.bodies.append(
                self._add(
                    commune,
                    f"G.X{number}.PN",
                    f"Phụ nữ xã {number}",
                    kind=Kind.MASS_ORG,
                    mass_org_type="women",
                ).pk
            )
            self.bodies.append(
                self._add(commune, f"G.X{number}.MT", f"Mặt trận xã {number}", kind=Kind.FRONT).pk
            )
            person = Person.objects.create(
                unit_id=self.cells[commune.pk][0], full_name=f"Ủy viên xã {number}", is_party_member=True
            )
            Position.objects.create(person=person, unit=commune, kind="committee_member", start_date=START)
            self.members[commune.pk] = person.pk
        self.topic = Topic.objects.create(unit=self.province, year=2024, title="Chuyên đề 2024")

    def _add(self, parent: Unit, code: str, name: str, **values) -> Unit:
        unit = add_unit(parent, code, name, **values)
        self._remember(unit, parent.pk)
        return unit

    def _remember(self, unit: Unit, parent: int | None) -> None:
        self.parent[unit.pk] = parent
        self.names[unit.pk] = unit.name

    # -- the tree as the test sees it --
    def subtree(self, top: int) -> set[int]:
        children = defaultdict(list)
        for pk, parent in self.parent.items():
            children[parent].append(pk)
        found, stack = set(), [top]
        while stack:
            pk = stack.pop()
            found.add(pk)
            stack.extend(children[pk])
        return found

    def merge(self, sources: list[Unit], into: Unit) -> None:
        """The merger, in the database and in the test's own tree: what was open moves to the successor."""
        merge_units([reload(s) for s in sources], into=reload(into), on=MERGED_ON, actor=None_actor())
        for source in sources:
            for pk, parent in list(self.parent.items()):
                if parent == source.pk and pk not in self.closed:
                    self.parent[pk] = into.pk
            self.parent[source.pk] = into.pk
            self.closed.add(source.pk)
        for source in sources:
            self.cells[into.pk] += self.cells.pop(source.pk)

    # -- activities --
    def open_units(self) -> list[int]:
        return [pk for pk in self.parent if pk not in self.closed]

    def add(self, record: Record) -> None:
        self.records.append(record)

    def day_in(self, year: int, month: int) -> dt.date:
        return D(year, month, self.rng.randint(1, 28))

    def generate(self, first: dt.date, last: dt.date) -> None:
        rng = self.rng
        months = []
        year, month = first.year, first.month
        while D(year, month, 1) <= last:
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        communes = [c.pk for c in self.communes if c.pk not in self.closed]
        for year, month in months:
            for commune in communes:
                for cell in self.cells[commune]:
                    if rng.random() < 0.85:
                        self.meeting(cell, commune, self.day_in(year, month), thematic=False)
                    if rng.random() < 0.2:
                        self.meeting(cell, commune, self.day_in(year, month), thematic=True)
                if rng.random() < 0.3:
                    self.add(
                        Record(
                            commune,
                            Category.DAY_WITH_PEOPLE,
                            False,
                            Form.IN_PERSON,
                            self.day_in(year, month),
                            rng.randint(10, 80),
                        )
                    )
                if rng.random() < 0.4:
                    self.online(commune, self.day_in(year, month), local=True)
            for unit in self.open_units():
                if rng.random() < 0.25:
                    self.add(
                        Record(
                            unit,
                            Category.CONFERENCE,
                            False,
                            Form.IN_PERSON,
                            self.day_in(year, month),
                            rng.randint(15, 400),
                        )
                    )
                if rng.random() < 0.15:
                    self.add(
                        Record(
                            unit,
                            Category.FLAG_CEREMONY,
                            False,
                            Form.IN_PERSON,
                            self.day_in(year, month),
                            rng.randint(5, 60),
                        )
                    )
                if rng.random() < 0.05:
                    self.add(
                        Record(
                            unit,
                            Category.OTHER,
                            False,
                            Form.IN_PERSON,
                            self.day_in(year, month),
                            rng.randint(0, 30),
                        )
                    )
                if rng.random() < 0.05:
                    self.add(
                        Record(
                            unit,
                            Category.TALK,
                            True,
                            Form.IN_PERSON,
                            self.day_in(year, month),
                            rng.randint(10, 90),
                        )
                    )
            if rng.random() < 0.5:
                self.online(self.province.pk, self.day_in(year, month), local=False)
            if rng.random() < 0.2:  # an online talk: its points are not conference points
                self.online(
                    rng.choice(communes), self.day_in(year, month), local=True, category=Category.TALK
                )

    def meeting(self, cell: int, commune: int, day: dt.date, *, thematic: bool) -> None:
        rng = self.rng
        self.add(
            Record(
                cell,
                Category.CELL_MEETING,
                thematic,
                Form.IN_PERSON,
                day,
                rng.randint(5, 30),
                with_topic=rng.random() < 0.6,
                attended=rng.random() < 0.5,
            )
        )

    def online(
        self, organiser: int, day: dt.date, *, local: bool, category=Category.CONFERENCE, hosts=None
    ) -> Record:
        rng = self.rng
        if hosts is None:
            pool = [pk for pk in self.open_units() if pk != organiser]
            if local:  # the commune's own units, and now and then a unit elsewhere
                inside = self.subtree(organiser)
                pool = [pk for pk in pool if pk in inside] + rng.sample(pool, 1)
            hosts = [organiser, *rng.sample(pool, rng.randint(1, min(len(pool), 12)))]
        record = Record(
            organiser,
            category,
            category == Category.TALK,
            rng.choice(ONLINE),
            day,
            0,
            points=[(host, rng.randint(5, 150)) for host in dict.fromkeys(hosts)],
        )
        record.participants = sum(people for _, people in record.points)
        self.add(record)
        return record

    def write(self) -> None:
        """Everything not yet written, in bulk (the services are tested elsewhere)."""
        pending = [record for record in self.records if record.pk is None]
        rows = []
        for record in pending:
            with_topic = record.with_topic
            rows.append(
                Activity(
                    unit_id=record.unit,
                    kind=self.kinds[(record.category, record.thematic)],
                    held_on=record.day,
                    title=f"{record.category} {record.day}",
                    form=record.form,
                    participants=record.participants,
                    party_members=record.participants // 2,
                    # Half by the topic studied, half by the content written down.
                    topic=self.topic if with_topic and record.day.day % 2 else None,
                    topic_content="Nội dung chuyên đề" if with_topic and not record.day.day % 2 else "",
                )
            )
        Activity.objects.bulk_create(rows, batch_size=500)
        points, attendees = [], []
        for record, row in zip(pending, rows, strict=True):
            record.pk = row.pk
            points += [
                ConnectionPoint(
                    activity_id=row.pk, unit_id=host, participants=people, party_members=people // 3
                )
                for host, people in record.points
            ]
            if record.attended:
                commune = self.parent[record.unit]
                attendees.append(Attendees(activity_id=row.pk, person_id=self.members[commune]))
                if record.day.day % 3 == 0:  # two members at one meeting: the meeting counts once
                    other = next(pk for pk in self.members.values() if pk != self.members[commune])
                    attendees.append(Attendees(activity_id=row.pk, person_id=other))
        ConnectionPoint.objects.bulk_create(points, batch_size=500)
        Attendees.objects.bulk_create(attendees, batch_size=500)

    # -- the expected figures, in plain Python --
    def expected(self, top: int, start: dt.date, end: dt.date) -> dict[str, int]:
        inside = self.subtree(top)
        totals = dict.fromkeys(FIGURE_NAMES, 0)
        for record in self.records:
            if not start <= record.day <= end:
                continue
            own = record.unit in inside
            if record.category == Category.CONFERENCE and record.form in ONLINE:
                hosted = [people for host, people in record.points if host in inside]
                if own or hosted:
                    totals["online_conferences"] += 1
                totals["online_points"] += len(hosted)
                totals["online_attendances"] += sum(hosted)
            if not own:
                continue
            if record.category == Category.CONFERENCE and record.form == Form.IN_PERSON:
                totals["in_person_conferences"] += 1
                totals["in_person_attendances"] += record.participants
            elif record.category == Category.TALK:
                totals["talks"] += 1
                totals["talk_attendances"] += record.participants
            elif record.category == Category.CELL_MEETING:
                totals["cell_meetings"] += 1
                totals["cell_meetings_with_topic"] += record.with_topic
                totals["thematic_cell_meetings"] += record.thematic
                totals["committee_attended_meetings"] += record.attended
            elif record.category == Category.FLAG_CEREMONY:
                totals["flag_ceremonies"] += 1
            elif record.category == Category.DAY_WITH_PEOPLE:
                totals["days_with_people"] += 1
            elif record.category == Category.OTHER:
                totals["other_activities"] += 1
        return totals

    def online_conferences_of(self, tops: list[int], start: dt.date, end: dt.date) -> set[int]:
        inside = set().union(*(self.subtree(top) for top in tops))
        return {
            record.pk
            for record in self.records
            if record.category == Category.CONFERENCE
            and record.form in ONLINE
            and start <= record.day <= end
            and (record.unit in inside or any(host in inside for host, _ in record.points))
        }


def None_actor():
    from django.contrib.auth.models import User

    return User.objects.get_or_create(username="he_thong", defaults={"is_superuser": True})[0]


PERIODS_BEFORE = ["2024-03", "2024-Q4", "2024", "2025-Q2", "2025-06", "2025-H1"]
PERIODS_AFTER = [*PERIODS_BEFORE, "2025-07", "2025-Q3", "2025-H2", "2025"]


def check_everywhere(province: Generated, keys: list[str]) -> int:
    """Compare the figures with the expected totals for the province, every district and commune,
    and a few cells, for each period; returns how many comparisons were made."""
    rng = random.Random(len(province.records))
    all_cells = sorted(pk for cells in province.cells.values() for pk in cells)
    scopes = [province.province.pk, *[d.pk for d in province.districts], *[c.pk for c in province.communes]]
    scopes += rng.sample(all_cells, 3)
    compared = 0
    for key in keys:
        period = periods.parse(key)
        for pk in scopes:
            unit = Unit.objects.get(pk=pk)
            found = activity_figures(unit, period.start, period.end).as_dict()
            assert found == province.expected(pk, period.start, period.end), (unit.name, key)
            compared += 1
    return compared


@pytest.mark.parametrize(("seed", "districts"), [(2024, True), (2025, False)])
def test_the_figures_match_totals_computed_from_a_generated_province(db, seed, districts):
    province = Generated(seed, districts=districts)
    province.generate(D(2024, 1, 1), D(2025, 6, 30))
    a, b, successor = province.communes[1], province.communes[2], province.communes[0]
    # An online conference of the province with points in both communes that will merge.
    province.online(
        province.province.pk, D(2025, 5, 19), local=False, hosts=[province.province.pk, a.pk, b.pk]
    )
    province.online(a.pk, D(2025, 6, 2), local=True, hosts=[a.pk, b.pk])  # one of A's, with a point in B
    province.write()
    # The data cover every kind and form, and online conferences at both levels.
    categories = {(r.category, r.form) for r in province.records}
    assert {(c, Form.IN_PERSON) for c in Category.values} <= categories
    assert {(Category.CONFERENCE, Form.ONLINE), (Category.CONFERENCE, Form.HYBRID)} <= categories
    assert sum(1 for r in province.records if r.points and r.unit == province.province.pk) >= 5
    assert sum(1 for r in province.records if r.points and r.unit != province.province.pk) >= 5
    assert check_everywhere(province, PERIODS_BEFORE) > 50

    whole = periods.parse("2025-H1")
    before = {pk: activity_figures(reload(unit), whole.start, whole.end).as_dict() for pk, unit in [
        (a.pk, a), (b.pk, b), (successor.pk, successor), (province.province.pk, province.province)
    ]}  # fmt: skip
    province.merge([a, b], successor)
    check_everywhere(province, PERIODS_BEFORE)
    after = activity_figures(reload(successor), whole.start, whole.end).as_dict()
    for name in FIGURE_NAMES:
        if name != "online_conferences":
            assert after[name] == before[a.pk][name] + before[b.pk][name] + before[successor.pk][name], name
    # A conference with points in several of them counts once for the successor.
    once = province.online_conferences_of([a.pk, b.pk, successor.pk], whole.start, whole.end)
    summed = before[a.pk]["online_conferences"] + before[b.pk]["online_conferences"]
    summed += before[successor.pk]["online_conferences"]
    assert after["online_conferences"] == len(once) < summed
    assert (
        activity_figures(reload(province.province), whole.start, whole.end).as_dict()
        == before[province.province.pk]
    )

    # Life goes on in the merged tree: the moved cells now count for the successor only.
    province.generate(MERGED_ON, D(2025, 12, 31))
    province.write()
    check_everywhere(province, PERIODS_AFTER)


# --- hand-made cases ----------------------------------------------------------------------------


def record(unit: Unit, name: str, day: dt.date, participants: int = 0, *, form=Form.IN_PERSON, **values):
    return Activity.objects.create(
        unit=unit,
        kind=ActivityKind.objects.get(name=name),
        held_on=day,
        title=name,
        form=form,
        participants=participants,
        **values,
    )


def online_conference(organiser: Unit, day: dt.date, points: list[tuple[Unit, int]]) -> Activity:
    activity = record(
        organiser, "Hội nghị học tập, quán triệt", day, sum(p for _, p in points), form=Form.ONLINE
    )
    for host, people in points:
        ConnectionPoint.objects.create(activity=activity, unit=host, participants=people)
    return activity


def test_the_figures_count_what_the_user_may_see_and_a_hosted_point_of_a_higher_conference(world):
    day = D(2025, 4, 10)
    online_conference(world.province, day, [(world.province, 100), (world.commune, 40), (world.sibling, 30)])
    record(world.commune, "Hội nghị học tập, quán triệt", day, 50)
    record(world.sibling, "Hội nghị tuyên truyền, phổ biến", day, 70)
    talk = record(
        world.province, "Nói chuyện chuyên đề", day, 90, form=Form.ONLINE
    )  # online, over two points
    ConnectionPoint.objects.create(activity=talk, unit=world.province, participants=60)
    ConnectionPoint.objects.create(activity=talk, unit=world.commune, participants=30)
    ours = record(world.cell, "Sinh hoạt chi bộ định kỳ", day, 12, topic_content="Nêu gương")
    members = [Person.objects.create(unit=world.cell, full_name=f"Ủy viên {n}") for n in range(2)]
    ours.committee_attendees.set(members)
    start, end = D(2025, 4, 1), D(2025, 4, 30)

    everything = activity_figures(world.province, start, end)
    assert (everything.in_person_conferences, everything.in_person_attendances) == (2, 120)
    assert (everything.online_conferences, everything.online_points, everything.online_attendances) == (
        1,
        3,
        170,
    )
    assert (everything.cell_meetings, everything.cell_meetings_with_topic) == (1, 1)
    assert everything.committee_attended_meetings == 1  # two members at one meeting

    assert (everything.talks, everything.talk_attendances) == (1, 90)
    assert everything.online_points == 3  # a talk's points are not conference points

    seen = activity_figures(world.province, start, end, user=world.editor)
    assert (seen.in_person_conferences, seen.in_person_attendances) == (1, 50)
    assert (seen.talks, seen.talk_attendances) == (0, 0)  # the province's talk is not the commune's
    # The province's conference is not the commune's to see, but its point is.
    assert (seen.online_conferences, seen.online_points, seen.online_attendances) == (1, 1, 40)
    assert activity_figures(world.commune, start, end).as_dict() == seen.as_dict()
    assert activity_figures(world.sibling, start, end, user=world.editor).as_dict() == dict.fromkeys(
        FIGURE_NAMES, 0
    )
    assert activity_figures(world.province, start, end, user=world.nobody).as_dict() == dict.fromkeys(
        FIGURE_NAMES, 0
    )
    # Outside the period nothing counts; the bounds are included.
    assert activity_figures(world.province, day, day).online_points == 3
    assert activity_figures(world.province, day + dt.timedelta(days=1), end).as_dict() == dict.fromkeys(
        FIGURE_NAMES, 0
    )


def test_the_sentence_reads_as_the_cao_bang_report(db):
    """1.103 conferences with 35.992 attendances; 21 online over 312 points with 8.284: written,
    counted by the service and printed the Vietnamese way."""
    province = Unit.objects.add_root(
        instance=Unit(
            code="CB", name="Tỉnh Cao Bằng", level=Level.PROVINCE, kind=Kind.PARTY_COMMITTEE, valid_from=START
        )
    )
    hosts = [reload(province)]
    for number in range(13):
        commune = add_unit(
            hosts[0], f"CB{number}", f"Xã {number}", kind=Kind.PARTY_COMMITTEE, level=Level.COMMUNE
        )
        hosts.append(commune)
        hosts += [
            add_unit(
                commune, f"CB{number}-{c}", f"Chi bộ {number}-{c}", kind=Kind.PARTY_CELL, level=Level.CELL
            )
            for c in range(2)
        ]
    conference = ActivityKind.objects.get(name="Hội nghị học tập, quán triệt")
    day = D(2023, 6, 1)
    in_person = [
        Activity(
            unit=hosts[number % len(hosts)],
            kind=conference,
            held_on=day + dt.timedelta(days=number % 200),
            title="Hội nghị",
            participants=32 + (number < 696),
        )
        for number in range(1103)
    ]
    Activity.objects.bulk_create(in_person)
    sizes = [15] * 18 + [14] * 3
    online = Activity.objects.bulk_create(
        [
            Activity(unit=hosts[0], kind=conference, held_on=day, title="Trực tuyến", form=Form.ONLINE)
            for _ in sizes
        ]
    )
    points, number = [], 0
    for activity, size in zip(online, sizes, strict=True):
        for host in hosts[:size]:
            points.append(ConnectionPoint(activity=activity, unit=host, participants=26 + (number < 172)))
            number += 1
    ConnectionPoint.objects.bulk_create(points)
    assert (len(points), sum(p.participants for p in points)) == (312, 8284)

    counted = activity_figures(hosts[0], D(2023, 1, 1), D(2023, 12, 31))
    with translation.override("vi"):
        assert counted.sentence() == (
            "tổ chức 1.103 hội nghị trực tiếp với 35.992 lượt người tham gia, "
            "21 hội nghị trực tuyến kết nối 312 điểm cầu với 8.284 lượt người tham gia"
        )
    with translation.override("en"):
        assert counted.sentence() == (
            "held 1.103 in-person conferences with 35.992 attendances, "
            "21 online conferences over 312 connection points with 8.284 attendances"
        )


def figures_of(world, **values) -> ActivityFigures:
    return ActivityFigures(within=world.province, start=D(2025, 1, 1), end=D(2025, 12, 31), **values)


def test_the_sentence_leaves_zeros_out_and_says_chua_when_nothing_was_held(world):
    with translation.override("vi"):
        assert (
            figures_of(world).sentence() == "chưa tổ chức hội nghị học tập, quán triệt hay sinh hoạt chi bộ"
        )
        assert figures_of(world, in_person_conferences=12, in_person_attendances=1500).sentence() == (
            "tổ chức 12 hội nghị trực tiếp với 1.500 lượt người tham gia"
        )
        # Attendances not recorded: the conferences alone, never "với 0 lượt".
        assert figures_of(world, in_person_conferences=3).sentence() == "tổ chức 3 hội nghị trực tiếp"
        assert figures_of(world, cell_meetings=4).sentence() == "duy trì 4 buổi sinh hoạt chi bộ"
    with translation.override("en"):
        assert figures_of(world).sentence() == "held no study conference or cell meeting yet"


def test_every_count_of_attendances_says_what_was_attended(world):
    found = figures_of(
        world,
        in_person_conferences=2, in_person_attendances=146, online_conferences=1, online_attendances=80,
        talks=3, talk_attendances=210, cell_meetings=40, cell_meetings_with_topic=36,
        thematic_cell_meetings=4, committee_attended_meetings=12,
    )  # fmt: skip
    with translation.override("vi"):
        assert found.sentence() == (
            "tổ chức 2 hội nghị trực tiếp với 146 lượt người tham gia, 1 hội nghị trực tuyến với 80 lượt "
            "người tham gia, 3 buổi nói chuyện chuyên đề với 210 lượt người tham gia; duy trì 40 buổi sinh "
            "hoạt chi bộ, trong đó 36 buổi có nội dung chuyên đề, 4 buổi sinh hoạt chuyên đề, 12 buổi có "
            "cấp ủy viên cấp trên dự"
        )
        assert "/" not in found.sentence()
    with translation.override("en"):
        assert figures_of(world, in_person_conferences=1, in_person_attendances=1, talks=1).sentence() == (
            "held 1 in-person conference with 1 attendance, 1 talk"
        )


# --- query counts ------------------------------------------------------------------------------


def grow(world, communes: int, start: int = 0) -> None:
    """Communes with cells, meetings attended by an assigned committee member and points of a
    provincial conference: the data the counts must not follow."""
    day = D(2025, 2, 10)
    province_conference = online_conference(world.province, day, [(world.province, 10)])
    for number, commune, (cell,) in grow_communes(world, communes, start=start):
        AttendanceRule.objects.create(unit=commune, times=1 + number % 3, per="quarter")
        member = Person.objects.create(unit=cell, full_name=f"Ủy viên Q{number}")
        Position.objects.create(person=member, unit=commune, kind="committee_member", start_date=START)
        Assignment.objects.create(person=member, unit=cell, start_date=START)
        meeting = record(cell, "Sinh hoạt chi bộ định kỳ", day, 10)
        meeting.committee_attendees.set([member])
        record(commune, "Hội nghị học tập, quán triệt", day, 40)
        ConnectionPoint.objects.create(activity=province_conference, unit=commune, participants=20)


def test_the_figures_and_compliance_take_the_same_queries_for_3_or_30_communes(world):
    period = periods.parse("2025")
    user = world.province_admin

    def figures_of_all():
        activity_figures(world.province, period.start, period.end)

    def figures_seen():
        activity_figures(world.province, period.start, period.end, user=user)

    def compliance_of_all():
        result = compliance(world.province, period, user=user)
        list(result.unvisited_cells)
        return result.members

    grow(world, 3)
    compliance_of_all()  # reads the user's roles once
    small = [count_queries(call) for call in (figures_of_all, figures_seen, compliance_of_all)]
    grow(world, 27, start=3)
    assert len(compliance(world.province, period, user=user).rows) == 30
    large = [count_queries(call) for call in (figures_of_all, figures_seen, compliance_of_all)]
    assert large == small == [4, 4, 4]


# --- compliance with the attendance rule -----------------------------------------------------------


@pytest.fixture
def cells(world):
    """Three cells of Xã Đông Sơn and one of Xã Tây Hồ, with committee members of each commune."""
    second = add_unit(world.commune, "X1-C2", "Chi bộ thôn Hai", kind=Kind.PARTY_CELL, level=Level.CELL)
    third = add_unit(world.commune, "X1-C3", "Chi bộ thôn Ba", kind=Kind.PARTY_CELL, level=Level.CELL)
    return {"one": world.cell, "two": second, "three": third, "theirs": world.sibling_cell}


def member(world, name: str, at: Unit | None = None) -> Person:
    at = at or world.commune
    person = Person.objects.create(unit=world.cell, full_name=name, is_party_member=True)
    Position.objects.create(person=person, unit=at, kind="committee_member", start_date=START)
    return person


def assign(
    person: Person, cell: Unit, start: dt.date | None = None, end: dt.date | None = None
) -> Assignment:
    start = start or D(2024, 1, 1)
    return Assignment.objects.create(person=person, unit=cell, start_date=start, end_date=end)


def attend(cell: Unit, day: dt.date, *people: Person, kind: str = "Sinh hoạt chi bộ định kỳ") -> Activity:
    meeting = record(cell, kind, day, 15)
    meeting.committee_attendees.set(people)
    return meeting


def row_of(result, assignment: Assignment):
    return next(row for row in result.rows if row.assignment.pk == assignment.pk)


def windows(row) -> list[tuple[dt.date, int, int]]:
    return [(window.start, window.required, window.attended) for window in row.windows]


def test_a_monthly_rule_over_a_quarter_names_the_month_missed(world, cells):
    lan = member(world, "Nguyễn Thị Lan")
    ha = member(world, "Trần Văn Hà")
    ours = assign(lan, cells["one"])
    assign(ha, cells["two"])
    attend(cells["one"], D(2025, 1, 31), lan)  # the last day of January
    attend(cells["one"], D(2025, 2, 1), ha)  # February: someone else came, not Lan
    attend(cells["two"], D(2025, 2, 14), lan, ha)  # Lan at a cell she does not follow
    attend(cells["one"], D(2025, 3, 1), lan)
    attend(cells["one"], D(2025, 3, 20), lan, kind="Sinh hoạt chi bộ chuyên đề")
    record(cells["one"], "Hội nghị học tập, quán triệt", D(2025, 2, 20), 30).committee_attendees.set([lan])

    result = compliance(world.commune, periods.parse("2025-Q1"), user=world.editor)
    row = row_of(result, ours)
    assert windows(row) == [(D(2025, 1, 1), 1, 1), (D(2025, 2, 1), 1, 0), (D(2025, 3, 1), 1, 2)]
    assert not row.met and (row.required, row.attended) == (3, 3)
    assert [(w.start, w.end) for w in row.missed_windows] == [(D(2025, 2, 1), D(2025, 2, 28))]
    members = result.members
    assert [(m.name, m.met) for m in members] == [("Nguyễn Thị Lan", False), ("Trần Văn Hà", False)]
    assert (result.met_count, result.not_met_count) == (0, 2)
    # Hà's second cell meeting is only February's: one attendance, not two for the two members there.
    assert windows(row_of(result, Assignment.objects.get(person=ha))) == [
        (D(2025, 1, 1), 1, 0),
        (D(2025, 2, 1), 1, 1),
        (D(2025, 3, 1), 1, 0),
    ]
    assert list(result.unvisited_cells) == [cells["three"]]
    # Each month on its own.
    assert (
        compliance(world.commune, periods.parse("2025-01"), user=world.editor).members[0].met is False
    )  # Hà
    february = compliance(world.commune, periods.parse("2025-02"), user=world.editor)
    assert [(m.name, m.met) for m in february.members] == [("Nguyễn Thị Lan", False), ("Trần Văn Hà", True)]


def test_december_and_january_belong_to_their_own_years(world, cells):
    lan = member(world, "Nguyễn Thị Lan")
    ours = assign(lan, cells["one"], start=D(2024, 6, 1))
    attend(cells["one"], D(2024, 12, 31), lan)
    attend(cells["one"], D(2026, 1, 1), lan)
    december = compliance(world.commune, periods.parse("2024-12"), user=world.editor)
    assert windows(row_of(december, ours)) == [(D(2024, 12, 1), 1, 1)] and december.members[0].met
    january = compliance(world.commune, periods.parse("2025-01"), user=world.editor)
    assert windows(row_of(january, ours)) == [(D(2025, 1, 1), 1, 0)]
    assert cells["one"] in january.unvisited_cells
    whole = row_of(compliance(world.commune, periods.parse("2025"), user=world.editor), ours)
    assert (whole.required, whole.attended, len(whole.missed_windows)) == (12, 0, 12)
    year_2024 = row_of(compliance(world.commune, periods.parse("2024"), user=world.editor), ours)
    assert (year_2024.required, year_2024.attended) == (7, 1)  # June to December


def test_a_yearly_rule_is_inherited_from_the_province_and_overridden_by_a_commune(world, cells):
    AttendanceRule.objects.create(unit=world.province, times=6, per="year", note="6 lần/năm")
    AttendanceRule.objects.create(unit=world.commune, times=2, per="year", note="2 lần/năm")
    lan = member(world, "Nguyễn Thị Lan")
    binh = member(world, "Lò Văn Bình", at=world.sibling)
    ours = assign(lan, cells["one"])
    theirs = assign(binh, cells["theirs"])
    # Lan twice in 2025 (and once on either side of it); Bình five times.
    attend(cells["one"], D(2024, 12, 31), lan)
    attend(cells["one"], D(2025, 1, 1), lan)
    attend(cells["one"], D(2025, 12, 31), lan)
    attend(cells["one"], D(2026, 1, 2), lan)
    for month in (1, 3, 5, 9, 12):
        attend(cells["theirs"], D(2025, month, 15), binh)

    year = compliance(world.province, periods.parse("2025"), user=world.province_admin)
    assert windows(row_of(year, ours)) == [(D(2025, 1, 1), 2, 2)] and row_of(year, ours).met
    assert windows(row_of(year, theirs)) == [(D(2025, 1, 1), 6, 5)] and not row_of(year, theirs).met
    assert (row_of(year, ours).times, row_of(year, ours).per) == (2, "year")
    assert (row_of(year, theirs).times, row_of(year, theirs).per) == (6, "year")
    assert [m.name for m in year.members if not m.met] == ["Lò Văn Bình"]
    # A quarter asks its share of the year, rounded down: 6/year → 1, 2/year → nothing yet.
    quarter = compliance(world.province, periods.parse("2025-Q2"), user=world.province_admin)
    assert windows(row_of(quarter, theirs)) == [(D(2025, 4, 1), 1, 1)]
    assert row_of(quarter, ours).windows == [] and row_of(quarter, ours).met
    half = compliance(world.province, periods.parse("2025-H2"), user=world.province_admin)
    assert windows(row_of(half, ours)) == [(D(2025, 7, 1), 1, 1)]
    assert windows(row_of(half, theirs)) == [(D(2025, 7, 1), 3, 2)]
    # The sibling commune's rule is the province's; the editor of Đông Sơn sees only its own rows.
    assert [
        row.assignment for row in compliance(world.province, periods.parse("2025"), user=world.editor).rows
    ] == [ours]


def test_a_quarterly_rule_over_a_year_is_checked_quarter_by_quarter(world, cells):
    AttendanceRule.objects.create(unit=world.commune, times=2, per="quarter")
    lan = member(world, "Nguyễn Thị Lan")
    ours = assign(lan, cells["one"])
    for day in (D(2025, 1, 5), D(2025, 3, 31), D(2025, 4, 1), D(2025, 9, 2), D(2025, 9, 30), D(2025, 10, 1)):
        attend(cells["one"], day, lan)
    row = row_of(compliance(world.commune, periods.parse("2025"), user=world.editor), ours)
    assert windows(row) == [
        (D(2025, 1, 1), 2, 2),
        (D(2025, 4, 1), 2, 1),
        (D(2025, 7, 1), 2, 2),
        (D(2025, 10, 1), 2, 1),
    ]
    assert [w.start.month for w in row.missed_windows] == [4, 10]
    # A month of a quarterly rule asks its share: 2 × 1/3, rounded down, is nothing.
    assert row_of(compliance(world.commune, periods.parse("2025-05"), user=world.editor), ours).windows == []


def test_an_assignment_starting_or_ending_mid_month_owes_nothing_for_that_month(world, cells):
    lan = member(world, "Nguyễn Thị Lan")
    ha = member(world, "Trần Văn Hà")
    starting = assign(lan, cells["one"], start=D(2025, 2, 10))
    ending = assign(ha, cells["two"], end=D(2025, 2, 14))
    attend(cells["one"], D(2025, 3, 3), lan)
    attend(cells["two"], D(2025, 1, 9), ha)
    result = compliance(world.commune, periods.parse("2025-Q1"), user=world.editor)
    assert windows(row_of(result, starting)) == [(D(2025, 3, 1), 1, 1)]  # February owed nothing
    assert windows(row_of(result, ending)) == [(D(2025, 1, 1), 1, 1)]  # nor February, nor March
    assert result.not_met_count == 0
    # Starting mid-year under a yearly rule: the whole months left, pro rata, rounded down.
    AttendanceRule.objects.create(unit=world.commune, times=6, per="year")
    late = assign(member(world, "Lê Văn Muộn"), cells["three"], start=D(2025, 3, 15))  # April to December
    assert windows(row_of(compliance(world.commune, periods.parse("2025"), user=world.editor), late)) == [
        (D(2025, 1, 1), 4, 0)
    ]
    # An assignment over before the period, or starting after it, is not listed.
    assert late.pk not in [
        r.assignment.pk for r in compliance(world.commune, periods.parse("2024"), user=world.editor).rows
    ]


def test_a_cell_closed_mid_year_is_owed_only_its_whole_months(world, cells):
    lan = member(world, "Nguyễn Thị Lan")
    ours = assign(lan, cells["two"])
    attend(cells["two"], D(2025, 2, 3), lan)
    close_unit(cells["two"], actor=world.superuser, on=D(2025, 6, 15))
    year = compliance(world.commune, periods.parse("2025"), user=world.editor)
    row = row_of(year, ours)
    assert windows(row) == [(D(2025, month, 1), 1, int(month == 2)) for month in range(1, 6)]
    assert (row.required, row.attended) == (5, 1)
    # Unvisited while it existed; after it closed it is not listed.
    assert reload(cells["two"]) not in year.unvisited_cells  # visited in February
    assert set(year.unvisited_cells) == {cells["one"], cells["three"]}
    autumn = compliance(world.commune, periods.parse("2025-Q3"), user=world.editor)
    assert set(autumn.unvisited_cells) == {cells["one"], cells["three"]}
    assert row_of(autumn, ours).windows == []


def test_a_merged_communes_cells_and_their_history_count_under_the_successor(world, cells):
    nam_ha = add_unit(world.province, "X3", "Xã Nam Hà", kind=Kind.PARTY_COMMITTEE, level=Level.COMMUNE)
    cell = add_unit(nam_ha, "X3-C1", "Chi bộ thôn Nam", kind=Kind.PARTY_CELL, level=Level.CELL)
    old = member(world, "Hà Văn Cũ", at=nam_ha)
    ours = assign(old, cell, start=D(2025, 1, 1))
    for month in range(1, 7):
        attend(cell, D(2025, month, 8), old)
    merge_units([nam_ha], into=world.sibling, on=MERGED_ON, actor=world.superuser)
    result = compliance(world.sibling, periods.parse("2025-H1"), user=world.outsider)
    assert row_of(result, ours).met and row_of(result, ours).attended == 6
    assert reload(cell) not in result.unvisited_cells
    assert ours.pk not in [
        r.assignment.pk for r in compliance(world.commune, periods.parse("2025-H1"), user=world.editor).rows
    ]


def test_the_figures_module_reads_its_rules_from_one_place():
    # The default rule of the compliance page is the one the services apply.
    assert attendance_compliance.DEFAULT_RULE == (1, "month")


def test_a_month_not_over_yet_asks_nothing(world, cells):
    """The current year reads "on track so far": this month's meeting may still come."""
    now = today()
    lan = member(world, "Nguyễn Thị Lan")
    ours = assign(lan, cells["one"], start=D(now.year - 1, 1, 1))
    for month in range(1, now.month):
        attend(cells["one"], D(now.year, month, 1), lan)
    this_year = row_of(compliance(world.commune, periods.year(now.year), user=world.editor), ours)
    assert this_year.required == this_year.attended == now.month - 1
    assert this_year.met
    this_month = row_of(
        compliance(world.commune, periods.month(now.year, now.month), user=world.editor), ours
    )
    assert this_month.windows == [] and this_month.met
    # Next year nothing is owed yet; last year, every month was (and nobody came).
    assert (
        row_of(compliance(world.commune, periods.year(now.year + 1), user=world.editor), ours).required == 0
    )
    last_year = row_of(compliance(world.commune, periods.year(now.year - 1), user=world.editor), ours)
    assert (last_year.required, last_year.attended, last_year.met) == (12, 0, False)
