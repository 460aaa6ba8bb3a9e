"""What an approval covers is the report unit's subtree on the day it was
approved (ReportCoverage), not today's tree: a commune merged afterwards keeps
its cells' figures approved and locked. A custom review period locks only when
it was defined to."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheobac.activities import services as activity_services
from lamtheobac.activities.models import Activity
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.reports import rollup, services
from lamtheobac.reports.models import ReportCoverage
from lamtheobac.reports.tests.helpers import add_unit, conference
from lamtheobac.units import services as unit_services
from lamtheobac.units.models import Kind, Level, Unit

pytestmark = pytest.mark.django_db

D = dt.date


def approve(report, world):
    services.submit_report(report, actor=world.superuser)
    return services.approve_report(report, actor=world.province_approver)


def attendances(values) -> int:
    return values["activities"]["in_person_attendances"]


@pytest.fixture
def merged(world):
    """Xã Bắc (with its cell) reports for 2025-Q1, is approved, then merges into Đông Sơn on 1/7/2025."""
    root = world.superuser
    old = add_unit(world.province, "X9", "Xã Bắc", kind=Kind.PARTY_COMMITTEE, level=Level.COMMUNE)
    old_cell = add_unit(old, "X9-C1", "Chi bộ thôn Bắc", kind=Kind.PARTY_CELL, level=Level.CELL)
    meeting = conference(old_cell, D(2025, 2, 14), 45, actor=root)
    period = services.period_for("2025-Q1")
    report = approve(services.start_report(actor=root, unit=old, period=period), world)
    unit_services.merge_units([old], into=world.commune, on=D(2025, 7, 1), actor=root)
    return world, period, report, Unit.objects.get(pk=old_cell.pk), meeting


def test_a_merger_after_approval_keeps_the_old_cells_approved_and_locked(merged):
    world, period, report, old_cell, meeting = merged
    assert old_cell.path.startswith(world.commune.path)  # the cell now sits under the successor
    assert not old_cell.path.startswith(report.unit.path)
    assert attendances(rollup.rollup(world.province, period, basis=rollup.APPROVED).values) == 45
    assert attendances(rollup.rollup(world.commune, period, basis=rollup.APPROVED).values) == 45
    with pytest.raises(ValidationFailed) as locked:
        activity_services.update_activity(meeting, actor=world.superuser, participants=50)
    assert locked.value.code == "period_locked"
    assert Activity.objects.get(pk=meeting.pk).participants == 45


def test_reopening_drops_what_the_approval_covered(merged):
    world, period, report, _old_cell, meeting = merged
    services.reopen_report(report, actor=world.province_approver, reason="Số liệu chưa khớp")
    assert not ReportCoverage.objects.filter(report=report).exists()
    assert attendances(rollup.rollup(world.province, period, basis=rollup.APPROVED).values) == 0
    activity_services.update_activity(meeting, actor=world.superuser, participants=50)
    assert Activity.objects.get(pk=meeting.pk).participants == 50


@pytest.mark.parametrize("locks_data", [False, True])
def test_a_custom_period_locks_only_when_defined_to(world, locks_data):
    root = world.superuser
    meeting = conference(world.cell, D(2022, 3, 8), 30, actor=root)
    review = services.define_period(
        actor=world.province_admin,
        unit=world.province,
        name="2 năm thực hiện Kết luận 01-KL/TW",
        start=D(2021, 5, 18),
        end=D(2023, 5, 18),
        locks_data=locks_data,
    )
    approve(services.start_report(actor=root, unit=world.commune, period=review), world)
    assert attendances(rollup.rollup(world.province, review, basis=rollup.APPROVED).values) == 30
    if locks_data:
        with pytest.raises(ValidationFailed):
            activity_services.update_activity(meeting, actor=root, participants=31)
        assert Activity.objects.get(pk=meeting.pk).participants == 30
    else:
        activity_services.update_activity(meeting, actor=root, participants=31)
        assert Activity.objects.get(pk=meeting.pk).participants == 31


def test_a_years_approved_figures_gather_its_approved_quarters(world):
    root = world.superuser
    conference(world.cell, D(2025, 2, 10), 40, actor=root)  # Q1, approved below
    conference(world.cell, D(2025, 5, 12), 25, actor=root)  # Q2, never reported
    conference(world.sibling_cell, D(2025, 3, 3), 70, actor=root)  # Q1, sibling not approved
    approve(
        services.start_report(actor=root, unit=world.commune, period=services.period_for("2025-Q1")), world
    )
    year = services.period_for("2025")
    assert attendances(rollup.rollup(world.province, year).values) == 135
    assert attendances(rollup.rollup(world.province, year, basis=rollup.APPROVED).values) == 40
    rows = rollup.by_child(world.province, year, basis=rollup.APPROVED)
    assert {row.unit.code: attendances(row.values) for row in rows if row.values} == {"X1": 40}
