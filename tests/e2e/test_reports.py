"""A report's way in a real browser: the commune's editor starts it from the
home page's to-do, writes and submits it; the province's approver, told on the
home page, returns it with a reason; the editor finds it returned on the home
page, corrects and resubmits it; the approver approves it and the page shows
the frozen figures."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from lamtheobac.activities import services as activity_services
from lamtheobac.activities.models import ActivityKind, Category, Form
from lamtheobac.core.testing import PASSWORD, build_world
from lamtheobac.reports import services
from lamtheobac.reports.models import Report, ReportStep, State
from lamtheobac.units.models import Kind, Level

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REASON = "Thiếu kết quả sinh hoạt chuyên đề của các chi bộ"
NOTE = "Bổ sung số chi bộ đã sinh hoạt chuyên đề"
FIRST = "Đã tổ chức hội nghị học tập chuyên đề năm cho toàn Đảng bộ."
SECOND = "Đã tổ chức hội nghị học tập chuyên đề; 12/12 chi bộ sinh hoạt chuyên đề trong quý."


@pytest.fixture
def world(default_lists):
    world = build_world()
    kind = ActivityKind.objects.filter(category=Category.CONFERENCE, is_active=True).first()
    for unit, day, people in (
        (world.commune, dt.date(2025, 2, 10), 120),
        (world.cell, dt.date(2025, 3, 3), 40),
    ):
        activity_services.record_activity(
            actor=world.superuser,
            unit=unit,
            kind=kind,
            held_on=day,
            title="Hội nghị học tập chuyên đề năm 2025",
            form=Form.IN_PERSON,
            participants=people,
            party_members=people // 2,
        )
    services.set_obligation(
        actor=world.province_approver,
        unit=world.province,
        period=services.period_for("2025-Q1"),
        title="Báo cáo quý I/2025",
        unit_kinds=[Kind.PARTY_COMMITTEE],
        levels=[Level.COMMUNE],
        deadline=dt.date(2025, 4, 10),
    )
    return world


def log_in(page, username):
    response = page.goto("/accounts/login/")
    assert response is not None and response.status == 200
    form = page.locator("form", has=page.locator("input[name=username]"))
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit], input[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def press(page, path: str):
    """Follow the link to `path` on the page, then confirm the action's form."""
    page.locator(f'main a[href="{path}"]').first.click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def save_results(page, report_pk: int, text: str):
    press(page, f"/reports/{report_pk}/edit/")
    page.locator("textarea[name=results]").fill(text)
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/reports/{report_pk}/$"))
    expect(page.locator("#narrative")).to_contain_text(text)


def submit(page, report_pk: int):
    press(page, f"/reports/{report_pk}/submit/")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/reports/{report_pk}/$"))


def test_a_report_is_written_returned_corrected_and_approved_in_the_browser(world, new_page, live_server):
    editor = new_page()
    log_in(editor, "xa")
    editor.goto("/")

    # The home page says the commune owes the first quarter's report, overdue; the editor starts it there.
    todo = editor.locator("section.todo")
    expect(todo).to_contain_text("Báo cáo quý I/2025")
    expect(todo).to_contain_text("Quá hạn")
    todo.get_by_role("link", name="Lập báo cáo").click()
    expect(editor.locator("select[name=unit]")).to_have_value(str(world.commune.pk))
    expect(editor.locator("select[name=period]")).to_have_value("2025-Q1")
    expect(editor.locator("select[name=period] option:checked")).to_have_text("Quý I/2025")
    editor.locator("main form button[type=submit]").click()
    expect(editor).to_have_url(re.compile(r"/reports/\d+/$"))
    report = Report.objects.get(unit=world.commune, period__key="2025-Q1")
    assert report.state == State.DRAFT
    # The summary is drafted from the figures: 2 conferences, 160 attendances.
    expect(editor.locator("#narrative")).to_contain_text("160")

    save_results(editor, report.pk, FIRST)
    submit(editor, report.pk)
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.results == FIRST

    # The province's approver is told on the home page, opens it and returns it with a reason.
    approver = new_page()
    log_in(approver, "tinh")
    approver.goto("/")
    approver.locator("section.todo").get_by_role("link", name="1 báo cáo chờ bạn duyệt").click()
    approver.locator(f'table.reports a[href="/reports/{report.pk}/"]').click()
    expect(approver.locator("h1")).to_contain_text(report.title)
    press(approver, f"/reports/{report.pk}/return/")
    approver.locator("textarea[name=reason]").fill(REASON)
    approver.locator("textarea[name=note_results]").fill(NOTE)
    approver.locator("main form button[type=submit]").click()
    expect(approver).to_have_url(re.compile(rf"/reports/{report.pk}/$"))
    report.refresh_from_db()
    assert (report.state, report.return_reason, report.section_notes) == (
        State.RETURNED,
        REASON,
        {"results": NOTE},
    )

    # The editor finds it returned on the home page, with the reason, and opens it.
    editor.goto("/")
    expect(editor.locator("section.todo")).to_contain_text(REASON)
    editor.locator("section.todo").get_by_role("link", name="Mở báo cáo").click()
    expect(editor).to_have_url(re.compile(rf"/reports/{report.pk}/$"))
    reason = editor.locator("#return-reason")
    expect(reason).to_contain_text(REASON)
    expect(reason).to_contain_text(NOTE)
    save_results(editor, report.pk, SECOND)
    submit(editor, report.pk)
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.results == SECOND

    # The approver approves: the page says so and shows the figures frozen at the approval.
    approver.goto(f"/reports/{report.pk}/")
    press(approver, f"/reports/{report.pk}/approve/")
    approver.locator("main form button[type=submit]").click()
    expect(approver).to_have_url(re.compile(rf"/reports/{report.pk}/$"))
    expect(approver.locator("h1 .badge")).to_have_text("Đã duyệt")
    figures = approver.locator("#figures")
    expect(figures).to_contain_text("Số liệu chốt khi duyệt")
    expect(figures.locator("table.figures").first).to_contain_text("160")
    report.refresh_from_db()
    assert report.state == State.APPROVED
    assert report.figures["activities"]["in_person_attendances"] == 160
    assert list(ReportStep.objects.filter(report=report).values_list("action", flat=True)) == [
        "submit",
        "return",
        "submit",
        "approve",
    ]

    # The editor's page shows the approval too, with no way left to edit.
    editor.goto(f"/reports/{report.pk}/")
    expect(editor.locator("h1 .badge")).to_have_text("Đã duyệt")
    expect(editor.locator(f'main a[href="/reports/{report.pk}/edit/"]')).to_have_count(0)
