"""The roll-up of a subtree's figures (lamtheobac/reports/rollup.py), checked
against totals worked out by hand: a merged commune counts once, under its
successor; an online conference counts once at each level; the rows by child
add up to the whole; the approved basis reads only what approvals cover."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from lamtheobac.activities import services as activity_services
from lamtheobac.activities.models import ActivityKind, Category, Form
from lamtheobac.activities.services import PointInput
from lamtheobac.core.sections import all_sections
from lamtheobac.core.testing import count_queries, make_user
from lamtheobac.reports import rollup, services
from lamtheobac.reports.models import Report, State
from lamtheobac.reports.tests.helpers import add_commune, add_unit, conference
from lamtheobac.units import services as unit_services
from lamtheobac.units.models import Unit

pytestmark = pytest.mark.django_db

D = dt.date
REFORM = D(2025, 7, 1)


def conference_kind():
    return ActivityKind.objects.filter(category=Category.CONFERENCE, is_active=True).first()


def online_conference(unit, day, points, *, actor):
    """`points`: [(host unit, participants)]; the organiser's own venue is one of them."""
    return activity_services.record_activity(
        actor=actor,
        unit=unit,
        kind=conference_kind(),
        held_on=day,
        title="Hội nghị trực tuyến quán triệt chuyên đề năm",
        form=Form.ONLINE,
        points=[
            PointInput(unit=host, participants=count, party_members=count // 2) for host, count in points
        ],
    )


def in_person(values) -> tuple[int, int]:
    section = values["activities"]
    return section["in_person_conferences"], section["in_person_attendances"]


def online(values) -> tuple[int, int, int]:
    section = values["activities"]
    return section["online_conferences"], section["online_points"], section["online_attendances"]


def approve(report, *, approver):
    services.submit_report(report, actor=approver)
    return services.approve_report(report, actor=approver)


# -- a merged commune ----------------------------------------------------------------------
@pytest.fixture
def merged(world):
    """Xã Nam Hà (with its cell) merges into Xã Đông Sơn from 1/7/2025."""
    root = world.superuser
    old = add_commune(world.province, "X3", "Xã Nam Hà")
    old_cell = add_unit(old, "X3-C1", "Chi bộ thôn Nam")
    conference(world.commune, D(2025, 2, 10), 100, actor=root)
    conference(world.cell, D(2025, 3, 3), 40, actor=root)
    conference(world.sibling, D(2025, 4, 8), 70, actor=root)
    conference(old, D(2025, 3, 12), 60, actor=root)
    conference(old_cell, D(2025, 5, 20), 25, actor=root)
    conference(world.commune, D(2025, 9, 9), 80, actor=root)  # after the merger
    unit_services.merge_units([old], into=world.commune, on=REFORM, actor=root)
    old.refresh_from_db()
    old_cell.refresh_from_db()
    return world, old, old_cell


def test_a_merged_commune_counts_once_under_its_successor(merged):
    world, old, old_cell = merged
    year = services.period_for("2025")
    assert old.valid_to == D(2025, 6, 30)
    assert old.path.startswith(world.commune.path) and old_cell.path.startswith(world.commune.path)

    # By hand: province 100 + 40 + 70 + 60 + 25 + 80 = 375 over six conferences;
    # Đông Sơn takes Nam Hà's 60 + 25 with its own 100 + 40 + 80.
    assert in_person(rollup.rollup(world.province, year).values) == (6, 375)
    assert in_person(rollup.rollup(world.commune, year).values) == (5, 305)
    assert in_person(rollup.rollup(old, year).values) == (1, 60)  # its cell moved to the successor

    rows = {row.unit.pk if row.unit else None: row for row in rollup.by_child(world.province, year)}
    assert old.pk not in rows  # not a child of the province any more: no second count
    assert in_person(rows[world.commune.pk].values) == (5, 305)
    assert in_person(rows[world.sibling.pk].values) == (1, 70)
    assert rollup.totals(list(rows.values()))["activities"]["in_person_attendances"] == 375


def test_a_merged_commune_counts_once_in_the_approved_figures(merged):
    world, old, _old_cell = merged
    year = services.period_for("2025")
    commune_report = services.start_report(actor=world.editor, unit=world.commune, period=year)
    approve(commune_report, approver=world.province_approver)
    approve(
        services.start_report(actor=world.superuser, unit=old, period=year), approver=world.province_approver
    )

    # Only Đông Sơn is approved: its subtree (Nam Hà's rows included) and nothing of Tây Hồ.
    approved = rollup.rollup(world.province, year, basis=rollup.APPROVED).values
    assert in_person(approved) == (5, 305)
    commune_report.refresh_from_db()
    assert in_person(commune_report.figures) == (5, 305)
    rows = rollup.by_child(world.province, year, basis=rollup.APPROVED)
    assert rollup.totals(rows)["activities"]["in_person_attendances"] == 305
    # Nam Hà's own report covers rows that Đông Sơn's covers already: still counted once.
    assert in_person(rollup.rollup(world.commune, year, basis=rollup.APPROVED).values) == (5, 305)


# -- an online provincial conference ------------------------------------------------------
@pytest.fixture
def online_world(world):
    online_conference(
        world.province,
        D(2025, 3, 20),
        [(world.province, 12), (world.commune, 30), (world.sibling, 45)],
        actor=world.superuser,
    )
    # A commune's own online conference with a point in its cell.
    online_conference(
        world.commune, D(2025, 3, 25), [(world.commune, 20), (world.cell, 15)], actor=world.superuser
    )
    return world


def test_an_online_conference_counts_once_at_the_province_and_once_in_each_commune(online_world):
    world = online_world
    q1 = services.period_for("2025-Q1")
    # By hand: the province held one conference over three points (12 + 30 + 45 = 87) and
    # Đông Sơn one over two (20 + 15 = 35): the province counts 2 conferences, 5 points, 122.
    assert online(rollup.rollup(world.province, q1).values) == (2, 5, 122)
    assert online(rollup.rollup(world.commune, q1).values) == (2, 3, 65)
    assert online(rollup.rollup(world.sibling, q1).values) == (1, 1, 45)
    assert online(rollup.rollup(world.cell, q1).values) == (1, 1, 15)
    assert online(rollup.rollup(world.sibling_cell, q1).values) == (0, 0, 0)

    rows = {row.unit.pk if row.unit else None: row for row in rollup.by_child(world.province, q1)}
    assert online(rows[world.commune.pk].values) == (2, 3, 65)
    assert online(rows[world.sibling.pk].values) == (1, 1, 45)
    assert online(rows[None].values) == (1, 1, 12)  # the province's own venue
    # Points and attendances add up; the conference count does not (it is not in the totals).
    totals = rollup.totals(list(rows.values()))
    assert totals["activities"]["online_points"] == 5
    assert totals["activities"]["online_attendances"] == 122
    assert "online_conferences" not in totals["activities"]


@pytest.mark.parametrize("basis", rollup.BASES)
def test_one_pass_gives_the_same_figures_as_the_roll_up_and_the_rows_by_child(online_world, basis):
    world = online_world
    q1 = services.period_for("2025-Q1")
    approve(
        services.start_report(actor=world.superuser, unit=world.commune, period=q1),
        approver=world.province_approver,
    )
    for unit in (world.province, world.commune, world.sibling, world.cell):
        found, rows = rollup.rollup_and_children(unit, q1, basis=basis)
        assert found.values == rollup.rollup(unit, q1, basis=basis).values
        assert [(row.unit, row.values) for row in rows] == [
            (row.unit, row.values) for row in rollup.by_child(unit, q1, basis=basis)
        ]


def test_the_rows_by_child_and_the_own_row_sum_to_the_subtree(merged):
    world, _old, _old_cell = merged
    online_conference(
        world.province,
        D(2025, 11, 5),
        [(world.province, 10), (world.commune, 30), (world.sibling_cell, 22)],
        actor=world.superuser,
    )
    year = services.period_for("2025")
    for within in (world.province, world.commune, world.sibling):
        whole = rollup.rollup(within, year).values
        totals = rollup.totals(rollup.by_child(within, year))
        for section in all_sections():
            for figure in section.figures:
                if figure.additive:
                    assert totals[section.key][figure.key] == whole[section.key][figure.key], (
                        within.name,
                        figure.key,
                    )


# -- the approved basis --------------------------------------------------------------------
@pytest.fixture
def quarter(world):
    root = world.superuser
    conference(world.province, D(2025, 1, 15), 200, actor=root)
    conference(world.commune, D(2025, 1, 20), 120, actor=root)
    conference(world.cell, D(2025, 2, 3), 40, actor=root)
    conference(world.sibling, D(2025, 3, 1), 90, actor=root)
    conference(world.sibling_cell, D(2025, 2, 10), 30, actor=root)
    return world, services.period_for("2025-Q1")


def test_the_approved_basis_counts_only_rows_under_approved_reports(quarter):
    world, q1 = quarter
    commune_approver = make_user("xa_duyet", unit=world.commune, kind="approver")
    assert in_person(rollup.rollup(world.province, q1, basis=rollup.APPROVED).values) == (0, 0)

    # A submitted (not approved) report covers nothing.
    sibling_report = services.start_report(actor=world.outsider, unit=world.sibling, period=q1)
    services.submit_report(sibling_report, actor=world.outsider)
    assert in_person(rollup.rollup(world.province, q1, basis=rollup.APPROVED).values) == (0, 0)

    # The cell's approval covers the cell alone, not the commune's own rows.
    cell_report = services.start_report(actor=world.editor, unit=world.cell, period=q1)
    services.submit_report(cell_report, actor=world.editor)
    services.approve_report(cell_report, actor=commune_approver)
    assert in_person(rollup.rollup(world.province, q1, basis=rollup.APPROVED).values) == (1, 40)
    assert in_person(rollup.rollup(world.commune, q1, basis=rollup.APPROVED).values) == (1, 40)

    # The sibling's approval covers its cell too, which has no report of its own.
    services.approve_report(sibling_report, actor=world.province_approver)
    assert in_person(rollup.rollup(world.province, q1, basis=rollup.APPROVED).values) == (3, 160)
    rows = {
        row.unit.pk if row.unit else None: row
        for row in rollup.by_child(world.province, q1, basis="approved")
    }
    assert in_person(rows[world.sibling.pk].values) == (2, 120)
    assert in_person(rows[world.commune.pk].values) == (1, 40)
    assert rows[world.sibling.pk].report.state == State.APPROVED
    assert None not in rows  # the province's own 200 are not under any approval

    # Preliminary reads everything: 200 + 120 + 40 + 90 + 30.
    assert in_person(rollup.rollup(world.province, q1).values) == (5, 480)


def test_an_approval_for_another_period_covers_nothing_here(quarter):
    world, q1 = quarter
    q2 = services.period_for("2025-Q2")
    report = services.start_report(actor=world.editor, unit=world.commune, period=q2)
    approve(report, approver=world.province_approver)
    assert in_person(rollup.rollup(world.province, q1, basis=rollup.APPROVED).values) == (0, 0)
    assert Report.objects.get(pk=report.pk).state == State.APPROVED


def test_an_unknown_basis_is_refused(quarter):
    world, q1 = quarter
    with pytest.raises(ValueError):
        rollup.rollup(world.province, q1, basis="final")


# -- query counts ---------------------------------------------------------------------------
def _grow(world, communes: int) -> None:
    root = world.superuser
    first = Unit.objects.filter(code__startswith="N").count()
    for number in range(first, first + communes):
        commune = add_commune(world.province, f"N{number}", f"Xã Mới {number}")
        cell = add_unit(commune, f"N{number}-C1", f"Chi bộ thôn {number}")
        conference(commune, D(2025, 2, 1), 10 + number, actor=root)
        conference(cell, D(2025, 2, 2), 5, actor=root)
        report = services.start_report(actor=root, unit=commune, period=services.period_for("2025-Q1"))
        approve(report, approver=root)


def _queries(world, q1) -> list[int]:
    # A fresh user each time: the roles it caches would hide a query in the second run.
    approver = User.objects.get(pk=world.province_approver.pk)
    counts = []
    for call in (
        lambda: rollup.rollup(world.province, q1),
        lambda: rollup.rollup(world.province, q1, basis=rollup.APPROVED, user=approver),
        lambda: rollup.by_child(world.province, q1),
        lambda: rollup.by_child(world.province, q1, basis=rollup.APPROVED, user=approver),
    ):
        counts.append(count_queries(call))
    return counts


def test_the_number_of_queries_does_not_grow_with_the_number_of_units(quarter):
    world, q1 = quarter
    _grow(world, 1)
    small = _queries(world, q1)
    _grow(world, 6)
    assert _queries(world, q1) == small
