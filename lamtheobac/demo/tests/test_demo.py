import datetime as dt
from decimal import Decimal
from io import StringIO
from itertools import pairwise

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import models
from django.db.models import Q

from lamtheobac.accounts.models import Role
from lamtheobac.activities import figures as activity_figures
from lamtheobac.activities import services as activity_services
from lamtheobac.activities.models import (
    Activity,
    ActivityKind,
    Assignment,
    AttendanceRule,
    ConnectionPoint,
    Form,
    Topic,
)
from lamtheobac.core import access, periods
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
    models += (Activity, ConnectionPoint, Topic, Assignment, AttendanceRule)
    before = [table_state(model) for model in models]
    again = run()
    assert "đã có sẵn" in again and "--reset" in again
    assert f"{format_number(Initiative.objects.count())} mô hình" in again
    assert f"{format_number(Activity.objects.count())} hoạt động" in again
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
    the_province_figures_look_like_the_seeds(summary)


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


def test_the_initiatives_and_activities_are_the_same_for_a_seed(db):
    run("--communes", "2", "--seed", "7")
    first = initiative_rows(), activity_rows()
    assert first[0][0] and first[1][0]
    run("--reset", "--communes", "2", "--seed", "7")
    assert (initiative_rows(), activity_rows()) == first
    run("--reset", "--communes", "2", "--seed", "8")
    again = initiative_rows(), activity_rows()
    assert again[0] != first[0] and again[1] != first[1]


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
    kind = ActivityKind.objects.get(name="Hội nghị học tập, quán triệt")
    ours = Activity.objects.create(
        unit=own_root, kind=kind, held_on=dt.date(2026, 3, 2), title="Của tỉnh thật"
    )
    old_demo = set(Activity.objects.filter(is_demo=True).values_list("pk", flat=True))
    run("--reset", "--communes", "2")
    assert Activity.objects.filter(is_demo=False).get() == ours
    assert not old_demo & set(Activity.objects.values_list("pk", flat=True))
    assert not ConnectionPoint.objects.filter(activity_id__in=old_demo).exists()
    assert not Activity.committee_attendees.through.objects.filter(activity_id__in=old_demo).exists()
    assert Activity.objects.filter(is_demo=True).exists()
    own.refresh_from_db()
    assert own.derived_from is None
    assert Initiative.objects.filter(is_demo=False).get() == own
    assert not Adoption.objects.filter(unit=own_root).exists()
    assert Initiative.objects.filter(is_demo=True).exists()


# --- activities ---------------------------------------------------------------------------------

ACTIVITIES_FROM = dt.date(2024, 1, 1)
ACTIVITIES_UNTIL = min(dt.date(2026, 11, 15), today())


def activity_rows():
    """What a seed decides about the activities, in an order that does not depend on ids."""
    return (
        sorted(
            Activity.objects.values_list(
                "unit__code", "kind__name", "held_on", "title", "form", "participants", "party_members",
                "topic__year", "topic_content",
            )
        ),
        sorted(
            ConnectionPoint.objects.values_list(
                "activity__title", "activity__held_on", "unit__code", "participants"
            )
        ),
        sorted(
            Activity.committee_attendees.through.objects.values_list(
                "activity__unit__code", "activity__held_on", "person__full_name"
            )
        ),
        sorted(Assignment.objects.values_list("unit__code", "person__full_name", "start_date", "end_date")),
    )  # fmt: skip


def period(key: str) -> tuple[dt.date, dt.date]:
    found = periods.parse(key)
    return found.start, found.end


def test_it_records_activities_of_every_kind_topics_assignments_and_a_rule(output):
    assert set(ActivityKind.objects.filter(activities__isnull=False).values_list("name", flat=True)) == set(
        ActivityKind.objects.values_list("name", flat=True)
    )
    assert not Activity.objects.filter(is_demo=False).exists()
    assert set(Activity.objects.values_list("form", flat=True)) == set(Form.values)
    days = Activity.objects.aggregate(first=models.Min("held_on"), last=models.Max("held_on"))
    assert days["first"] >= ACTIVITIES_FROM and days["last"] <= ACTIVITIES_UNTIL
    assert {day.year for day in Activity.objects.dates("held_on", "year")} == {2024, 2025, 2026}
    # The province's topic every year, and Đông Sơn's own for 2026, which its cells study.
    province = Unit.objects.get(depth=1)
    set_by_province = Topic.objects.filter(unit=province)
    assert sorted(set_by_province.values_list("year", flat=True)) == [2024, 2025, 2026]
    assert all(
        number.endswith("-HD/TU") for number in set_by_province.values_list("document_number", flat=True)
    )
    xa = Unit.objects.get(name="Xã Đông Sơn")
    own = Topic.objects.exclude(unit=province).get()
    assert (own.unit, own.year, own.document_number) == (xa, 2026, "08-KH/ĐU")
    chibo = Role.objects.get(user__username="chibo").unit
    assert activity_services.topic_for(chibo, 2026) == own
    assert activity_services.topic_for(chibo, 2025).unit == province
    assert Activity.objects.filter(unit=chibo, held_on__year=2026, topic=own).exists()
    # Entered by the accounts that work there; elsewhere by clerks without a demo account.
    assert set(Activity.objects.filter(unit=chibo).values_list("created_by__username", flat=True)) == {
        "chibo"
    }
    assert set(Activity.objects.filter(unit=xa).values_list("created_by__username", flat=True)) == {"xa"}
    # Cell meetings note the topic content; committee members follow cells and come.
    meetings = Activity.objects.filter(kind__category="cell_meeting")
    assert meetings.exclude(topic_content="").count() > meetings.count() // 2
    assert meetings.filter(committee_attendees__isnull=False).exists()
    assert Assignment.objects.filter(unit=chibo, end_date__isnull=True).exists()
    # One commune asks 6 visits a year; elsewhere the default month holds.
    rule = AttendanceRule.objects.get()
    assert (rule.unit.name, rule.times, rule.per) == ("Xã Bình An", 6, "year")
    assert activity_services.rule_for(chibo) == (1, "month", None)
    assert "Hoạt động 2024–2026: " in output and "điểm cầu" in output


def test_every_activity_keeps_the_rules_the_services_enforce(output):
    units = {unit.pk: unit for unit in Unit.objects.all()}
    points: dict[int, list] = {}
    for point in ConnectionPoint.objects.all():
        points.setdefault(point.activity_id, []).append(point)
    topics = {topic.pk: topic for topic in Topic.objects.all()}
    above: dict[tuple[int, bool], set[str]] = {}  # (cell, before the merger) -> paths above it then
    holding: dict[str, list] = {}  # path -> committee positions held there
    for position in Position.objects.of_committees().select_related("unit"):
        holding.setdefault(position.unit.path, []).append(position)
    attendees: dict[int, list[int]] = {}
    for activity_id, person_id in Activity.committee_attendees.through.objects.values_list(
        "activity", "person"
    ):
        attendees.setdefault(activity_id, []).append(person_id)
    for activity in Activity.objects.select_related("kind"):
        unit, day = units[activity.unit_id], activity.held_on
        assert unit.is_open_on(day) and day <= today(), activity
        assert activity.party_members <= activity.participants
        mine = points.get(activity.pk, [])
        if activity.form == Form.IN_PERSON:
            assert not mine, activity
        else:
            assert activity.kind.category in ("conference", "talk") and mine, activity
            assert activity.participants == sum(point.participants for point in mine)
            assert activity.party_members == sum(point.party_members for point in mine)
            assert len({point.unit_id for point in mine}) == len(mine)
            assert all(units[point.unit_id].is_open_on(day) for point in mine), activity
        key = (unit.pk, day < REFORM)
        if key not in above:
            above[key] = unit.paths_above_on(LAST_DAY if day < REFORM else REFORM)
        if activity.topic_id is not None:
            topic = topics[activity.topic_id]
            assert unit.path.startswith(topic.unit.path) or topic.unit.path in above[key], activity
        for person_id in attendees.get(activity.pk, []):
            assert activity.kind.category == "cell_meeting", activity
            assert any(
                position.person_id == person_id
                and position.start_date <= day
                and (position.end_date is None or day <= position.end_date)
                for path in above[key]
                for position in holding.get(path, [])
            ), (activity, person_id)
    for assignment in Assignment.objects.select_related("unit", "person"):
        members = Person.objects.committee_members_above(assignment.unit, assignment.start_date)
        assert members.filter(pk=assignment.person_id).exists(), assignment
        assert assignment.unit.kind == Kind.PARTY_CELL and assignment.unit.is_open_on(assignment.start_date)
    # A member may follow the same cell again (an old leader in the new committee), never twice at once.
    periods_of: dict[tuple[int, int], list] = {}
    for person, cell, start, end in Assignment.objects.values_list(
        "person", "unit", "start_date", "end_date"
    ):
        periods_of.setdefault((person, cell), []).append((start, end or dt.date.max))
    for spans in periods_of.values():
        spans.sort()
        assert all(earlier[1] < later[0] for earlier, later in pairwise(spans)), spans


def test_the_old_districts_meetings_before_the_merger_count_under_the_new_communes(output):
    start, end = period("2025-H1")  # before 1/7/2025
    province = Unit.objects.get(depth=1)
    half = Activity.objects.in_period(start, end)
    meetings = half.filter(kind__category="cell_meeting")
    for successor in Unit.objects.filter(merged_from__level=Level.COMMUNE).distinct():
        olds = list(successor.merged_from.filter(level=Level.COMMUNE))
        theirs = Q()
        for old in olds:  # the old commune, its bodies and its cells, by their codes
            theirs |= Q(unit__code__startswith=f"{old.code}.") | Q(unit=old)
        counted = activity_figures.activity_figures(successor, start, end)
        assert counted.cell_meetings == meetings.filter(theirs).count() > 0, successor.name
        assert (
            counted.committee_attended_meetings
            == (meetings.filter(theirs, committee_attendees__isnull=False).distinct().count())
            > 0
        )
        in_person = half.filter(theirs, kind__category="conference", form=Form.IN_PERSON)
        assert counted.in_person_conferences == in_person.count()
        assert counted.online_conferences == 1 and counted.online_points == len(
            olds
        )  # one point per old commune
        # The old committee's members followed their cells until 30/6/2025.
        check = activity_services.compliance(
            successor, periods.parse("2025-Q2"), user=User.objects.get(username="tinh")
        )
        assert check.rows and all(row.assignment.end_date == LAST_DAY for row in check.rows)
        assert any(row.attended for row in check.rows)
    # The province counts every one of them once; the closed district keeps only its own bodies.
    assert activity_figures.activity_figures(province, start, end).cell_meetings == meetings.count()
    district = Unit.objects.get(level=Level.DISTRICT)
    assert activity_figures.activity_figures(district, start, end).cell_meetings == 0


def the_province_figures_look_like_the_seeds(summary) -> None:
    """Hundreds of conferences with tens of thousands of attendances, a few online conferences
    over about a hundred points each (Cao Bằng 2023: 1.103/35.992; 21 over 312 with 8.284)."""
    counts = summary.activities
    assert counts.activities == Activity.objects.count()
    assert counts.points == ConnectionPoint.objects.count() and counts.online >= 6
    province = summary.province
    year = activity_figures.activity_figures(province, *period("2026"))
    assert 500 <= year.in_person_conferences <= 2_000
    assert 20_000 <= year.in_person_attendances <= 150_000
    assert 2 <= year.online_conferences <= 6
    provincial = (
        Activity.objects.filter(unit=province, held_on__year=2026)
        .exclude(form=Form.IN_PERSON)
        .annotate(points_count=models.Count("points"))
    )
    assert len(provincial) >= 2 and all(100 <= conference.points_count <= 120 for conference in provincial)
    assert year.online_conferences == len(provincial) + 1  # and Đông Sơn's, over its cells
    assert 5_000 <= year.online_attendances <= 50_000
    assert year.cell_meetings >= 10_000 and year.cell_meetings_with_topic >= year.cell_meetings * 0.6
    assert year.thematic_cell_meetings >= 1_000 and year.committee_attended_meetings >= 5_000
    assert year.flag_ceremonies >= 500 and year.days_with_people >= 100
    # Before the reform only the old district met online with the province: about ten points.
    before = activity_figures.activity_figures(province, *period("2024"))
    assert before.online_conferences == 2 and 15 <= before.online_points <= 25
    # Who followed their cells this year, who did not, and which cells nobody visited.
    tinh = User.objects.get(username="tinh")
    check = activity_services.compliance(province, periods.parse("2026"), user=tinh)
    assert check.met_count > 0 and check.not_met_count > 0
    cells = Unit.objects.filter(is_demo=True, kind=Kind.PARTY_CELL, valid_to__isnull=True).count()
    assert 0 < check.unvisited_cells.count() < cells // 10
