"""The demo province behind `make demo`, also used by tests and benchmarks.

The tree of about 3.000 units is planned in memory and written with
`bulk_create` (treebeard paths computed here), because `add_child` one unit at
a time takes minutes. Only the history goes through the services: the
communes of the old district merge on 1/7/2025 and the district closes on
30/6/2025 through `merge_units` and `close_unit`, so that its lineage, its
UnitChange rows and its audit trail are the real thing. The initiatives of
2023–2026, the activities of 2024–2026 and the reports of 2025–2026 come
last, on the merged tree (initiatives.py, stories.py, activities.py,
reports.py).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from typing import TextIO

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import Q

from lamtheobac.accounts.models import Role
from lamtheobac.accounts.services import grant_role
from lamtheobac.activities.models import Activity
from lamtheobac.core.formatting import format_date, format_number
from lamtheobac.core.text import fold
from lamtheobac.initiatives.models import Initiative
from lamtheobac.people.models import Person, Position
from lamtheobac.reports.models import Report
from lamtheobac.units import services as unit_services
from lamtheobac.units.models import Kind, Level, Unit, UnitChange

from . import data
from .activities import (
    ActivityCounts,
    build_activities,
    delete_activities,
    describe_activities,
)
from .initiatives import (
    InitiativeCounts,
    build_initiatives,
    delete_initiatives,
    describe_initiatives,
)
from .planner import (
    ALL_BODIES,
    HEADS_SINCE,
    Commune,
    DemoError,
    Node,
    Planner,
    assign_paths,
    commune_names,
    next_root_path,
    split_name,
)
from .reports import ReportCounts, build_reports, describe_reports

DEFAULT_SEED = 2025


COMMUNES_PER_SCALE = 100


@dataclass
class DemoSummary:
    units: int
    people: int
    positions: int
    communes: int  # open communes and wards, the merged new ones included
    cells: int
    seconds: float
    province: Unit
    xa_commune: Unit
    chibo_cell: Unit
    district: Unit
    merged_communes: list[Unit]  # formed on 1/7/2025
    old_communes: list[Unit]  # merged into them, closed on 30/6/2025
    users: dict[str, User] = field(default_factory=dict)
    initiatives: InitiativeCounts = field(default_factory=InitiativeCounts)
    activities: ActivityCounts = field(default_factory=ActivityCounts)
    reports: ReportCounts = field(default_factory=ReportCounts)


def demo_users() -> models.QuerySet:
    return User.objects.filter(email__iendswith=f"@{data.EMAIL_DOMAIN}")


def _demo_units_q() -> Q:
    """Demo units and everything under a demo root (units added there by hand too)."""
    condition = Q(is_demo=True)
    for path in Unit.objects.filter(depth=1, is_demo=True).values_list("path", flat=True):
        condition |= Q(path__startswith=path)
    return condition


def demo_exists() -> bool:
    return (
        Unit.objects.filter(is_demo=True).exists()
        or Person.objects.filter(is_demo=True).exists()
        or demo_users().exists()
    )


# Rows pointing at a unit through one of these must go before the unit does.
_BLOCKING = (models.CASCADE, models.PROTECT, models.RESTRICT, models.DO_NOTHING)


def _rows_on_units() -> list[tuple[type[models.Model], str]]:
    """(model, field) for every foreign key to Unit, from any app, present or future."""
    found = []
    for model in apps.get_models():
        if model is Unit:
            continue
        for model_field in model._meta.concrete_fields:
            if (
                (model_field.many_to_one or model_field.one_to_one)  # an attendance rule is one to one
                and model_field.related_model is Unit
                and model_field.remote_field.on_delete in _BLOCKING
            ):
                found.append((model, model_field.name))
    return found


@transaction.atomic
def reset_demo() -> tuple[int, int]:
    """Delete the demo data: units, people, roles, accounts and their history.

    Returns (units, people) deleted. Rows of other apps that belong to demo
    units (plans, reports, ...) go too; they are demo data by where they live.
    """
    units = Unit.objects.filter(_demo_units_q())
    unit_ids = units.values("pk")
    unit_count = units.count()
    delete_initiatives(unit_ids)
    delete_activities(unit_ids)
    people_count = Person.objects.filter(Q(is_demo=True) | Q(unit__in=unit_ids)).count()
    pending = _rows_on_units()
    # A row may be protected by another row of the list: retry until none is left.
    for _ in range(len(pending) + 1):
        blocked = []
        for model, name in pending:
            try:
                with transaction.atomic():
                    model._base_manager.filter(**{f"{name}__in": unit_ids}).delete()
            except (models.ProtectedError, models.RestrictedError):
                blocked.append((model, name))
        pending = blocked
        if not pending:
            break
    if pending:
        names = ", ".join(f"{model._meta.label}.{name}" for model, name in pending)
        raise DemoError(f"Không xóa được dữ liệu minh họa, còn dữ liệu liên quan trong: {names}")
    Person.objects.filter(is_demo=True).delete()
    Unit.objects.filter(Q(merged_into__in=unit_ids) | Q(pk__in=unit_ids)).update(merged_into=None)
    demo_users().delete()
    Unit.objects.filter(_demo_units_q()).delete()
    return unit_count, people_count


def _say(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def _create_accounts() -> dict[str, User]:
    clashes = list(
        User.objects.filter(username__in=list(data.ACCOUNTS))
        .exclude(email__iendswith=f"@{data.EMAIL_DOMAIN}")
        .values_list("username", flat=True)
    )
    if clashes:
        raise DemoError(
            "Đã có tài khoản không phải của dữ liệu minh họa: "
            + ", ".join(sorted(clashes))
            + ". Dùng một cơ sở dữ liệu khác cho bản minh họa."
        )
    # One hash for all four: hashing is deliberately slow and every demo
    # account has the same, published password anyway.
    password = make_password(data.PASSWORD)
    users = {}
    for username, (full_name, _) in data.ACCOUNTS.items():
        superuser = username == "admin"
        users[username] = User.objects.create(
            username=username,
            email=f"{username}@{data.EMAIL_DOMAIN}",
            first_name=full_name,
            password=password,
            is_superuser=superuser,
            is_staff=superuser,
        )
    return users


@dataclass
class _Layout:
    """The planned province: the nodes that the people, roles and history need."""

    province: Node
    bodies: dict[str, Node]
    district: Node
    district_bodies: dict[str, Node]
    old_groups: list[list[Commune]]  # old communes, in the order of data.MERGERS
    merged: list[Commune]  # the communes they formed, same order
    communes: list[Commune]  # the communes of today (not formed by the demo's mergers)
    xa: Commune
    chibo_cell: Node


def _lay_out(plan: Planner, count: int) -> _Layout:
    """Plan the tree: the province and its bodies, the old district, the communes."""
    rng = plan.rng
    province = plan.unit(
        None,
        data.PROVINCE_CODE,
        data.PROVINCE_NAME,
        Kind.PARTY_COMMITTEE,
        level=Level.PROVINCE,
        valid_from=data.FOUNDED,
    )
    bodies = {
        code: plan.unit(province, code, name, kind, mass_org_type=org_type, valid_from=valid_from)
        for code, name, kind, org_type, valid_from in data.PROVINCE_BODIES
    }
    district = plan.unit(
        province,
        data.DISTRICT_CODE,
        data.DISTRICT_NAME,
        Kind.PARTY_COMMITTEE,
        level=Level.DISTRICT,
        valid_from=data.FOUNDED,
    )
    district_bodies = {
        code: plan.unit(district, code, name, kind, valid_from=data.FOUNDED)
        for code, name, kind in data.DISTRICT_BODIES
    }
    old_groups: list[list[Commune]] = []
    number = 0
    for _, old_names in data.MERGERS:
        group = []
        for old_name in old_names:
            number += 1
            prefix, name = split_name(old_name)
            old = plan.commune(
                district,
                f"X{number:02d}",
                prefix,
                name,
                upland=False,
                valid_from=data.FOUNDED,
                bodies=data.OLD_COMMUNE_BODIES,
                cells=rng.randint(6, 9),
            )
            group.append(old)
        old_groups.append(group)

    # The communes of today, in alphabetical order, the merged ones among them.
    specs = []  # (sort key, name, prefix, upland, formed by a merger)
    for name, upland in commune_names(rng, count):
        ward = name != data.XA_COMMUNE and rng.random() < data.WARD_SHARE
        specs.append((fold(name), name, "Phường" if ward else "Xã", upland, False))
    for new_name, _ in data.MERGERS:
        prefix, name = split_name(new_name)
        specs.append((fold(name), name, prefix, False, True))
    specs.sort()
    numbers = {"Xã": 0, "Phường": 0}
    merged: dict[str, Commune] = {}
    communes: list[Commune] = []
    for _, name, prefix, upland, formed_by_merger in specs:
        numbers[prefix] += 1
        code = f"{'P' if prefix == 'Phường' else 'X'}{numbers[prefix]:03d}"
        if formed_by_merger:
            # No cells of its own: it takes over the cells of the communes it replaces.
            merged[name] = plan.commune(
                province, code, prefix, name, upland=False, valid_from=data.REFORM, bodies=ALL_BODIES
            )
            continue
        is_xa = name == data.XA_COMMUNE
        communes.append(
            plan.commune(
                province,
                code,
                prefix,
                name,
                upland=upland,
                valid_from=data.REFORM,
                cells=12 if is_xa else rng.randint(8, 20),
                schools=3 if is_xa else rng.randint(1, 3),
                first_village=data.CHIBO_VILLAGE if is_xa else None,
            )
        )
    xa = next(commune for commune in communes if commune.name == data.XA_COMMUNE)
    return _Layout(
        province=province,
        bodies=bodies,
        district=district,
        district_bodies=district_bodies,
        old_groups=old_groups,
        merged=[merged[split_name(new_name)[1]] for new_name, _ in data.MERGERS],
        communes=communes,
        xa=xa,
        chibo_cell=xa.village_cells[0],
    )


def _write(plan: Planner, layout: _Layout, *, actor: User) -> None:
    """Insert the planned units, their "created" history, people and positions."""
    ordered = assign_paths(layout.province, next_root_path())
    Unit.objects.bulk_create([unit for unit, _ in ordered], batch_size=1000)
    UnitChange.objects.bulk_create(
        [
            UnitChange(
                unit=unit, kind=UnitChange.Kind.CREATED, on=unit.valid_from, new_parent=parent, actor=actor
            )
            for unit, parent in ordered
        ],
        batch_size=1000,
    )
    Person.objects.bulk_create(plan.people, batch_size=1000)
    Position.objects.bulk_create(plan.positions, batch_size=1000)


def _merge_and_close(layout: _Layout, *, actor: User) -> None:
    """The 2025 reform, through the services: lineage, UnitChange rows and audit as in real use."""
    note = f"Sắp xếp đơn vị hành chính cấp xã từ {format_date(data.REFORM)} (dữ liệu minh họa)"
    for group, new in zip(layout.old_groups, layout.merged, strict=True):
        # Bodies first, so that only the cells are left to move with the commune's merger.
        for code in data.OLD_COMMUNE_BODIES:
            unit_services.merge_units(
                [old.bodies[code].unit for old in group],
                into=new.bodies[code].unit,
                on=data.REFORM,
                actor=actor,
                note=note,
            )
        unit_services.merge_units(
            [old.node.unit for old in group], into=new.node.unit, on=data.REFORM, actor=actor, note=note
        )
    # close_unit refuses while anything under the district is open: its communes
    # have merged away by now, its own bodies close first.
    note = f"Kết thúc hoạt động cấp huyện từ {format_date(data.REFORM)} (dữ liệu minh họa)"
    for body in layout.district_bodies.values():
        unit_services.close_unit(body.unit, actor=actor, on=data.LAST_DAY_OLD, note=note)
    unit_services.close_unit(layout.district.unit, actor=actor, on=data.LAST_DAY_OLD, note=note)


@transaction.atomic
def build_demo(
    *,
    communes: int | None = None,
    scale: int = 1,
    seed: int = DEFAULT_SEED,
    stdout: TextIO | None = None,
) -> DemoSummary:
    """Build the demo province: `communes` communes (default 100 × `scale`),
    plus the old district and its merged communes. Refuses if demo data exists."""
    started = time.perf_counter()
    count = communes if communes is not None else COMMUNES_PER_SCALE * scale
    if count < 1:
        raise DemoError("Cần ít nhất một xã.")
    if demo_exists():
        raise DemoError("Dữ liệu minh họa đã có sẵn.")
    if Unit.objects.filter(
        Q(code__iexact=data.PROVINCE_CODE) | Q(code__istartswith=f"{data.PROVINCE_CODE}.")
    ).exists():
        raise DemoError(f"Đã có đơn vị mang mã {data.PROVINCE_CODE}: không tạo được tỉnh minh họa.")
    users = _create_accounts()
    admin = users["admin"]
    plan = Planner(random.Random(seed))
    _say(stdout, "Lập cây đơn vị, người và chức vụ…")
    layout = _lay_out(plan, count)
    _staff(plan, layout)
    _say(stdout, "Ghi vào cơ sở dữ liệu…")
    _write(plan, layout, actor=admin)
    _say(stdout, "Cấp quyền cho các tài khoản minh họa…")
    grant_role(actor=admin, user=users["tinh"], unit=layout.province.unit, kind=Role.Kind.APPROVER)
    grant_role(actor=admin, user=users["xa"], unit=layout.xa.node.unit, kind=Role.Kind.EDITOR)
    grant_role(actor=admin, user=users["chibo"], unit=layout.chibo_cell.unit, kind=Role.Kind.EDITOR)
    _say(stdout, "Sáp nhập xã ngày 1/7/2025, kết thúc cấp huyện ngày 30/6/2025…")
    _merge_and_close(layout, actor=admin)
    _say(stdout, "Mô hình, việc làm điển hình 2023–2026…")
    counts = build_initiatives(layout, plan, users, seed=seed)
    _say(stdout, "Hoạt động 2024–2026: chuyên đề, hội nghị, sinh hoạt chi bộ…")
    activities = build_activities(layout, users, seed=seed)
    _say(stdout, "Báo cáo 2025–2026: yêu cầu, gửi, duyệt, trả lại…")
    reports = build_reports(layout, users, seed=seed)

    demo_units = Unit.objects.filter(is_demo=True)
    return DemoSummary(
        units=demo_units.count(),
        people=Person.objects.filter(is_demo=True).count(),
        positions=Position.objects.filter(person__is_demo=True).count(),
        communes=demo_units.filter(
            level=Level.COMMUNE, kind=Kind.PARTY_COMMITTEE, valid_to__isnull=True
        ).count(),
        cells=demo_units.filter(level=Level.CELL).count(),
        seconds=time.perf_counter() - started,
        province=Unit.objects.get(pk=layout.province.unit.pk),
        xa_commune=Unit.objects.get(pk=layout.xa.node.unit.pk),
        chibo_cell=Unit.objects.get(pk=layout.chibo_cell.unit.pk),
        district=Unit.objects.get(pk=layout.district.unit.pk),
        merged_communes=[Unit.objects.get(pk=new.node.unit.pk) for new in layout.merged],
        old_communes=list(
            Unit.objects.filter(
                pk__in=[old.node.unit.pk for group in layout.old_groups for old in group]
            ).order_by("code")
        ),
        users=users,
        initiatives=counts,
        activities=activities,
        reports=reports,
    )


def _staff(plan: Planner, layout: _Layout) -> None:
    """Plan everyone: heads, committees, cell members, and the people of the accounts."""
    rng, province, bodies = plan.rng, layout.province, layout.bodies
    # The province: heads of its bodies; the standing committee.
    heads = {}
    for code, body in bodies.items():
        kind = body.unit.kind
        heads[code] = plan.person(
            body, civil=kind not in (Kind.FRONT, Kind.MASS_ORG), union=kind in (Kind.FRONT, Kind.MASS_ORG)
        )
        plan.position(heads[code], body, Position.Kind.HEAD, max(body.unit.valid_from, HEADS_SINCE))
        for _ in range(rng.randint(1, 3)):
            plan.person(body, civil=kind not in (Kind.FRONT, Kind.MASS_ORG), party=rng.random() < 0.8)
    term = dt.date(2025, 10, 1)  # province congress, term 2025–2030
    plan.position(plan.person(bodies["VP"], civil=True), province, Position.Kind.SECRETARY, term)
    plan.position(heads["UBND"], province, Position.Kind.DEPUTY_SECRETARY, term)
    plan.position(plan.person(bodies["VP"], civil=True), province, Position.Kind.DEPUTY_SECRETARY, term)
    for code in ("BTC", "BTGDV", "UBKT", "CA", "QS", "MTTQ", "SNV"):
        plan.position(heads[code], province, Position.Kind.COMMITTEE_MEMBER, term)
    plan.person(bodies["BTGDV"], civil=True, union=False, name=data.ACCOUNTS["tinh"][0])

    # The old district: its leaders until 30/6/2025.
    leader = plan.person(layout.district_bodies["VP"], civil=True)
    plan.position(leader, layout.district, Position.Kind.SECRETARY, dt.date(2020, 8, 1), data.LAST_DAY_OLD)
    for body in layout.district_bodies.values():
        head = plan.person(body, civil=body.unit.kind != Kind.FRONT)
        plan.position(head, body, Position.Kind.HEAD, HEADS_SINCE, data.LAST_DAY_OLD)

    # Old communes: committees of the 2020–2025 term that ended on 30/6/2025;
    # cell secretaries elected in 2022 who carry on under the new commune.
    for group in layout.old_groups:
        for old in group:
            plan.staff_commune(
                old,
                cells_from=data.CELL_TERM_2022,
                bodies_from=HEADS_SINCE,
                committee_from=data.PARTY_TERM_2020,
                until=data.LAST_DAY_OLD,
            )
    # New merged communes: the old leaders take the new committee.
    for group, new in zip(layout.old_groups, layout.merged, strict=True):
        secretaries = [old.committee["secretary"][0] for old in group]
        old_deputies = [person for old in group for person in old.committee["deputies"]]
        old_members = [person for old in group for person in old.committee["members"]]
        deputies = secretaries[1:] + old_deputies[: max(0, 3 - len(secretaries[1:]))]
        new.committee = {
            "secretary": secretaries[:1],
            "deputies": deputies,
            "members": [p for p in old_deputies if p not in deputies] + rng.sample(old_members, 5),
        }
        plan.committee_positions(new, data.REFORM, None)
        plan.staff_commune(new, cells_from=data.REFORM, bodies_from=data.REFORM, committee_from=None)
    # The communes of today.
    xa = layout.xa
    for commune in layout.communes:
        plan.staff_commune(
            commune,
            cells_from=data.REFORM,
            bodies_from=data.REFORM,
            committee_from=data.REFORM,
            chibo=(layout.chibo_cell, data.ACCOUNTS["chibo"][0]) if commune is xa else None,
        )
    # The commune clerk behind the `xa` account works in the commune's party office.
    plan.person(xa.agency_cells[0], civil=True, name=data.ACCOUNTS["xa"][0])


ROLE_WORDS = {"viewer": "xem", "editor": "biên tập", "approver": "duyệt", "admin": "quản trị đơn vị"}


def describe(summary: DemoSummary | None = None) -> str:
    """The closing message: what was built (or is there), where, and the accounts."""
    lines = []
    if summary is not None:
        lines.append(
            f"Đã tạo dữ liệu minh họa trong {format_number(summary.seconds, 1)} giây: "
            f"{format_number(summary.units)} đơn vị ({format_number(summary.communes)} xã, phường; "
            f"{format_number(summary.cells)} chi bộ), {format_number(summary.people)} người, "
            f"{format_number(summary.positions)} chức vụ."
        )
        lines.append(
            f"Lịch sử: {summary.district.name} và {format_number(len(summary.old_communes))} xã, "
            f"thị trấn cũ sáp nhập thành {format_number(len(summary.merged_communes))} xã mới "
            f"ngày {format_date(data.REFORM)}."
        )
        lines.append(describe_initiatives(summary.initiatives))
        lines.append(describe_activities(summary.activities))
        lines.append(describe_reports(summary.reports))
    else:
        units = Unit.objects.filter(is_demo=True).count()
        people = Person.objects.filter(is_demo=True).count()
        initiatives = Initiative.objects.filter(is_demo=True).count()
        activities = Activity.objects.filter(is_demo=True).count()
        reports = Report.objects.filter(unit__is_demo=True).count()
        lines.append(
            f"Dữ liệu minh họa đã có sẵn ({format_number(units)} đơn vị, {format_number(people)} người, "
            f"{format_number(initiatives)} mô hình, {format_number(activities)} hoạt động, "
            f"{format_number(reports)} báo cáo): "
            "không thay đổi gì. Muốn tạo lại từ đầu: lamtheobac demo --reset"
        )
    lines.append("")
    lines.append(f"Mở {data.ADDRESS} và đăng nhập; mật khẩu của mọi tài khoản: {data.PASSWORD}")
    roles = Role.objects.filter(user__in=demo_users()).select_related("user", "unit")
    by_user: dict[str, list[str]] = {}
    for role in roles:
        by_user.setdefault(role.user.username, []).append(
            f"{ROLE_WORDS.get(role.kind, role.kind)} ({role.kind}) tại {role.unit.name}"
        )
    for user in demo_users().order_by("date_joined", "pk"):
        if user.is_superuser:
            what = "quản trị hệ thống, toàn quyền"
        else:
            what = "; ".join(by_user.get(user.username, [])) or "chưa có quyền"
        if user.username == "chibo":
            what += ", bí thư chi bộ"
        who = f" — {user.first_name}" if user.first_name else ""
        lines.append(f"  {user.username:<7} {what}{who}")
    return "\n".join(lines)
