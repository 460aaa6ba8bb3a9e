import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from lamtheobac.accounts.models import Role
from lamtheobac.core import access
from lamtheobac.core.formatting import format_number
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import table_state
from lamtheobac.demo.builder import build_demo, describe
from lamtheobac.people.models import Person, Position
from lamtheobac.units.models import Kind, Level, MassOrgType, Unit, UnitChange

pytestmark = pytest.mark.django_db

LAST_DAY = dt.date(2025, 6, 30)
REFORM = dt.date(2025, 7, 1)


def run(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def children(unit: Unit):
    return Unit.objects.get_children(unit)


def open_communes():
    return Unit.objects.filter(level=Level.COMMUNE, kind=Kind.PARTY_COMMITTEE, valid_to__isnull=True)


def old_communes():
    return Unit.objects.filter(level=Level.COMMUNE, valid_to=LAST_DAY)


def no_tree_problems() -> bool:
    return all(not ids for ids in Unit.objects.find_problems())


@pytest.fixture
def output(db) -> str:
    return run("--communes", "5")


def test_it_builds_the_expected_shape(output):
    roots = Unit.objects.get_root_nodes()
    assert roots.count() == 1
    province = roots.get()
    assert (province.level, province.kind) == (Level.PROVINCE, Kind.PARTY_COMMITTEE)
    assert "dữ liệu minh họa" in province.name
    # 5 communes of today and the 3 that the old district's communes merged into.
    assert open_communes().count() == 8
    assert all(commune.parent_path == province.path for commune in open_communes())
    assert Unit.objects.filter(level=Level.DISTRICT).count() == 1
    assert old_communes().count() == 8
    province_kinds = set(children(province).values_list("kind", flat=True))
    assert province_kinds >= {
        Kind.GOVERNMENT, Kind.AGENCY, Kind.POLICE, Kind.MILITARY, Kind.SCHOOL, Kind.ENTERPRISE,
        Kind.FRONT, Kind.MASS_ORG,
    }  # fmt: skip
    assert children(province).filter(name="Ban Tuyên giáo và Dân vận Tỉnh ủy", kind=Kind.AGENCY).exists()
    assert set(children(province).values_list("mass_org_type", flat=True)) >= set(MassOrgType.values)

    for commune in open_communes():
        below = children(commune).filter(valid_to__isnull=True)
        kinds = set(below.values_list("kind", flat=True))
        assert {Kind.GOVERNMENT, Kind.FRONT, Kind.POLICE, Kind.MASS_ORG, Kind.PARTY_CELL} <= kinds
        org_types = set(below.values_list("mass_org_type", flat=True))
        assert {"women", "youth", "farmers", "veterans"} <= org_types, commune.name
        cells = below.filter(kind=Kind.PARTY_CELL)
        if commune.merged_from.exists():
            assert cells.count() >= 12, commune.name  # the cells of two or three old communes
        else:
            assert 8 <= cells.count() <= 20, commune.name
        assert set(cells.values_list("level", flat=True)) == {Level.CELL}
        assert all(cell.name.startswith("Chi bộ ") for cell in cells)
        assert len({cell.name for cell in cells}) == cells.count()
        # Every cell has a secretary and a deputy; the commune has its committee.
        current = Position.objects.current()
        for cell in cells:
            kinds = sorted(current.filter(unit=cell).values_list("kind", flat=True))
            assert kinds == ["deputy_secretary", "secretary"], cell.name
        assert current.filter(unit=commune, kind="secretary").count() == 1
        assert current.filter(unit=commune, kind="deputy_secretary").count() >= 2
        assert current.filter(unit=commune, kind="committee_member").count() >= 3
        committee = Person.objects.filter(positions__in=current.filter(unit=commune))
        assert all(person.unit.kind == Kind.PARTY_CELL for person in committee)
        assert Unit.objects.in_subtree(commune).filter(pk__in=committee.values("unit")).count()
        government = below.get(kind=Kind.GOVERNMENT)
        assert current.filter(unit=government, kind="head").count() == 1

    names = list(open_communes().values_list("name", flat=True))
    assert len(set(names)) == len(names)
    assert Unit.objects.filter(is_demo=False).count() == 0
    assert Person.objects.filter(is_demo=False).count() == 0
    assert Person.objects.count() > 300
    assert no_tree_problems()
    # Codes read as a path: a cell's code starts with its commune's.
    xa = Unit.objects.get(name="Xã Đông Sơn")
    assert all(cell.code.startswith(f"{xa.code}.CB") for cell in children(xa).filter(level=Level.CELL))


def test_it_prints_the_address_the_accounts_and_formatted_counts(output):
    assert "http://127.0.0.1:8000" in output
    assert "lamtheobac" in output
    for username in ("admin", "tinh", "xa", "chibo"):
        assert f"  {username} " in output
    units = Unit.objects.count()
    assert units > 999 or format_number(units) == str(units)
    assert f"{format_number(units)} đơn vị" in output
    assert "Xã Đông Sơn" in output


def test_it_closes_the_district_after_merging_its_communes(output):
    district = Unit.objects.get(level=Level.DISTRICT)
    assert district.valid_from == dt.date(2015, 1, 1)
    assert district.valid_to == LAST_DAY
    assert not children(district).open_on(REFORM).exists()
    assert UnitChange.objects.filter(unit=district, kind="closed", on=LAST_DAY).exists()
    assert AuditEvent.objects.filter(action="close", object_id=str(district.pk)).exists()

    successors = set()
    for old in old_communes():
        successor = old.merged_into
        assert successor is not None
        assert successor.valid_from == REFORM and successor.valid_to is None
        assert successor.level == Level.COMMUNE
        assert successor.parent_path == Unit.objects.get(depth=1).path  # directly under the province
        assert old.parent_path == successor.path  # sits, closed, under its successor
        change = UnitChange.objects.get(unit=old, kind="merged")
        assert (change.other, change.on) == (successor, REFORM)
        assert AuditEvent.objects.filter(action="merge", object_id=str(old.pk)).exists()
        successors.add(successor.pk)
    assert len(successors) == 3
    # The old communes' bodies merged into the new communes' bodies.
    old_ubnd = Unit.objects.filter(kind=Kind.GOVERNMENT, valid_to=LAST_DAY, merged_into__isnull=False)
    assert old_ubnd.count() == 8
    assert all(body.merged_into.kind == Kind.GOVERNMENT for body in old_ubnd)
    # Leaders of the old term keep their positions, ended on the last day.
    assert Position.objects.filter(unit__in=old_communes(), kind="secretary", end_date=LAST_DAY).count() == 8


def test_it_counts_the_old_communes_and_their_cells_under_their_successor(output):
    for successor in Unit.objects.filter(merged_from__level=Level.COMMUNE).distinct():
        subtree = Unit.objects.in_subtree(successor)
        olds = list(successor.merged_from.all())
        assert 2 <= len(olds) <= 3
        for old in olds:
            assert subtree.filter(pk=old.pk).exists()
            old_cells = Unit.objects.filter(code__startswith=f"{old.code}.CB")
            assert old_cells.count() >= 6
            assert subtree.filter(pk__in=old_cells).count() == old_cells.count()
            # Open, moved by the merger: the cells carry on under the new commune.
            assert all(cell.parent_path == successor.path and cell.is_open for cell in old_cells)
            assert Person.objects.in_subtree(successor).filter(unit__in=old_cells).exists()
        # The new committee took over some of the old leaders.
        new_secretary = Position.objects.current().get(unit=successor, kind="secretary").person
        assert Position.objects.filter(person=new_secretary, unit__in=olds, end_date=LAST_DAY).exists()


def test_it_gives_the_four_accounts_their_roles(output):
    users = {
        name: authenticate(username=name, password="lamtheobac") for name in ("admin", "tinh", "xa", "chibo")
    }
    assert all(users.values())
    assert users["admin"].is_superuser
    province = Unit.objects.get(depth=1)
    xa = Unit.objects.search("dong son").get(level=Level.COMMUNE)
    assert xa.name == "Xã Đông Sơn"
    assert list(Role.objects.filter(user=users["tinh"]).values_list("unit", "kind")) == [
        (province.pk, "approver")
    ]
    assert list(Role.objects.filter(user=users["xa"]).values_list("unit", "kind")) == [(xa.pk, "editor")]
    chibo_role = Role.objects.get(user=users["chibo"])
    cell = chibo_role.unit
    assert chibo_role.kind == "editor" and cell.level == Level.CELL and cell.parent_path == xa.path
    secretary = Position.objects.current().get(unit=cell, kind="secretary").person
    assert secretary.full_name == users["chibo"].first_name
    for name in ("tinh", "xa"):
        assert Person.objects.filter(full_name=users[name].first_name).exists()
    # The roles reach as far as they should, and no further.
    other_commune = open_communes().exclude(pk=xa.pk).first()
    assert access.can(users["tinh"], "approve", cell)
    assert access.can(users["xa"], "change", cell)
    assert not access.can(users["xa"], "change", other_commune)
    assert not access.can(users["chibo"], "change", xa)
    assert not authenticate(username="xa", password="wrong")


def test_it_changes_nothing_when_run_again_without_reset(output):
    before = [table_state(model) for model in (Unit, Person, Position, Role, User, UnitChange, AuditEvent)]
    again = run()
    assert "đã có sẵn" in again and "--reset" in again
    assert "chibo" in again  # the accounts are listed again for `make demo`
    after = [table_state(model) for model in (Unit, Person, Position, Role, User, UnitChange, AuditEvent)]
    assert after == before


def test_it_rebuilds_with_reset_and_leaves_other_data_alone(db):
    own_root = Unit.objects.add_root(
        instance=Unit(
            code="T", name="Tỉnh Thật", level=Level.PROVINCE, kind="party_committee", valid_from=REFORM
        )
    )
    own_user = User.objects.create_user("canbo", password="x")
    run("--communes", "2")
    first_ids = set(Unit.objects.filter(is_demo=True).values_list("pk", flat=True))
    first_users = set(User.objects.filter(username="chibo").values_list("pk", flat=True))
    output = run("--reset", "--communes", "3")
    assert "Đã xóa dữ liệu minh họa cũ" in output
    assert not first_ids & set(Unit.objects.values_list("pk", flat=True))
    assert not first_users & set(User.objects.values_list("pk", flat=True))
    assert open_communes().filter(is_demo=True).count() == 3 + 3
    assert Unit.objects.filter(pk=own_root.pk, is_demo=False).exists()
    assert User.objects.filter(pk=own_user.pk).exists()
    assert Unit.objects.get_root_nodes().count() == 2
    assert no_tree_problems()
    assert authenticate(username="chibo", password="lamtheobac")


def test_it_refuses_to_take_over_accounts_it_did_not_make(world):
    # The shared test world already has users called "tinh" and "xa".
    before = [table_state(model) for model in (Unit, User, Role)]
    with pytest.raises(CommandError, match="tinh"):
        run("--communes", "1")
    assert [table_state(model) for model in (Unit, User, Role)] == before


def test_it_is_reproducible_with_a_seed(db):
    def snapshot():
        units = list(Unit.objects.filter(is_demo=True).values_list("code", "name"))
        people = list(
            Person.objects.order_by("unit__code", "full_name").values_list("unit__code", "full_name")
        )
        return units, people

    run("--communes", "2", "--seed", "7")
    first = snapshot()
    run("--reset", "--communes", "2", "--seed", "7")
    assert snapshot() == first
    run("--reset", "--communes", "2", "--seed", "8")
    assert snapshot() != first


def test_it_builds_about_three_thousand_units_for_a_hundred_communes(db):
    summary = build_demo(communes=100)
    assert 2_500 <= summary.units <= 3_500
    assert summary.units == Unit.objects.count()
    assert summary.communes == 100 + len(summary.merged_communes) == open_communes().count()
    assert 3_000 <= summary.people <= 10_000
    assert summary.xa_commune.name == "Xã Đông Sơn"
    assert summary.chibo_cell.parent_path == summary.xa_commune.path
    assert summary.district.valid_to == LAST_DAY
    assert {old.merged_into_id for old in summary.old_communes} == {c.pk for c in summary.merged_communes}
    assert no_tree_problems()
    assert f"{format_number(summary.units)} đơn vị" in describe(summary)
