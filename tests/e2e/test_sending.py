"""Sending a report early, in a real browser: the commune's editor starts the
running quarter's report, is warned of what it lacks and stopped by what the
province requires, saves and sends it in one step with the figures up to
15/11, withdraws it, sends it again from the submit page (which says the
quarter has not ended); the province returns it with a note on one section,
which the editor finds beside that section; "Lưu và gửi" once more, and the
approval, which locks the days up to the cut-off only.

Today is pinned to 6/12/2026 (quý IV/2026 runs) for the checks of the cut-off."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from lamtheobac.activities import services as activity_services
from lamtheobac.activities.models import ActivityKind, Category, Form
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.testing import build_world
from lamtheobac.reports import services
from lamtheobac.reports.models import Report, ReportStep, State
from lamtheobac.reports.services import checks
from lamtheobac.units.models import Kind, Level

from .test_reports import log_in, press

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2026, 12, 6)
NOTE = "Nêu rõ nguyên nhân của hạn chế"


def conference(world, unit, day: dt.date, people: int):
    return activity_services.record_activity(
        actor=world.superuser,
        unit=unit,
        kind=ActivityKind.objects.filter(category=Category.CONFERENCE, is_active=True).first(),
        held_on=day,
        title="Hội nghị học tập chuyên đề năm 2026",
        form=Form.IN_PERSON,
        participants=people,
        party_members=people // 2,
    )


@pytest.fixture
def world(default_lists, monkeypatch):
    monkeypatch.setattr(checks, "today", lambda: TODAY)
    world = build_world()
    conference(world, world.commune, dt.date(2026, 10, 20), 120)
    conference(world, world.cell, dt.date(2026, 11, 10), 40)
    conference(world, world.cell, dt.date(2026, 11, 25), 30)  # after the cut-off
    services.set_obligation(
        actor=world.province_approver,
        unit=world.province,
        period=services.period_for("2026-Q4"),
        title="Báo cáo quý IV/2026",
        unit_kinds=[Kind.PARTY_COMMITTEE],
        levels=[Level.COMMUNE],
        deadline=dt.date(2026, 12, 10),
        required_fields=["number"],
    )
    return world


def save_and_send(page):
    page.get_by_role("button", name="Lưu và gửi").click()


def test_an_early_report_is_checked_sent_withdrawn_returned_and_approved(world, new_page, live_server):
    editor = new_page()
    log_in(editor, "xa")
    editor.goto(f"/reports/start/?period=2026-Q4&unit={world.commune.pk}")
    editor.locator("main form button[type=submit]").click()
    expect(editor).to_have_url(re.compile(r"/reports/\d+/$"))
    report = Report.objects.get(unit=world.commune, period__key="2026-Q4")

    # The report page says the quarter runs and what the document lacks; the number is required.
    checks_box = editor.locator("#checks")
    expect(checks_box).to_contain_text("Quý IV/2026 chưa kết thúc")
    expect(editor.locator("#gaps")).to_contain_text("Chưa có số và ký hiệu")
    expect(editor.locator("#gaps")).to_contain_text("Bắt buộc")

    # "Lưu và gửi" without the number: refused, what was typed kept, nothing sent.
    press(editor, f"/reports/{report.pk}/edit/")
    editor.locator("input[name=cutoff]").fill("2026-11-15")
    editor.locator("textarea[name=results]").fill("Đã tổ chức hội nghị học tập chuyên đề năm.")
    save_and_send(editor)
    expect(editor.locator("main")).to_contain_text("Số, ký hiệu")
    expect(editor.locator("textarea[name=results]")).to_have_value(
        "Đã tổ chức hội nghị học tập chuyên đề năm."
    )
    assert Report.objects.get(pk=report.pk).state == State.DRAFT
    editor.locator("input[name=number]").fill("15-BC/ĐU")
    save_and_send(editor)
    expect(editor).to_have_url(re.compile(rf"/reports/{report.pk}/$"))
    expect(editor.locator("h1 .badge")).to_have_text("Đã gửi")
    report.refresh_from_db()
    assert (report.state, report.cutoff, report.number) == (
        State.SUBMITTED,
        dt.date(2026, 11, 15),
        "15-BC/ĐU",
    )

    # Withdrawn with a reason, then sent again from the submit page, which offers today at most.
    press(editor, f"/reports/{report.pk}/withdraw/")
    editor.locator("textarea[name=reason]").fill("Bổ sung kết quả của chi bộ")
    editor.locator("main form button[type=submit]").click()
    expect(editor.locator("h1 .badge")).to_have_text("Dự thảo")
    press(editor, f"/reports/{report.pk}/submit/")
    expect(editor.locator("main")).to_contain_text("Quý IV/2026 chưa kết thúc")
    expect(editor.locator("input[name=cutoff]")).to_have_value("15/11/2026")
    editor.locator("input[name=cutoff]").fill("2026-12-20")  # a day that has not come: refused
    editor.locator("main form button[type=submit]").click()
    expect(editor.locator("main")).to_contain_text("chưa đến ngày đó")
    editor.locator("input[name=cutoff]").fill("2026-11-15")
    editor.locator("main form button[type=submit]").click()
    expect(editor).to_have_url(re.compile(rf"/reports/{report.pk}/$"))
    assert Report.objects.get(pk=report.pk).state == State.SUBMITTED

    # The province returns it with a note on the shortcomings; the editor sees it beside that section.
    approver = new_page()
    log_in(approver, "tinh")
    approver.goto(f"/reports/{report.pk}/")
    press(approver, f"/reports/{report.pk}/return/")
    approver.locator("textarea[name=reason]").fill("Chưa nêu hạn chế")
    approver.locator("textarea[name=note_shortcomings]").fill(NOTE)
    approver.locator("main form button[type=submit]").click()
    expect(approver.locator("h1 .badge")).to_have_text("Bị trả lại")
    editor.goto(f"/reports/{report.pk}/edit/")
    expect(editor.locator("#note-shortcomings")).to_contain_text(NOTE)
    editor.locator("textarea[name=shortcomings]").fill("Một số chi bộ sinh hoạt chuyên đề còn hình thức.")
    save_and_send(editor)
    expect(editor.locator("h1 .badge")).to_have_text("Đã gửi")

    # The approver is told up to which day it counts, and approves.
    approver.goto(f"/reports/{report.pk}/")
    press(approver, f"/reports/{report.pk}/approve/")
    expect(approver.locator("main")).to_contain_text("15/11/2026")
    approver.get_by_role("button", name="Duyệt").click()
    expect(approver.locator("h1 .badge")).to_have_text("Đã duyệt")
    report.refresh_from_db()
    assert report.state == State.APPROVED
    assert report.figures["activities"]["in_person_attendances"] == 160  # not the 30 of 25/11
    assert list(ReportStep.objects.filter(report=report).values_list("action", flat=True)) == [
        "submit",
        "withdraw",
        "submit",
        "return",
        "submit",
        "approve",
    ]
    # The lock reaches the cut-off only: 20/11 stays open, 10/11 is locked.
    conference(world, world.cell, dt.date(2026, 11, 20), 12)
    with pytest.raises(ValidationFailed):
        conference(world, world.cell, dt.date(2026, 11, 12), 12)
