"""Who owes a report, who sent it on time or late, who is missing, and the
reminders (lamtheobac/reports/completeness.py, services.remind_missing)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import override_settings

from lamtheobac.core.errors import Forbidden, ValidationFailed
from lamtheobac.core.models import AuditEvent, Notification
from lamtheobac.core.testing import START, count_queries, make_user
from lamtheobac.reports import completeness as completeness_module
from lamtheobac.reports import services
from lamtheobac.reports.completeness import completeness
from lamtheobac.reports.models import Report
from lamtheobac.units import services as unit_services
from lamtheobac.units.models import Kind, Level, Unit

pytestmark = pytest.mark.django_db

D = dt.date
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
REFORM = D(2025, 7, 1)
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def add_unit(parent, code, name, *, kind=Kind.PARTY_COMMITTEE, level=Level.COMMUNE, valid_from=START):
    unit = Unit.objects.add_child(
        Unit.objects.get(pk=parent.pk),
        instance=Unit(code=code, name=name, level=level, kind=kind, valid_from=valid_from),
    )
    return Unit.objects.get(pk=unit.pk)


def oblige(world, key: str, deadline: dt.date, *, kinds=(Kind.PARTY_COMMITTEE,), levels=(Level.COMMUNE,)):
    return services.set_obligation(
        actor=world.province_approver,
        unit=world.province,
        period=services.period_for(key),
        title=f"Báo cáo kết quả học tập và làm theo Bác, {key}",
        unit_kinds=list(kinds),
        levels=list(levels),
        deadline=deadline,
    )


def send(unit, period, *, actor, on: dt.date | None = None) -> Report:
    """Start and submit `unit`'s report; `on` pretends it was first sent that day (noon, local time)."""
    report = services.start_report(actor=actor, unit=unit, period=period)
    services.submit_report(report, actor=actor)
    if on is not None:
        at = dt.datetime(on.year, on.month, on.day, 12, tzinfo=LOCAL)
        Report.objects.filter(pk=report.pk).update(first_submitted_at=at, submitted_at=at)
    return Report.objects.get(pk=report.pk)


@pytest.fixture
def on_day(monkeypatch):
    """Set the day completeness takes as today."""

    def set_today(day: dt.date) -> None:
        monkeypatch.setattr(completeness_module, "today", lambda: day)

    return set_today


@pytest.fixture
def reformed(world):
    """Xã Nam Hà closed at the end of 2024; Xã Bắc Sơn and Xã Trung Sơn merge into the new Xã Hợp Nhất
    from 1/7/2025."""
    root = world.superuser
    closed = add_unit(world.province, "X3", "Xã Nam Hà")
    unit_services.close_unit(closed, actor=root, on=D(2024, 12, 31))
    north = add_unit(world.province, "X4", "Xã Bắc Sơn")
    middle = add_unit(world.province, "X5", "Xã Trung Sơn")
    new = add_unit(world.province, "X6", "Xã Hợp Nhất", valid_from=REFORM)
    unit_services.merge_units([north, middle], into=new, on=REFORM, actor=root)
    return world, closed, Unit.objects.get(pk=north.pk), Unit.objects.get(pk=middle.pk), new


def expected(found) -> set[str]:
    return {entry.unit.name for entry in found.entries}


def test_only_the_communes_that_exist_at_the_end_of_the_period_are_expected(reformed):
    world, closed, north, middle, new = reformed
    oblige(world, "2025-H1", D(2025, 7, 15))
    oblige(world, "2025-Q3", D(2025, 10, 10))

    first_half = completeness(world.province, services.period_for("2025-H1"))
    # The old communes still existed on 30/6/2025; the closed one and the successor did not.
    assert expected(first_half) == {world.commune.name, world.sibling.name, north.name, middle.name}
    third_quarter = completeness(world.province, services.period_for("2025-Q3"))
    assert expected(third_quarter) == {world.commune.name, world.sibling.name, new.name}
    assert closed.name not in expected(first_half) | expected(third_quarter)
    # Cells are not asked by this obligation, nor is the province itself.
    assert world.cell.name not in expected(first_half)


def test_the_rate_never_passes_one_hundred_percent(reformed, on_day):
    world, _closed, north, middle, new = reformed
    oblige(world, "2025-Q3", D(2025, 10, 10))
    q3 = services.period_for("2025-Q3")
    on_day(D(2025, 10, 20))
    for unit in (world.commune, world.sibling, new):
        send(unit, q3, actor=world.superuser, on=D(2025, 10, 5))
    # The old communes sent one too (by mistake): they are not expected, so they do not count.
    for unit in (north, middle):
        send(unit, q3, actor=world.superuser, on=D(2025, 10, 5))
    found = completeness(world.province, q3)
    assert (found.expected, found.submitted, found.missing) == (3, 3, 0)
    assert found.submitted <= found.expected


def test_on_time_late_due_and_overdue(world, on_day):
    third = add_unit(world.province, "X3", "Xã Nam Hà")
    fourth = add_unit(world.province, "X4", "Xã Bắc Sơn")
    oblige(world, "2025-Q3", D(2025, 10, 10))
    q3 = services.period_for("2025-Q3")
    send(world.commune, q3, actor=world.editor, on=D(2025, 10, 10))  # on the deadline: on time
    late = send(world.sibling, q3, actor=world.outsider, on=D(2025, 10, 11))
    services.start_report(actor=world.superuser, unit=third, period=q3)  # a draft is not sent

    on_day(D(2025, 10, 9))
    found = completeness(world.province, q3)
    status = {entry.unit.name: entry.status for entry in found.entries}
    assert status == {
        world.commune.name: completeness_module.ON_TIME,
        world.sibling.name: completeness_module.LATE,
        third.name: completeness_module.DUE,
        fourth.name: completeness_module.DUE,
    }
    assert found.as_dict() == {
        "expected": 4,
        "submitted": 2,
        "on_time": 1,
        "late": 1,
        "missing": 2,
        "overdue": 0,
        "approved": 0,
    }

    on_day(D(2025, 10, 11))
    found = completeness(world.province, q3)
    assert (found.missing, found.overdue) == (2, 2)
    assert {entry.unit.name for entry in found.missing_entries} == {third.name, fourth.name}
    assert next(e for e in found.entries if e.unit == world.sibling).sent_on == D(2025, 10, 11)

    # A return and a resubmission keep the first sending day: still late, now approved.
    services.return_report(late, actor=world.province_approver, reason="Thiếu số liệu")
    services.submit_report(late, actor=world.outsider)
    services.approve_report(late, actor=world.province_approver)
    found = completeness(world.province, q3)
    entry = next(e for e in found.entries if e.unit == world.sibling)
    assert (entry.status, entry.state, found.approved) == (completeness_module.LATE, "approved", 1)


def test_a_commune_sees_its_cells_against_its_own_obligation(world, on_day):
    services.set_obligation(
        actor=world.admin,
        unit=world.commune,
        period=services.period_for("2025-Q3"),
        title="Báo cáo quý của chi bộ",
        unit_kinds=[Kind.PARTY_CELL],
        levels=[],
        deadline=D(2025, 10, 5),
    )
    on_day(D(2025, 10, 6))
    found = completeness(world.commune, services.period_for("2025-Q3"))
    assert [(entry.unit, entry.status) for entry in found.entries] == [
        (world.cell, completeness_module.OVERDUE)
    ]
    # The sibling's cell is not asked by our commune.
    assert completeness(world.sibling, services.period_for("2025-Q3")).expected == 0


def test_a_user_sees_only_the_units_in_their_scope(world):
    oblige(world, "2025-Q3", D(2025, 10, 10))
    q3 = services.period_for("2025-Q3")
    assert completeness(world.province, q3, user=world.province_approver).expected == 2
    assert [entry.unit for entry in completeness(world.province, q3, user=world.editor).entries] == [
        world.commune
    ]


# -- reminders ------------------------------------------------------------------------------
@pytest.fixture
def missing_sibling(world, on_day):
    """Đông Sơn has sent its report; Tây Hồ has not, and the deadline has passed."""
    cell_editor = make_user("chibo", unit=world.sibling_cell, kind="editor")
    User.objects.filter(pk=world.outsider.pk).update(email="xa_ben@example.vn")
    User.objects.filter(pk=world.outsider_admin.pk).update(email="xa_ben_admin@example.vn")
    User.objects.filter(pk=world.editor.pk).update(email="xa@example.vn")
    oblige(world, "2025-Q3", D(2025, 10, 10))
    q3 = services.period_for("2025-Q3")
    send(world.commune, q3, actor=world.editor, on=D(2025, 10, 8))
    on_day(D(2025, 10, 15))
    Notification.objects.all().delete()
    return world, q3, cell_editor


def test_remind_missing_notifies_the_writers_of_the_missing_units_and_nobody_else(missing_sibling):
    world, q3, _cell_editor = missing_sibling
    audits = AuditEvent.objects.filter(action="remind").count()
    count = services.remind_missing(actor=world.province_approver, within=world.province, period=q3)
    notified = set(Notification.objects.values_list("user__username", flat=True))
    # The editor and the unit admin of Tây Hồ; not Đông Sơn's people, the cell or the province.
    assert notified == {"xa_ben", "xa_ben_admin"}
    assert count == 2
    note = Notification.objects.get(user=world.outsider)
    assert note.unit == world.sibling
    assert "10/10/2025" in note.message
    assert note.url.endswith(f"?unit={world.sibling.pk}&period=2025-Q3")
    assert AuditEvent.objects.filter(action="remind").count() == audits + 1


def test_remind_missing_sends_mail_when_a_mail_server_is_set(
    missing_sibling, django_capture_on_commit_callbacks
):
    world, q3, _cell_editor = missing_sibling
    with (
        override_settings(MAIL_HOST="smtp.example", MAILERS=LOCMEM),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.remind_missing(actor=world.province_approver, within=world.province, period=q3)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["xa_ben@example.vn", "xa_ben_admin@example.vn"]
    for message in mail.outbox:
        assert "quý III/2025" in message.body
        assert f"?unit={world.sibling.pk}&period=2025-Q3" in message.body


def test_no_mail_is_sent_without_a_mail_server(missing_sibling, django_capture_on_commit_callbacks):
    world, q3, _cell_editor = missing_sibling
    with (
        override_settings(MAIL_HOST="", MAILERS=LOCMEM),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.remind_missing(actor=world.province_approver, within=world.province, period=q3)
    assert mail.outbox == []
    assert Notification.objects.count() == 2


def test_remind_missing_can_pick_units(missing_sibling):
    world, q3, _cell_editor = missing_sibling
    third = add_unit(world.province, "X3", "Xã Nam Hà")
    clerk = make_user("nam_ha", unit=third, kind="editor")
    services.remind_missing(actor=world.province_approver, within=world.province, period=q3, units=[third.pk])
    assert set(Notification.objects.values_list("user", flat=True)) == {clerk.pk}


def test_a_reminder_is_refused_to_those_who_may_not_send_it_and_nothing_changes(missing_sibling):
    world, q3, _cell_editor = missing_sibling
    audits = AuditEvent.objects.count()
    for actor in (world.editor, world.outsider_admin, world.nobody):
        with pytest.raises(Forbidden):
            services.remind_missing(actor=actor, within=world.province, period=q3)
    assert Notification.objects.count() == 0
    assert AuditEvent.objects.count() == audits


def test_a_reminder_with_nobody_missing_is_refused(missing_sibling):
    world, q3, _cell_editor = missing_sibling
    send(world.sibling, q3, actor=world.outsider, on=D(2025, 10, 12))
    Notification.objects.all().delete()
    with pytest.raises(ValidationFailed):
        services.remind_missing(actor=world.province_approver, within=world.province, period=q3)
    assert Notification.objects.count() == 0


# -- query counts ---------------------------------------------------------------------------
def test_the_number_of_queries_does_not_grow_with_the_number_of_units(world):
    oblige(world, "2025-Q3", D(2025, 10, 10))
    q3 = services.period_for("2025-Q3")

    def grow(count: int) -> None:
        first = Unit.objects.filter(code__startswith="N").count()
        for number in range(first, first + count):
            commune = add_unit(world.province, f"N{number}", f"Xã Mới {number}")
            send(commune, q3, actor=world.superuser, on=D(2025, 10, 1 + number % 20))

    def queries() -> int:
        user = User.objects.get(pk=world.province_approver.pk)

        def read():
            found = completeness(world.province, q3, user=user)
            found.as_dict()
            [entry.status for entry in found.entries]

        return count_queries(read)

    grow(1)
    small = queries()
    grow(8)
    assert queries() == small
