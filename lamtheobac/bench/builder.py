"""The benchmark's province: at scale 1 about 100 communes, 3.000 cells,
100.000 people, 450.000 activities and 50.000 initiatives (with their
recognitions and adoptions), a few online conferences over many connection
points, and a commune merged by the 2025 reform, moved closed under its
successor.

The tree is planned in memory and written with bulk_create (treebeard paths
computed here, as lamtheobac/demo/builder.py does); the bulk rows are written
by one INSERT … SELECT each over a generated series, numbered host tables
(temporary tables) telling which unit a row belongs to. Values come from a
fixed hash of the row number, so the same scale builds the same data.

Everything hangs under one root unit coded ROOT_CODE: the rows of the data set
are the rows of that subtree (see `exists` and the command's --here mode,
which rolls them back).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from lamtheobac.accounts.models import Role
from lamtheobac.activities.models import (
    Activity,
    ActivityKind,
    Category,
    ConnectionPoint,
    Form,
)
from lamtheobac.core.text import fold
from lamtheobac.initiatives.models import Adoption, Initiative, InitiativeField, Recognition
from lamtheobac.people.models import Person
from lamtheobac.units.models import Kind, Level, MassOrgType, Unit, UnitChange

ROOT_CODE = "BENCH"
USERNAME = "bench-province"
FOUNDED = dt.date(2020, 1, 1)
FIRST_DAY = dt.date(2024, 1, 1)  # activities span 2024 and 2025
DAYS = 731
REFORM = dt.date(2025, 7, 1)
LAST_OLD_DAY = dt.date(2025, 6, 30)
INITIATIVES_FROM = dt.date(2023, 1, 1)  # initiatives registered 2023–2025
INITIATIVE_DAYS = 1096

# (code, name, kind, mass organisation type) of the bodies under the province and each commune
BODIES = (
    ("UBND", "Ủy ban nhân dân {place}", Kind.GOVERNMENT, ""),
    ("MTTQ", "Ủy ban MTTQ Việt Nam {place}", Kind.FRONT, ""),
    ("PN", "Hội Liên hiệp Phụ nữ {place}", Kind.MASS_ORG, MassOrgType.WOMEN),
    ("DTN", "Đoàn Thanh niên {place}", Kind.MASS_ORG, MassOrgType.YOUTH),
    ("ND", "Hội Nông dân {place}", Kind.MASS_ORG, MassOrgType.FARMERS),
    ("CCB", "Hội Cựu chiến binh {place}", Kind.MASS_ORG, MassOrgType.VETERANS),
    ("CA", "Công an {place}", Kind.POLICE, ""),
    ("QS", "Ban Chỉ huy Quân sự {place}", Kind.MILITARY, ""),
)
# The in-memory row number hash: spreads consecutive numbers over 0..HASH_MOD-1.
HASH_MUL = 2654435761
HASH_MOD = 1000003


class BenchError(Exception):
    """The data set cannot be built here."""


@dataclass(frozen=True)
class Sizes:
    communes: int
    cells_per_commune: int
    merged_cells: int
    people: int
    activities: int
    initiatives: int
    province_online: int
    commune_online: int

    @classmethod
    def for_scale(cls, scale: float) -> Sizes:
        if scale <= 0:
            raise BenchError("--scale must be greater than 0.")
        return cls(
            communes=max(2, round(100 * scale)),
            cells_per_commune=30,
            merged_cells=10,
            people=max(200, round(100_000 * scale)),
            activities=max(500, round(450_000 * scale)),
            initiatives=max(100, round(50_000 * scale)),
            province_online=max(2, round(20 * scale)),
            commune_online=max(2, round(10 * scale)),
        )


@dataclass
class BenchData:
    root: Unit
    successor: Unit  # the commune the merged one now sits under
    merged: Unit
    user: User  # an approver at the province
    sizes: Sizes
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def exists() -> bool:
    return Unit.objects.filter(code=ROOT_CODE).exists()


# -- the tree ---------------------------------------------------------------------------
class _Node:
    __slots__ = ("children", "unit")

    def __init__(self, unit: Unit):
        self.unit = unit
        self.children: list[_Node] = []


def _unit(parent, code, name, kind, *, level=Level.NONE, mass_org_type="", valid_to=None) -> _Node:
    full_code = f"{parent.unit.code}.{code}" if parent is not None else code
    node = _Node(
        Unit(
            code=full_code,
            name=name,
            search_name=fold(f"{name} {full_code}"),
            level=level,
            kind=kind,
            mass_org_type=mass_org_type,
            valid_from=FOUNDED,
            valid_to=valid_to,
        )
    )
    if parent is not None:
        parent.children.append(node)
    return node


def _bodies(parent: _Node, place: str, valid_to=None) -> None:
    for code, pattern, kind, org_type in BODIES:
        _unit(parent, code, pattern.format(place=place), kind, mass_org_type=org_type, valid_to=valid_to)


def _plan(sizes: Sizes) -> tuple[_Node, _Node, _Node]:
    root = _unit(None, ROOT_CODE, "Tỉnh ủy Đo Lường", Kind.PARTY_COMMITTEE, level=Level.PROVINCE)
    _bodies(root, "tỉnh Đo Lường")
    communes = []
    for number in range(1, sizes.communes + 1):
        commune = _unit(
            root, f"X{number:03d}", f"Đảng ủy xã Thử {number}", Kind.PARTY_COMMITTEE, level=Level.COMMUNE
        )
        _bodies(commune, f"xã Thử {number}")
        for cell in range(1, sizes.cells_per_commune + 1):
            _unit(
                commune,
                f"CB{cell:02d}",
                f"Chi bộ thôn {cell} xã Thử {number}",
                Kind.PARTY_CELL,
                level=Level.CELL,
            )
        communes.append(commune)
    successor = communes[0]
    # Merged by the 2025 reform: moved, closed, under its successor, with its own bodies and cells.
    merged = _unit(
        successor,
        "CU",
        "Đảng ủy xã Cũ (đã sáp nhập)",
        Kind.PARTY_COMMITTEE,
        level=Level.COMMUNE,
        valid_to=LAST_OLD_DAY,
    )
    _bodies(merged, "xã Cũ", valid_to=LAST_OLD_DAY)
    for cell in range(1, sizes.merged_cells + 1):
        _unit(
            merged,
            f"CB{cell:02d}",
            f"Chi bộ thôn {cell} xã Cũ",
            Kind.PARTY_CELL,
            level=Level.CELL,
            valid_to=LAST_OLD_DAY,
        )
    return root, successor, merged


def _write_tree(root: _Node) -> list[Unit]:
    last = Unit.objects.get_root_nodes().order_by("-path").first()
    root_path = last._inc_path() if last is not None else Unit._get_path(None, 1, 1)
    ordered: list[Unit] = []
    stack: list[tuple[_Node, str]] = [(root, root_path)]
    while stack:
        node, path = stack.pop()
        unit = node.unit
        unit.path = path
        unit.depth = len(path) // Unit.steplen
        unit.numchild = len(node.children)
        ordered.append(unit)
        for number in range(len(node.children), 0, -1):
            stack.append((node.children[number - 1], Unit._get_path(path, unit.depth + 1, number)))
    Unit.objects.bulk_create(ordered, batch_size=1000)
    return ordered


# -- SQL per database flavour -------------------------------------------------------------
def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _series(count: int) -> str:
    """A CTE `seq(n)` of 0..count-1."""
    if _postgres():
        return f"seq(n) AS (SELECT generate_series(CAST(0 AS bigint), {int(count) - 1}))"
    return f"seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < {int(count)})"


def _plus_days(date_sql: str, days_sql: str) -> str:
    if _postgres():
        return f"(CAST({date_sql} AS date) + CAST({days_sql} AS integer))"
    return f"date({date_sql}, '+' || ({days_sql}) || ' days')"


def _year(date_sql: str) -> str:
    if _postgres():
        return f"CAST(EXTRACT(YEAR FROM {date_sql}) AS integer)"
    return f"CAST(strftime('%Y', {date_sql}) AS integer)"


def _literal(day: dt.date) -> str:
    return f"'{day.isoformat()}'"


def _execute(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount


def _hosts(table: str, where: str, root_path: str) -> int:
    """A temporary table (idx 0..n-1, unit_id, is_cell) of the root's units matching `where`."""
    _execute(f"DROP TABLE IF EXISTS {table}")
    _execute(
        f"CREATE TEMPORARY TABLE {table} (idx integer PRIMARY KEY, unit_id bigint NOT NULL, is_cell integer)"
    )
    unit_table = Unit._meta.db_table
    _execute(
        f"INSERT INTO {table} (idx, unit_id, is_cell) "
        f"SELECT ROW_NUMBER() OVER (ORDER BY path) - 1, id, CASE WHEN level = 'cell' THEN 1 ELSE 0 END "
        f"FROM {unit_table} WHERE path LIKE '{root_path}%' AND ({where})"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]


def _kinds() -> dict[str, int]:
    """The activity kind to use for each slot (the installation's list, completed if need be)."""
    wanted = {
        "conference": (Category.CONFERENCE, False),
        "talk": (Category.TALK, None),
        "meeting": (Category.CELL_MEETING, False),
        "thematic": (Category.CELL_MEETING, True),
        "flag": (Category.FLAG_CEREMONY, None),
        "day": (Category.DAY_WITH_PEOPLE, None),
        "other": (Category.OTHER, None),
    }
    found = {}
    for slot, (category, thematic) in wanted.items():
        kinds = ActivityKind.objects.filter(category=category).order_by("position", "pk")
        if thematic is not None:
            kinds = kinds.filter(thematic=thematic)
        kind = kinds.first()
        if kind is None:
            kind = ActivityKind.objects.create(
                name=f"{category} ({ROOT_CODE})", category=category, thematic=bool(thematic)
            )
        found[slot] = kind.pk
    return found


# -- the rows ------------------------------------------------------------------------------
def _people(count: int) -> None:
    hashed = f"((seq.n * {HASH_MUL}) % {HASH_MOD})"
    table = Person._meta.db_table
    _execute(
        f"WITH RECURSIVE {_series(count)} "
        f"INSERT INTO {table} (full_name, search_name, unit_id, is_party_member, is_civil_servant, "
        "is_union_member, is_demo, created_at, updated_at) "
        "SELECT 'Đảng viên số ' || seq.n, 'dang vien so ' || seq.n, host.unit_id, "
        f"{hashed} % 10 < 7, {hashed} % 10 < 2, {hashed} % 3 = 0, FALSE, "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP "
        f"FROM seq JOIN bench_cell host ON host.idx = seq.n % (SELECT COUNT(*) FROM bench_cell)"
    )


def _activities(count: int, hosts: str, first_day: dt.date, days: int, kinds: dict[str, int]) -> None:
    """`count` activities of the units in `hosts`: cells mostly hold cell meetings, the others
    conferences, talks and the rest; dates spread over `days` days from `first_day`."""
    if count <= 0:
        return
    table = Activity._meta.db_table
    h = "r.h % 100"
    kind = (
        f"CASE WHEN host.is_cell = 1 THEN CASE WHEN {h} < 55 THEN {kinds['meeting']} "
        f"WHEN {h} < 70 THEN {kinds['thematic']} WHEN {h} < 75 THEN {kinds['conference']} "
        f"WHEN {h} < 80 THEN {kinds['talk']} WHEN {h} < 88 THEN {kinds['flag']} "
        f"WHEN {h} < 95 THEN {kinds['day']} ELSE {kinds['other']} END "
        f"ELSE CASE WHEN {h} < 40 THEN {kinds['conference']} WHEN {h} < 60 THEN {kinds['talk']} "
        f"WHEN {h} < 75 THEN {kinds['flag']} WHEN {h} < 90 THEN {kinds['day']} ELSE {kinds['other']} END END"
    )
    held_on = _plus_days(_literal(first_day), f"(r.n * 7919) % {int(days)}")
    _execute(
        f"WITH RECURSIVE {_series(count)}, "
        f"r AS (SELECT n, (n * {HASH_MUL}) % {HASH_MOD} AS h FROM seq) "
        f"INSERT INTO {table} (unit_id, kind_id, held_on, title, search_title, topic_id, form, participants, "
        "party_members, topic_content, notes, created_by_id, is_demo, created_at, updated_at) "
        f"SELECT host.unit_id, {kind}, {held_on}, 'Hoạt động số ' || r.n, 'hoat dong so ' || r.n, NULL, "
        f"'{Form.IN_PERSON}', 10 + (r.h / 100) % 41, (10 + (r.h / 100) % 41) / 2, "
        "CASE WHEN (r.h / 7) % 3 = 0 THEN 'Học tập chuyên đề năm' ELSE '' END, '', NULL, FALSE, "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP "
        f"FROM r JOIN {hosts} host ON host.idx = r.n % (SELECT COUNT(*) FROM {hosts})"
    )


def _committee_attendance(root_path: str) -> int:
    """A committee member at one cell meeting in four, a second one at one in eight."""
    units, people, activities = Unit._meta.db_table, Person._meta.db_table, Activity._meta.db_table
    kinds = ActivityKind._meta.db_table
    through = Activity.committee_attendees.through._meta.db_table
    _execute("DROP TABLE IF EXISTS bench_member")
    _execute("CREATE TEMPORARY TABLE bench_member (idx integer PRIMARY KEY, person_id bigint NOT NULL)")
    _execute(
        "INSERT INTO bench_member (idx, person_id) SELECT ROW_NUMBER() OVER (ORDER BY p.id) - 1, p.id "
        f"FROM {people} p JOIN {units} u ON u.id = p.unit_id "
        f"WHERE u.path LIKE '{root_path}%' AND p.id % 20 = 0"
    )
    meetings = (
        f"FROM {activities} a JOIN {units} u ON u.id = a.unit_id JOIN {kinds} k ON k.id = a.kind_id "
        f"JOIN bench_member m ON m.idx = (a.id + {{shift}}) % (SELECT COUNT(*) FROM bench_member) "
        f"WHERE u.path LIKE '{root_path}%' AND k.category = '{Category.CELL_MEETING}' "
        "AND a.id % {every} = 0"
    )
    return _execute(
        f"INSERT INTO {through} (activity_id, person_id) SELECT a.id, m.person_id "
        + meetings.format(shift=0, every=4)
        + " UNION ALL SELECT a.id, m.person_id "
        + meetings.format(shift=1, every=8)
    )


def _online(root: Unit, sizes: Sizes, kind_id: int) -> tuple[int, int]:
    """Provincial online conferences over every commune and two cells of each (about 300 points at
    scale 1; the merged commune joins those before the merger), and communes' own over their cells."""
    communes = list(Unit.objects.filter(path__startswith=root.path, level=Level.COMMUNE).order_by("path"))
    cells = {}
    for cell in Unit.objects.filter(path__startswith=root.path, level=Level.CELL).order_by("path"):
        cells.setdefault(cell.path[: -Unit.steplen], []).append(cell)
    plans: list[tuple[Activity, list[Unit]]] = []
    for number in range(sizes.province_online):
        day = FIRST_DAY + dt.timedelta(days=(number * 389 + 450) % DAYS)
        hosts = [root]
        for commune in communes:
            if commune.valid_to is not None and commune.valid_to < day:
                continue
            hosts.append(commune)
            hosts += cells.get(commune.path, [])[:2]
        plans.append(
            (_conference(root, kind_id, day, number, Form.ONLINE if number % 2 else Form.HYBRID), hosts)
        )
    open_communes = [commune for commune in communes if commune.valid_to is None]
    for number in range(sizes.commune_online):
        commune = open_communes[number % len(open_communes)]
        day = FIRST_DAY + dt.timedelta(days=(number * 263 + 500) % DAYS)
        hosts = [commune, *cells.get(commune.path, [])]
        plans.append((_conference(commune, kind_id, day, number, Form.ONLINE), hosts))
    Activity.objects.bulk_create([activity for activity, _hosts in plans], batch_size=500)
    points = []
    for activity, hosts in plans:
        for index, host in enumerate(hosts):
            participants = 15 + (activity.pk * 31 + index * 17) % 60
            points.append(
                ConnectionPoint(
                    activity=activity, unit=host, participants=participants, party_members=participants // 3
                )
            )
            # The service keeps a conference's attendance equal to the sum of its points.
            activity.participants += participants
            activity.party_members += participants // 3
    ConnectionPoint.objects.bulk_create(points, batch_size=2000)
    Activity.objects.bulk_update([activity for activity, _ in plans], ["participants", "party_members"])
    return len(plans), len(points)


def _conference(unit: Unit, kind_id: int, day: dt.date, number: int, form: str) -> Activity:
    title = f"Hội nghị trực tuyến học tập chuyên đề số {number + 1} ({unit.name})"
    return Activity(unit=unit, kind_id=kind_id, held_on=day, title=title, search_title=fold(title), form=form)


def _initiatives(count: int, field_id: int) -> None:
    table = Initiative._meta.db_table
    registered = _plus_days(_literal(INITIATIVES_FROM), f"(r.n * 389) % {INITIATIVE_DAYS}")
    status = (
        "CASE r.h % 10 WHEN 0 THEN 'dropped' WHEN 1 THEN 'registered' WHEN 2 THEN 'registered' "
        "WHEN 3 THEN 'registered' WHEN 4 THEN 'in_progress' WHEN 5 THEN 'in_progress' "
        "WHEN 6 THEN 'in_progress' WHEN 7 THEN 'evaluated' WHEN 8 THEN 'recognised' ELSE 'replicated' END"
    )
    _execute(
        f"WITH RECURSIVE {_series(count)}, "
        f"r AS (SELECT n, (n * {HASH_MUL}) % {HASH_MOD} AS h FROM seq), "
        f"d AS (SELECT r.n, r.h, {registered} AS day FROM r) "
        f"INSERT INTO {table} (unit_id, title, search_title, field_id, kind, year, movement_id, description, "
        "goals, responsible_id, start_date, registered_on, status, status_since, resume_status, "
        "recognition_level, recognition_grade, derived_from_id, is_demo, created_at, updated_at) "
        f"SELECT host.unit_id, 'Mô hình số ' || r.n, 'mo hinh so ' || r.n, {int(field_id)}, 'model', "
        f"{_year('r.day')}, NULL, '', '', NULL, NULL, r.day, {status}, r.day, '', '', '', "
        "NULL, FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP "
        "FROM d r JOIN bench_any host ON host.idx = r.n % (SELECT COUNT(*) FROM bench_any)"
    )


def _recognitions(root: Unit) -> int:
    initiatives, units = Initiative._meta.db_table, Unit._meta.db_table
    table = Recognition._meta.db_table
    mine = f"FROM {initiatives} i JOIN {units} u ON u.id = i.unit_id WHERE u.path LIKE '{root.path}%'"
    return _execute(
        f'INSERT INTO {table} (initiative_id, level, grade, body_unit_id, body_name, decision, "on", note, '
        "created_at) "
        f"SELECT i.id, 'commune', 'pilot', {root.pk}, '', '', {_plus_days('i.registered_on', '200')}, '', "
        f"CURRENT_TIMESTAMP {mine} AND i.status IN ('recognised', 'replicated') "
        f"UNION ALL SELECT i.id, 'province', 'outstanding', {root.pk}, '', '', "
        f"{_plus_days('i.registered_on', '300')}, '', CURRENT_TIMESTAMP {mine} "
        "AND i.status IN ('recognised', 'replicated') AND i.id % 3 = 0"
    )


def _adoptions(root: Unit) -> int:
    initiatives, units = Initiative._meta.db_table, Unit._meta.db_table
    table = Adoption._meta.db_table
    part = (
        "SELECT i.id, host.unit_id, {day}, '', '', CURRENT_TIMESTAMP "
        f"FROM {initiatives} i JOIN {units} u ON u.id = i.unit_id "
        "JOIN bench_any host ON host.idx = (i.id * 31 + {shift}) % (SELECT COUNT(*) FROM bench_any) "
        f"WHERE u.path LIKE '{root.path}%' AND i.status = 'replicated' AND host.unit_id <> i.unit_id"
    )
    return _execute(
        f"INSERT INTO {table} (initiative_id, unit_id, adopted_on, local_title, note, created_at) "
        + part.format(day=_plus_days("i.registered_on", "100"), shift=1)
        + " UNION ALL "
        + part.format(day=_plus_days("i.registered_on", "150"), shift=2)
    )


def _approvals(root: Unit, year: int) -> tuple[int, int]:
    """Every commune's quarterly reports for `year` and the province's yearly
    reports, approved, with what each approval covers (its unit's subtree), as
    ReportCoverage rows written by one INSERT … SELECT. The approved basis then
    reads every row, so it can be checked against the same bare query."""
    from lamtheobac.reports import services as report_services
    from lamtheobac.reports.models import Report, State

    approved_at = timezone.make_aware(dt.datetime(year + 1, 1, 20, 9))
    quarters = [report_services.period_for(f"{year}-Q{number}") for number in range(1, 5)]
    communes = list(Unit.objects.filter(path__startswith=root.path, level=Level.COMMUNE))
    reports = [
        Report(
            unit=unit,
            period=period,
            cutoff=period.end,
            state=State.APPROVED,
            title=f"Báo cáo {period.key}",
            approved_at=approved_at,
        )
        for unit in communes
        for period in quarters
    ]
    # The province's years since the first initiative (those under way were registered then).
    reports += [
        Report(
            unit=root,
            period=(year_period := report_services.period_for(str(number))),
            cutoff=year_period.end,
            state=State.APPROVED,
            title=f"Báo cáo năm {number}",
            approved_at=approved_at,
        )
        for number in range(INITIATIVES_FROM.year, year + 1)
    ]
    Report.objects.bulk_create(reports, batch_size=2000)
    covered = _execute(
        "INSERT INTO reports_reportcoverage (report_id, unit_id) "
        "SELECT r.id, u.id FROM reports_report r "
        "JOIN units_unit ru ON ru.id = r.unit_id "
        "JOIN units_unit u ON u.path LIKE ru.path || '%' "
        f"WHERE ru.path LIKE '{root.path}%'"
    )
    return len(reports), covered


def build(scale: float = 1, *, say=None) -> BenchData:
    """Write the data set under a new root unit (refuses if one is there already)."""
    started = time.perf_counter()
    sizes = Sizes.for_scale(scale)
    if exists():
        raise BenchError(f"A unit coded {ROOT_CODE} exists already: the benchmark needs its own province.")
    if User.objects.filter(username=USERNAME).exists():
        raise BenchError(f"An account named {USERNAME} exists already.")

    def step(text):
        if say is not None:
            say(f"  {text} ({time.perf_counter() - started:.1f} s)")

    root_node, successor_node, merged_node = _plan(sizes)
    units = _write_tree(root_node)
    root, successor, merged = root_node.unit, successor_node.unit, merged_node.unit
    Unit.objects.filter(pk=merged.pk).update(merged_into=successor)
    merged.merged_into = successor
    UnitChange.objects.bulk_create(
        [
            UnitChange(unit=merged, kind=UnitChange.Kind.MERGED, on=REFORM, other=successor),
            UnitChange(unit=merged, kind=UnitChange.Kind.MOVED, on=REFORM, new_parent=successor),
        ]
    )
    counts = {"units": len(units)}
    step(f"{len(units)} units")
    counts["hosts"] = _hosts("bench_host", "valid_to IS NULL", root.path)
    counts["merged_hosts"] = _hosts("bench_old_host", "valid_to IS NOT NULL", root.path)
    _hosts("bench_cell", "level = 'cell'", root.path)
    _hosts("bench_any", "1 = 1", root.path)
    _people(sizes.people)
    step("people")
    kinds = _kinds()
    total_hosts = counts["hosts"] + counts["merged_hosts"]
    old_share = round(
        sizes.activities * counts["merged_hosts"] / total_hosts * (LAST_OLD_DAY - FIRST_DAY).days / DAYS
    )
    _activities(sizes.activities - old_share, "bench_host", FIRST_DAY, DAYS, kinds)
    _activities(old_share, "bench_old_host", FIRST_DAY, (LAST_OLD_DAY - FIRST_DAY).days + 1, kinds)
    step("activities")
    counts["committee_attendances"] = _committee_attendance(root.path)
    counts["online_conferences"], counts["connection_points"] = _online(root, sizes, kinds["conference"])
    step(f"{counts['online_conferences']} online conferences, {counts['connection_points']} points")
    field_row = InitiativeField.objects.order_by("position", "pk").first()
    if field_row is None:
        field_row = InitiativeField.objects.create(name=f"Lĩnh vực ({ROOT_CODE})")
    _initiatives(sizes.initiatives, field_row.pk)
    counts["recognitions"] = _recognitions(root)
    counts["adoptions"] = _adoptions(root)
    counts["people"] = Person.objects.filter(unit__path__startswith=root.path).count()
    counts["activities"] = Activity.objects.filter(unit__path__startswith=root.path).count()
    counts["initiatives"] = Initiative.objects.filter(unit__path__startswith=root.path).count()
    step(f"{counts['initiatives']} initiatives")
    counts["approved_reports"], counts["coverage_rows"] = _approvals(root, 2025)
    step(f"{counts['approved_reports']} approved reports covering {counts['coverage_rows']} units")
    for table in ("bench_host", "bench_old_host", "bench_cell", "bench_any", "bench_member"):
        _execute(f"DROP TABLE IF EXISTS {table}")
    user = User.objects.create(username=USERNAME, first_name="Ban Tuyên giáo (benchmark)")
    Role.objects.create(user=user, unit=root, kind=Role.Kind.APPROVER)
    analyse()
    step("statistics updated (ANALYZE)")
    return BenchData(
        root=Unit.objects.get(pk=root.pk),
        successor=Unit.objects.get(pk=successor.pk),
        merged=Unit.objects.get(pk=merged.pk),
        user=user,
        sizes=sizes,
        counts=counts,
        seconds=time.perf_counter() - started,
    )


def analyse() -> None:
    """Fresh planner statistics (and on PostgreSQL, outside a transaction, the visibility map),
    as autovacuum would give a real database."""
    if _postgres() and not connection.in_atomic_block:
        _execute("VACUUM ANALYZE")
    else:
        _execute("ANALYZE")
