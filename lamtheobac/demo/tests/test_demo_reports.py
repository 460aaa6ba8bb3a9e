"""The demo province's reports (lamtheobac/demo/reports.py): every state, the
figures frozen as the roll-up computes them, completeness with late and
missing reports, and something to do for each demo account."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lamtheobac.activities import services as activity_services
from lamtheobac.activities.models import ActivityKind, Category
from lamtheobac.core import access
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.formatting import format_number
from lamtheobac.core.models import AuditEvent, Notification
from lamtheobac.core.querysets import today
from lamtheobac.core.testing import table_state
from lamtheobac.reports import rollup, services
from lamtheobac.reports.completeness import completeness
from lamtheobac.reports.models import Obligation, Report, ReportingPeriod, ReportStep, State
from lamtheobac.units.models import Kind, Level, Unit

pytestmark = pytest.mark.django_db

CURRENT = "2026-Q3"


@pytest.fixture
def output(db) -> str:
    out = StringIO()
    call_command("demo", "--communes", "5", stdout=out)
    return out.getvalue()


def province() -> Unit:
    return Unit.objects.get(depth=1, is_demo=True)


def xa_commune() -> Unit:
    return Unit.objects.get(is_demo=True, level=Level.COMMUNE, name="Xã Đông Sơn")


def test_it_builds_reports_in_every_state_and_prints_their_counts(output):
    line = next(line for line in output.splitlines() if line.startswith("Báo cáo 2025–2026:"))
    states = dict.fromkeys(State.values, 0)
    for state in Report.objects.values_list("state", flat=True):
        states[state] += 1
    assert all(states.values()), states
    assert f"{states[State.APPROVED]} đã duyệt" in line.replace(".", "")
    assert f"{states[State.SUBMITTED]} chờ duyệt" in line
    assert "1 trả lại" in line

    # The province asks the communes every quarter and year of 2025 and 2026; Đông Sơn asks its cells.
    asked = Obligation.objects.filter(unit=province())
    keys = set(asked.values_list("period__key", flat=True))
    assert {"2025-Q1", "2025-Q4", "2025", "2026-Q1", "2026-Q4", "2026"} <= keys
    assert all(o.unit_kinds == [Kind.PARTY_COMMITTEE] and o.levels == [Level.COMMUNE] for o in asked)
    cells = Obligation.objects.filter(unit=xa_commune())
    assert cells.count() == 6 and all(o.unit_kinds == [Kind.PARTY_CELL] for o in cells)
    # The custom periods of the Conclusion 01 reviews, defined by the province.
    custom = ReportingPeriod.objects.filter(kind="custom", defined_by=province())
    assert {(p.name, p.start, p.end) for p in custom} >= {
        ("2 năm thực hiện Kết luận 01-KL/TW", dt.date(2021, 5, 18), dt.date(2023, 5, 18)),
    }
    five = custom.get(name__startswith="5 năm")
    assert Report.objects.filter(period=five, state=State.APPROVED).exists()


def test_the_approved_figures_are_what_the_rollup_gives_and_the_history_is_complete(output):
    approved = list(Report.objects.approved().select_related("unit", "period"))
    assert len(approved) > 40
    now = timezone.now()
    for report in approved:
        assert report.figures == rollup.rollup(report.unit, report.period).values, report
        assert report.first_submitted_at <= report.approved_at <= now
        assert report.figures_at == report.approved_at
        assert report.created_at <= report.first_submitted_at
        assert report.first_submitted_at.date() > report.period.end - dt.timedelta(days=1)
        actions = list(report.steps.values_list("action", flat=True))
        assert actions == ["submit", "approve"], (report, actions)
    # Xã Đông Sơn's went through the services: audited, and its periods are locked.
    ours = [report for report in approved if report.unit == xa_commune()]
    assert ours
    # Every report, through the services or written in bulk, has its trail, at the report's own times.
    trail: dict[tuple[str, str], list] = {}
    for event in AuditEvent.objects.filter(object_type="reports.report"):
        trail.setdefault((event.object_id, event.action), []).append(event)
    for report in approved:
        key = str(report.pk)
        assert [event.at for event in trail[key, "create"]] == [report.created_at], report
        assert [event.at for event in trail[key, "submit"]] == [report.first_submitted_at], report
        assert [event.at for event in trail[key, "approve"]] == [report.approved_at], report
        assert all(event.unit_id == report.unit_id for event in trail[key, "approve"])
    kind = ActivityKind.objects.filter(category=Category.CONFERENCE).first()
    with pytest.raises(ValidationFailed) as error:
        activity_services.record_activity(
            actor=User.objects.get(username="admin"),
            unit=xa_commune(),
            kind=kind,
            held_on=dt.date(2026, 5, 5),
            title="Hội nghị muộn",
            participants=10,
        )
    # Named by one of the approved reports that cover the day (the quarter's or the five years').
    assert any(
        report.unit.name in str(error.value.message) and report.period.label in str(error.value.message)
        for report in ours
        if report.period.contains(dt.date(2026, 5, 5))
    )


def test_completeness_has_late_and_missing_reports_and_never_passes_one_hundred_percent(output):
    found = {period.key: completeness(province(), period) for period in ReportingPeriod.objects.all()}
    for result in found.values():
        assert result.submitted <= result.expected
    # Before the reform the old district's communes owed the reports; afterwards the communes of today.
    assert found["2025-Q1"].expected == 8
    assert {entry.unit.valid_to for entry in found["2025-Q1"].entries} == {dt.date(2025, 6, 30)}
    assert all(entry.unit.valid_to is None for entry in found["2025-Q3"].entries)
    assert sum(result.late for result in found.values()) > 0
    current = found[CURRENT]
    assert current.overdue > 0 and current.approved > 0
    assert current.submitted > current.approved  # some await the province
    # Nothing is sent after today, nor before its period ended.
    for report in Report.objects.sent().select_related("period"):
        assert report.period.end < timezone.localdate(report.first_submitted_at) <= today()


def test_each_demo_account_has_something_to_do(output):
    tinh, xa, chibo = (User.objects.get(username=name) for name in ("tinh", "xa", "chibo"))
    current = services.period_for(CURRENT)

    # tinh: communes' reports to approve, each announced by an unread notification.
    awaiting = [
        report
        for report in Report.objects.awaiting().select_related("unit")
        if access.can(tinh, access.Action.APPROVE, services.parent_of(report.unit))
    ]
    assert awaiting
    unread = set(Notification.objects.for_user(tinh).unread().values_list("url", flat=True))
    assert {reverse("reports:detail", args=[report.pk]) for report in awaiting} <= unread
    for report in awaiting:  # dated the day the report came, not the day the demo was built
        note = Notification.objects.for_user(tinh).get(url=reverse("reports:detail", args=[report.pk]))
        assert note.created_at == report.submitted_at

    # xa: Đông Sơn's report for the quarter came back with a reason and notes per section.
    returned = Report.objects.get(unit=xa_commune(), period=current)
    assert returned.state == State.RETURNED
    assert returned.return_reason and set(returned.section_notes) >= {"results"}
    assert access.can(xa, access.Action.CHANGE, returned.unit)
    assert list(ReportStep.objects.filter(report=returned).values_list("action", flat=True)) == [
        "submit",
        "return",
    ]
    note = Notification.objects.for_user(xa).unread().get(url=reverse("reports:detail", args=[returned.pk]))
    assert note.created_at == returned.steps.get(action="return").at

    # chibo: the cell has not sent its report for the quarter and has been reminded.
    cell = Unit.objects.get(pk=chibo.roles.get().unit_id)
    assert not Report.objects.filter(unit=cell, period=current).exists()
    reminder = Notification.objects.for_user(chibo).unread().get()
    assert reminder.url == f"{reverse('reports:start')}?unit={cell.pk}&period={CURRENT}"
    # Its earlier quarters were approved by the commune.
    assert Report.objects.filter(unit=cell, state=State.APPROVED).count() >= 2


def test_reset_removes_the_reports_and_builds_them_again(output):
    before = Report.objects.count()
    out = StringIO()
    call_command("demo", "--communes", "5", "--reset", stdout=out)
    assert Report.objects.count() == before
    assert Obligation.objects.filter(unit__is_demo=True).count() == Obligation.objects.count()
    assert ReportingPeriod.objects.filter(kind="custom").count() == 2


def test_running_it_again_keeps_the_reports_and_counts_them(output):
    before = table_state(Report), table_state(Notification)
    out = StringIO()
    call_command("demo", stdout=out)
    assert f"{format_number(Report.objects.count())} báo cáo" in out.getvalue()
    assert (table_state(Report), table_state(Notification)) == before
