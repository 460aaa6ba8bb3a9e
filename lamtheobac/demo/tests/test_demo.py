import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from lamtheobac.accounts.models import Role
from lamtheobac.core import access
from lamtheobac.core.formatting import format_number
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.querysets import today
from lamtheobac.core.testing import table_state
from lamtheobac.demo.builder import build_demo, describe
from lamtheobac.initiatives import figures
from lamtheobac.initiatives.models import (
    Adoption,
    Criterion,
    Initiative,
    Outcome,
    ResultEntry,
    Status,
    Transition,
)
from lamtheobac.initiatives.services import LEVEL_RANK, RECOGNITION_RANK, TRANSITIONS, effective_level
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
    models = (Unit, Person, Position, Role, User, UnitChange, AuditEvent, Initiative, Transition, Adoption)
    before = [table_state(model) for model in models]
    again = run()
    assert "đã có sẵn" in again and "--reset" in again
    assert f"{format_number(Initiative.objects.count())} mô hình" in again
    assert "chibo" in again  # the accounts are listed again for `make demo`
    after = [table_state(model) for model in models]
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
    counts = summary.initiatives
    assert counts.initiatives == Initiative.objects.count() and 600 <= counts.initiatives <= 2_000
    assert sum(counts.by_status.values()) == counts.initiatives and set(counts.by_status) == set(
        Status.values
    )
    assert counts.adoptions == Adoption.objects.count() >= 103
    assert summary.district.valid_to == LAST_DAY
    assert {old.merged_into_id for old in summary.old_communes} == {c.pk for c in summary.merged_communes}
    assert no_tree_problems()
    assert f"{format_number(summary.units)} đơn vị" in describe(summary)


# --- initiatives -------------------------------------------------------------------------

DEMO_YEAR = 2026  # the demo's current year: its dates are fixed, whenever it is built


def initiative_rows():
    """What a seed decides about the initiatives, in an order that does not depend on ids."""
    return (
        sorted(
            Initiative.objects.values_list(
                "unit__code", "title", "year", "registered_on", "status", "status_since", "recognition_level"
            )
        ),
        sorted(
            Transition.objects.values_list(
                "initiative__unit__code", "initiative__title", "action", "on", "note"
            )
        ),
        sorted(Adoption.objects.values_list("initiative__title", "unit__code", "adopted_on", "local_title")),
        sorted(Outcome.objects.values_list("initiative__unit__code", "measure__name", "value", "on")),
    )


def test_it_has_initiatives_in_every_status_and_prints_their_counts(output):
    assert set(Initiative.objects.values_list("status", flat=True)) == set(Status.values)
    assert not Initiative.objects.filter(is_demo=False).exists()
    assert set(Initiative.objects.values_list("year", flat=True)) == {2023, 2024, 2025, 2026}
    owners = set(Initiative.objects.values_list("unit__kind", flat=True))
    expected = (Kind.PARTY_COMMITTEE, Kind.GOVERNMENT, Kind.FRONT, Kind.MASS_ORG, Kind.POLICE, Kind.MILITARY)
    assert owners >= {*expected, Kind.PARTY_CELL}
    women = Initiative.objects.filter(unit__mass_org_type=MassOrgType.WOMEN)
    youth = Initiative.objects.filter(unit__mass_org_type=MassOrgType.YOUTH)
    assert women.exists() and youth.exists()
    # Suspended and dropped ones give the reason.
    reasons = Transition.objects.filter(action__in=["suspend", "drop"]).values_list("note", flat=True)
    assert reasons and all(reasons)
    # The `xa` account sees one of each in its own commune.
    xa = User.objects.get(username="xa")
    assert set(Initiative.objects.visible_to(xa).values_list("status", flat=True)) == set(Status.values)
    assert f"Mô hình, việc làm điển hình 2023–2026: {format_number(Initiative.objects.count())} (" in output
    assert f"{format_number(Adoption.objects.count())} lượt nhân rộng" in output


def test_the_seed_examples_are_there_with_their_figures(output):
    tinh = User.objects.get(username="tinh")
    province = Unit.objects.get(depth=1)
    saturday = Initiative.objects.get(title="Ngày thứ bảy với dân", unit=province)
    # Replicated to every commune of the province: n/n, as figures.replication counts it.
    spread = figures.replication(saturday, user=tinh)
    assert spread.total == open_communes().count() == 8
    assert spread.adopted == spread.total
    assert saturday.recognition_level == "province"
    started = Transition.objects.get(initiative=saturday, action="start").on
    recognised = Transition.objects.filter(initiative=saturday, action="recognise").earliest("on").on
    assert 80 <= (recognised - started).days <= 100  # "sau 3 tháng"
    # The district's pilot it came from reached the district's 8 old communes before the merger.
    pilot = saturday.derived_from
    assert pilot.unit.level == Level.DISTRICT and pilot.year == 2023
    before_merger = figures.replication(pilot, user=tinh, within=province, on=LAST_DAY)
    assert before_merger.adopted == before_merger.total == 8
    assert list(figures.lineage(saturday, user=tinh).ancestors) == [pilot]

    fund = Initiative.objects.get(title="Quỹ Chỉ thị 05")
    figures_of_the_fund = dict(fund.outcomes.values_list("measure__name", "value"))
    assert figures_of_the_fund == {
        "Tiền huy động, ủng hộ": 2_652_000_000,
        "Hộ được hỗ trợ": 48,
        "Học sinh được hỗ trợ": 10,
    }
    assert fund.derivatives.get().unit.merged_from.exists()  # carried on by the merged commune
    field_day = Initiative.objects.get(title="Ngày về cơ sở xây dựng nông thôn mới")
    land = dict(field_day.outcomes.values_list("measure__name", "value"))
    assert land["Diện tích đất hiến"] == Decimal("37647") and land["Giá trị đất hiến"] == 95_617_000_000
    assert land["Đường giao thông làm mới, mở rộng"] > 0
    assert Initiative.objects.filter(
        title__contains="lợn nhựa", unit__mass_org_type=MassOrgType.WOMEN
    ).exists()
    zalo = Initiative.objects.get(title__contains="Zalo")
    assert zalo.unit.kind == Kind.POLICE and zalo.recognition_level == "national"
    assert zalo.recognitions.get(level="national").body_name == "Bộ Công an"


def test_the_coverage_of_the_current_year_has_covered_and_missing_bodies(output):
    tinh = User.objects.get(username="tinh")
    coverage = figures.coverage(tinh, year=DEMO_YEAR)
    assert 0 < coverage.covered < coverage.expected
    assert coverage.missing_units.exists()
    rows = {row.kind: row for row in coverage.by_kind}
    for kind in (
        Kind.PARTY_COMMITTEE,
        Kind.GOVERNMENT,
        Kind.FRONT,
        Kind.MASS_ORG,
        Kind.POLICE,
        Kind.MILITARY,
    ):
        assert rows[kind].expected > 0 and rows[kind].covered > 0, kind
    xa = User.objects.get(username="xa")
    ours = figures.coverage(xa, year=DEMO_YEAR)
    assert 0 < ours.covered < ours.expected


def test_every_initiative_went_through_steps_the_services_allow(output):
    today_ = today()
    criteria = {criterion.pk: criterion.max_score for criterion in Criterion.objects.active()}
    initiatives = Initiative.objects.select_related("unit").prefetch_related(
        "transitions", "evaluations__scores", "recognitions__body_unit", "adoptions__unit"
    )
    for initiative in initiatives:
        owner = initiative.unit
        assert owner.is_open_on(initiative.registered_on), initiative
        steps = list(initiative.transitions.all())
        assert steps[0].action == "register" and steps[0].on == initiative.registered_on
        previous, before_suspension = "", ""
        for step in steps:
            assert step.from_status == previous, initiative
            if step.action != "register":
                # None in the table: back to where it was before the suspension.
                assert step.to_status == (TRANSITIONS[(previous, step.action)] or before_suspension), (
                    initiative
                )
            if step.action == "suspend":
                before_suspension = previous
            if step.action in ("suspend", "drop"):
                assert step.note, initiative
            previous = step.to_status
        days = [step.on for step in steps]
        assert days == sorted(days) and days[-1] <= today_, initiative
        assert previous == initiative.status, initiative
        changes = [step.on for step in steps if step.from_status != step.to_status]
        assert initiative.status_since == changes[-1], initiative
        for evaluation in initiative.evaluations.all():
            scores = {score.criterion_id: score.score for score in evaluation.scores.all()}
            assert set(scores) == set(criteria), initiative
            assert all(0 <= value <= criteria[pk] for pk, value in scores.items())
            assert evaluation.total_score == sum(scores.values())
            assert evaluation.max_total == sum(criteria.values())
        ranks = {"": 0, **RECOGNITION_RANK}
        best = ""
        for recognition in sorted(initiative.recognitions.all(), key=lambda r: (r.on, r.pk)):
            body = recognition.body_unit
            if recognition.level == "national":
                assert body is None and recognition.body_name
            else:
                assert owner.path.startswith(body.path) and body.is_open_on(recognition.on), initiative
                assert LEVEL_RANK[effective_level(body)] >= RECOGNITION_RANK[recognition.level], initiative
            if ranks[recognition.level] >= ranks[best]:
                best = recognition.level
        assert initiative.recognition_level == best, initiative
        adoptions = list(initiative.adoptions.all())
        assert (initiative.status == Status.REPLICATED) <= bool(adoptions), initiative
        assert (initiative.status == Status.RECOGNISED) <= (not adoptions), initiative
        for adoption in adoptions:
            assert adoption.unit_id != owner.pk and adoption.unit.is_open_on(adoption.adopted_on)
            assert adoption.adopted_on <= today_
    assert not Outcome.objects.filter(value__lt=0).exists()
    assert not ResultEntry.objects.filter(on__gt=today()).exists()


def test_the_initiatives_are_the_same_for_a_seed(db):
    run("--communes", "2", "--seed", "7")
    first = initiative_rows()
    assert first[0]
    run("--reset", "--communes", "2", "--seed", "7")
    assert initiative_rows() == first
    run("--reset", "--communes", "2", "--seed", "8")
    assert initiative_rows() != first


def test_reset_removes_the_initiatives_and_unlinks_what_points_at_them(db):
    run("--communes", "2")
    own_root = Unit.objects.add_root(
        instance=Unit(
            code="T", name="Tỉnh Thật", level=Level.PROVINCE, kind="party_committee", valid_from=REFORM
        )
    )
    source = Initiative.objects.get(title="Ngày thứ bảy với dân", unit__depth=1)
    own = Initiative.objects.create(
        unit=own_root,
        title="Thứ bảy cùng dân",
        field=source.field,
        year=2026,
        registered_on=dt.date(2026, 1, 5),
        status_since=dt.date(2026, 1, 5),
        derived_from=source,
    )
    Adoption.objects.create(initiative=source, unit=own_root, adopted_on=dt.date(2026, 2, 1))
    run("--reset", "--communes", "2")
    own.refresh_from_db()
    assert own.derived_from is None
    assert Initiative.objects.filter(is_demo=False).get() == own
    assert not Adoption.objects.filter(unit=own_root).exists()
    assert Initiative.objects.filter(is_demo=True).exists()
