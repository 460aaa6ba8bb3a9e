"""A report's way from the cell through the commune to the province, and the
rules at each step (lamtheobac/reports/services.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from lamtheobac.activities.models import Activity
from lamtheobac.core.errors import Conflict, Forbidden, ValidationFailed
from lamtheobac.core.models import AuditEvent, Notification
from lamtheobac.core.testing import make_user
from lamtheobac.reports import rollup, services
from lamtheobac.reports.models import Report, ReportStep, State
from lamtheobac.reports.tests.helpers import add_unit, conference
from lamtheobac.units.models import Kind

pytestmark = pytest.mark.django_db

D = dt.date
Q1 = "2025-Q1"


@pytest.fixture
def tree(world):
    second_cell = add_unit(world.commune, "X1-C2", "Chi bộ thôn Hai")
    cell_editor = make_user("chibo", unit=world.cell, kind="editor")
    commune_approver = make_user("xa_duyet", unit=world.commune, kind="approver")
    root = world.superuser
    conference(world.cell, D(2025, 2, 3), 40, actor=root)
    conference(second_cell, D(2025, 3, 5), 25, actor=root)
    conference(world.commune, D(2025, 1, 20), 120, actor=root)
    conference(world.sibling_cell, D(2025, 2, 10), 30, actor=root)
    conference(world.sibling, D(2025, 3, 1), 90, actor=root)
    conference(world.cell, D(2025, 4, 2), 99, actor=root)  # outside the quarter
    return world, second_cell, cell_editor, commune_approver


def in_person(values) -> tuple[int, int]:
    section = values["activities"]
    return section["in_person_conferences"], section["in_person_attendances"]


def test_a_report_walks_from_the_cell_to_the_province_and_locks_the_period(tree):
    world, second_cell, cell_editor, commune_approver = tree
    period = services.period_for(Q1)

    # The cell writes and submits; the commune returns it with a reason for one section.
    cell_report = services.start_report(actor=cell_editor, unit=world.cell, period=period)
    assert cell_report.state == State.DRAFT
    assert "40" in cell_report.summary  # drafted from the figures
    services.submit_report(cell_report, actor=cell_editor)
    assert Notification.objects.filter(user=commune_approver).count() == 1
    with pytest.raises(ValidationFailed):
        services.return_report(cell_report, actor=commune_approver, reason="  ")
    services.return_report(
        cell_report,
        actor=commune_approver,
        reason="Thiếu số liệu hội nghị",
        section_notes={"results": "Bổ sung"},
    )
    cell_report.refresh_from_db()
    assert cell_report.state == State.RETURNED
    assert cell_report.section_notes == {"results": "Bổ sung"}
    assert Notification.objects.filter(user=cell_editor, message__contains="Thiếu số liệu").exists()

    # Resubmitted, then approved by the commune: the cell's quarter is locked.
    services.update_report(cell_report, actor=cell_editor, results="Đã tổ chức hội nghị")
    services.submit_report(cell_report, actor=cell_editor)
    services.approve_report(cell_report, actor=commune_approver)
    cell_report.refresh_from_db()
    assert cell_report.state == State.APPROVED
    assert in_person(cell_report.figures) == (1, 40)
    with pytest.raises(ValidationFailed) as locked:
        conference(world.cell, D(2025, 3, 30), 10, actor=world.superuser)
    assert cell_report.period.label in str(locked.value.message)
    assert cell_report.unit.name in str(locked.value.message)
    assert Activity.objects.filter(unit=world.cell, held_on=D(2025, 3, 30)).count() == 0
    conference(world.cell, D(2025, 4, 30), 10, actor=world.superuser)  # the next quarter stays open

    # The second cell is approved too; the commune's approved figures are its cells' sum.
    second = services.start_report(actor=world.editor, unit=second_cell, period=period)
    services.submit_report(second, actor=world.editor)
    services.approve_reports([second], actor=commune_approver)
    commune_approved = rollup.rollup(world.commune, period, basis=rollup.APPROVED).values
    assert in_person(commune_approved) == (2, 65)
    assert in_person(rollup.rollup(world.commune, period).values) == (3, 185)  # preliminary: everything

    # Communes report to the province, which approves both.
    commune_report = services.start_report(actor=world.editor, unit=world.commune, period=period)
    assert (commune_report.superior_body, commune_report.issuing_body) == (
        "ĐẢNG BỘ TỈNH THỬ",
        "ĐẢNG ỦY XÃ ĐÔNG SƠN",
    )
    assert (cell_report.superior_body, cell_report.issuing_body) == ("ĐẢNG BỘ XÃ ĐÔNG SƠN", "CHI BỘ THÔN MỘT")
    sibling_report = services.start_report(actor=world.outsider, unit=world.sibling, period=period)
    for report, actor in ((commune_report, world.editor), (sibling_report, world.outsider)):
        services.submit_report(report, actor=actor)
    services.approve_reports([commune_report, sibling_report], actor=world.province_approver)
    province = rollup.rollup(world.province, period, basis=rollup.APPROVED).values
    children = [
        Report.objects.get(pk=commune_report.pk).figures,
        Report.objects.get(pk=sibling_report.pk).figures,
    ]
    assert in_person(province) == (5, 305)
    assert in_person(province) == tuple(
        map(sum, zip(*(in_person(figures) for figures in children), strict=True))
    )
    rows = rollup.by_child(world.province, period, basis=rollup.APPROVED)
    assert rollup.totals(rows)["activities"]["in_person_attendances"] == 305

    # Every step is in the history and the audit trail.
    assert list(ReportStep.objects.filter(report=cell_report).values_list("action", flat=True)) == [
        "submit",
        "return",
        "submit",
        "approve",
    ]
    assert AuditEvent.objects.filter(object_type="reports.report", action="approve").count() == 4

    # Reopening lifts the lock; the approved figures drop the reopened commune.
    with pytest.raises(ValidationFailed):
        services.reopen_report(commune_report, actor=world.province_approver, reason="")
    services.reopen_report(commune_report, actor=world.province_approver, reason="Sai số liệu tháng 3")
    assert in_person(rollup.rollup(world.province, period, basis=rollup.APPROVED).values) == (4, 185)


def test_the_wrong_people_and_states_are_refused_and_nothing_changes(tree):
    world, _second_cell, _cell_editor, commune_approver = tree
    period = services.period_for(Q1)
    report = services.start_report(actor=world.editor, unit=world.commune, period=period)
    with pytest.raises(Forbidden):
        services.submit_report(report, actor=world.outsider)  # another unit's report
    with pytest.raises(Conflict):
        services.approve_report(report, actor=world.province_approver)  # not submitted yet
    services.submit_report(report, actor=world.editor)
    with translation.override("en"), pytest.raises(Forbidden) as own:
        services.approve_report(report, actor=world.admin)  # its own unit
    assert "level above" in str(own.value.message)
    with pytest.raises(Forbidden):
        services.approve_report(report, actor=commune_approver)
    with pytest.raises(Conflict):
        services.start_report(actor=world.editor, unit=world.commune, period=period)
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    assert not ReportStep.objects.filter(action="approve").exists()


def test_a_deadline_before_the_period_is_refused(world):
    period = services.period_for("2025-Q2")
    with pytest.raises(ValidationFailed) as error:
        services.set_obligation(
            actor=world.province_approver,
            unit=world.province,
            period=period,
            title="Báo cáo quý II",
            unit_kinds=[Kind.PARTY_COMMITTEE],
            deadline=D(2025, 3, 31),
        )
    assert error.value.field == "deadline"


@pytest.mark.parametrize(
    ("name", "level", "kind", "issuer", "organisation"),
    [
        ("Tỉnh Cao Bằng", "province", Kind.PARTY_COMMITTEE, "TỈNH ỦY CAO BẰNG", "ĐẢNG BỘ TỈNH CAO BẰNG"),
        ("Thành phố Hà Nội", "province", Kind.PARTY_COMMITTEE, "THÀNH ỦY HÀ NỘI", "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI"),
        ("Huyện Bảo Lạc", "district", Kind.PARTY_COMMITTEE, "HUYỆN ỦY BẢO LẠC", "ĐẢNG BỘ HUYỆN BẢO LẠC"),
        ("Thị xã Sơn Tây", "district", Kind.PARTY_COMMITTEE, "THỊ ỦY SƠN TÂY", "ĐẢNG BỘ THỊ XÃ SƠN TÂY"),
        ("Quận Ba Đình", "district", Kind.PARTY_COMMITTEE, "QUẬN ỦY BA ĐÌNH", "ĐẢNG BỘ QUẬN BA ĐÌNH"),
        ("Xã Đông Sơn", "commune", Kind.PARTY_COMMITTEE, "ĐẢNG ỦY XÃ ĐÔNG SƠN", "ĐẢNG BỘ XÃ ĐÔNG SƠN"),
        # A commune-level city ward keeps the commune form, whatever its word.
        (
            "Phường Hòa Chung",
            "commune",
            Kind.PARTY_COMMITTEE,
            "ĐẢNG ỦY PHƯỜNG HÒA CHUNG",
            "ĐẢNG BỘ PHƯỜNG HÒA CHUNG",
        ),
        ("Chi bộ thôn Một", "cell", Kind.PARTY_CELL, "CHI BỘ THÔN MỘT", "CHI BỘ THÔN MỘT"),
    ],
)
def test_a_heading_names_each_levels_committee_as_party_documents_do(name, level, kind, issuer, organisation):
    from lamtheobac.units.models import Unit

    unit = Unit(name=f"{name} (dữ liệu minh họa)", level=level, kind=kind)
    with translation.override("vi"):
        assert services.heading_name(unit, issuing=True) == issuer
        assert services.heading_name(unit, issuing=False) == organisation
