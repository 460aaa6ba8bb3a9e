"""Sending a report as officials do: a cut-off date ("số liệu tính đến ngày")
that the figures, the approval and the lock reach to, the checks before sending
(warnings, or errors the level above requires), withdrawing, "Lưu và gửi", the
return's notes beside their sections, what the next report carries over, and a
summary that says so when the figures moved after it was drafted.

Today is pinned to 6/12/2026: quý IV/2026 is running."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheobac.core.errors import Conflict, ValidationFailed
from lamtheobac.core.models import AuditEvent, Notification
from lamtheobac.core.testing import ApiClient, make_user, refused, state, web_client
from lamtheobac.reports import rollup, services
from lamtheobac.reports.models import Obligation, Report, ReportStep, State
from lamtheobac.reports.services import checks
from lamtheobac.reports.tests.helpers import conference
from lamtheobac.units.models import Kind, Level

pytestmark = pytest.mark.django_db

D = dt.date
API = "/api/v1"
TODAY = D(2026, 12, 6)
RUNNING = "2026-Q4"
ENDED = "2026-Q3"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(checks, "today", lambda: TODAY)


def attendances(values) -> int:
    return values["activities"]["in_person_attendances"]


def everything() -> tuple:
    return state(Report, ReportStep, AuditEvent, Notification, Obligation)


def start(world, key=RUNNING, unit=None, **values) -> Report:
    period = services.period_for(key)
    return services.start_report(actor=world.editor, unit=unit or world.commune, period=period, **values)


# -- the cut-off ----------------------------------------------------------------------------
def test_an_early_report_locks_only_up_to_its_cut_off(world):
    """The issue's case: quý IV/2026 reported up to 15/11 and approved; the cell
    still records a meeting on 20/11, not one on 10/11; the approved basis counts
    only up to 15/11, and so do the frozen figures."""
    root = world.superuser
    conference(world.cell, D(2026, 11, 5), 40, actor=root)
    conference(world.cell, D(2026, 11, 16), 30, actor=root)  # after the cut-off, before the approval
    report = start(world)
    assert report.cutoff == D(2026, 12, 31)

    with pytest.raises(ValidationFailed) as early:
        services.submit_report(report, actor=world.editor)  # its own cut-off has not come
    assert early.value.field == "cutoff" and "6/12/2026" in str(early.value.message)
    services.submit_report(report, actor=world.editor, cutoff=D(2026, 11, 15))
    services.approve_report(report, actor=world.province_approver)
    report.refresh_from_db()
    assert report.state == State.APPROVED and report.cutoff == D(2026, 11, 15) and report.is_early
    assert attendances(report.figures) == 40

    conference(world.cell, D(2026, 11, 20), 25, actor=root)  # the days after the cut-off stay open
    with pytest.raises(ValidationFailed) as locked:
        conference(world.cell, D(2026, 11, 10), 10, actor=root)
    message = str(locked.value.message)
    assert locked.value.code == "period_locked"
    assert message.count("quý IV/2026") == 1 and "15/11/2026" in message, message

    period = report.period
    approved = rollup.rollup(world.commune, period, basis=rollup.APPROVED)
    preliminary = rollup.rollup(world.commune, period)
    assert attendances(approved.values) == 40
    assert attendances(preliminary.values) == 40 + 30 + 25


def test_the_submit_page_says_the_period_runs_and_offers_today(world):
    report = start(world)
    editor = web_client(world.editor)
    page = editor.get(f"/reports/{report.pk}/submit/")
    assert page.status_code == 200
    assert page.context["period_running"] and page.context["form"]["cutoff"].value() == TODAY
    body = page.content.decode()
    assert "Quý IV/2026 chưa kết thúc (kết thúc ngày 31/12/2026)" in body, body

    response = editor.post(f"/reports/{report.pk}/submit/", {"cutoff": "2026-11-30"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.cutoff == D(2026, 11, 30)
    approve = web_client(world.province_approver).get(f"/reports/{report.pk}/approve/").content.decode()
    assert "30/11/2026" in approve  # the approver is told up to which day it counts


@pytest.mark.parametrize(
    ("cutoff", "says"),
    [("2026-12-20", "6/12/2026"), ("2026-09-30", "1/10/2026"), ("2027-01-05", "31/12/2026")],
)
def test_a_cut_off_after_today_or_outside_the_period_is_a_form_error(world, cutoff, says):
    report = start(world)
    before = everything()
    response = web_client(world.editor).post(f"/reports/{report.pk}/submit/", {"cutoff": cutoff})
    assert response.status_code == 400
    errors = response.context["form"].errors["cutoff"]
    assert says in str(errors), errors
    assert everything() == before

    body = ApiClient(world.editor).post(f"{API}/reports/{report.pk}/submit", {"cutoff": cutoff})
    assert says in refused(body, 400, "invalid", fields={"cutoff"})
    assert everything() == before


def test_the_cut_off_is_kept_in_the_period_when_edited(world):
    report = start(world, ENDED)
    before = everything()
    response = web_client(world.editor).post(
        f"/reports/{report.pk}/edit/", {"title": report.title, "cutoff": "2026-10-02"}
    )
    assert response.status_code == 400 and "cutoff" in response.context["form"].errors
    refused(
        ApiClient(world.editor).patch(f"{API}/reports/{report.pk}", {"cutoff": "2026-06-30"}), 400, "invalid"
    )
    assert everything() == before
    ok = ApiClient(world.editor).patch(f"{API}/reports/{report.pk}", {"cutoff": "2026-09-15"})
    assert ok.status_code == 200 and ok.json()["cutoff"] == "2026-09-15"


# -- checks before sending -------------------------------------------------------------------
def obligation(world, required=(), key=ENDED) -> Obligation:
    return services.set_obligation(
        actor=world.province_approver,
        unit=world.province,
        period=services.period_for(key),
        title="Báo cáo quý",
        unit_kinds=[Kind.PARTY_COMMITTEE],
        levels=[Level.COMMUNE],
        deadline=D(2026, 10, 15),
        required_fields=list(required),
    )


def test_gaps_are_warnings_unless_the_level_above_requires_them(world):
    report = start(world, ENDED)
    found = {gap.field: gap.required for gap in checks.gaps(report)}
    assert {"number", "issued_on", "signer_name", "recipients", "results"} <= set(found)
    assert not any(found.values())
    page = web_client(world.editor).get(f"/reports/{report.pk}/submit/").content.decode()
    assert "Chưa có số và ký hiệu" in page and "Chưa ghi nơi nhận" in page
    services.submit_report(report, actor=world.editor)  # warnings are sent past
    assert Report.objects.get(pk=report.pk).state == State.SUBMITTED


def test_a_required_part_stops_sending_and_approving_naming_every_part(world):
    obligation(world, required=["number", "signer_name"])
    report = start(world, ENDED)
    before = everything()
    response = web_client(world.editor).post(f"/reports/{report.pk}/submit/", {"cutoff": "2026-09-30"})
    assert response.status_code == 400
    message = str(response.context["form"].non_field_errors())
    assert "Số, ký hiệu" in message and "Người ký" in message, message
    body = ApiClient(world.editor).post(f"{API}/reports/{report.pk}/submit")
    assert "Người ký" in refused(body, 400, "required_missing", fields={"number", "signer_name"})
    assert everything() == before

    services.update_report(report, actor=world.editor, number="12-BC/ĐU", signer_name="Nguyễn Văn A")
    services.submit_report(report, actor=world.editor)
    # The province then requires the recipients too: the approval is refused, naming them.
    Obligation.objects.update(required_fields=["number", "signer_name", "recipients"])
    before = everything()
    page = web_client(world.province_approver).get(f"/reports/{report.pk}/approve/").content.decode()
    assert "Chưa ghi nơi nhận" in page and "Bắt buộc" in page
    response = web_client(world.province_approver).post(f"/reports/{report.pk}/approve/")
    assert response.status_code == 400 and "Nơi nhận" in response.content.decode()
    body = ApiClient(world.province_approver).post(f"{API}/reports/{report.pk}/approve")
    assert "Nơi nhận" in refused(body, 400, "required_missing", fields={"recipients"})
    assert everything() == before


def test_an_obligation_says_what_it_requires_and_refuses_unknown_parts(world):
    client = ApiClient(world.province_approver)
    payload = {
        "unit": world.province.pk,
        "period": ENDED,
        "title": "Báo cáo quý",
        "unit_kinds": ["party_committee"],
        "deadline": "2026-10-15",
        "required_fields": ["number", "recipients"],
    }
    made = client.post(f"{API}/report-obligations", payload)
    assert made.status_code == 201 and made.json()["required_fields"] == ["number", "recipients"]
    before = everything()
    assert client.post(
        f"{API}/report-obligations", {**payload, "required_fields": ["title"]}
    ).status_code in (
        400,
        422,
    )
    assert everything() == before
    listed = web_client(world.province_approver).get("/reports/obligations/").content.decode()
    assert "Bắt buộc có trước khi gửi: Số, ký hiệu, Nơi nhận" in listed
    form = web_client(world.province_approver).get("/reports/obligations/new/")
    assert form.context["form"]["required_fields"].value() == ["number", "recipients"]  # as last time


# -- withdrawing -----------------------------------------------------------------------------
def test_the_writer_withdraws_a_submitted_report_with_a_reason(world):
    report = start(world, ENDED)
    services.submit_report(report, actor=world.editor)
    response = web_client(world.editor).post(f"/reports/{report.pk}/withdraw/", {"reason": "Bổ sung số liệu"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.DRAFT and report.first_submitted_at is None
    step = report.steps.last()
    assert step.action == "withdraw" and step.reason == "Bổ sung số liệu"
    event = AuditEvent.objects.filter(object_id=str(report.pk), action="withdraw").get()
    assert event.note == "Bổ sung số liệu"
    assert Notification.objects.filter(user=world.province_approver, message__contains="rút lại").exists()


def test_withdrawing_an_approved_report_or_someone_elses_is_refused(world):
    report = start(world, ENDED)
    services.submit_report(report, actor=world.editor)
    services.approve_report(report, actor=world.province_approver)
    before = everything()
    page = web_client(world.editor).post(f"/reports/{report.pk}/withdraw/", {"reason": "Muộn"})
    assert page.status_code == 409
    refused(
        ApiClient(world.editor).post(f"{API}/reports/{report.pk}/withdraw", {"reason": "Muộn"}),
        409,
        "wrong_state",
    )
    with pytest.raises(Conflict):
        services.withdraw_report(report, actor=world.editor, reason="Muộn")
    assert everything() == before

    sibling_report = services.start_report(
        actor=world.outsider, unit=world.sibling, period=services.period_for(ENDED)
    )
    services.submit_report(sibling_report, actor=world.outsider)
    before = everything()
    assert (
        web_client(world.editor).post(f"/reports/{sibling_report.pk}/withdraw/", {"reason": "x"}).status_code
        == 404
    )
    refused(
        ApiClient(world.editor).post(f"{API}/reports/{sibling_report.pk}/withdraw", {"reason": "x"}),
        404,
        "not_found",
    )
    assert everything() == before


# -- editing: "Lưu và gửi", the return's notes, what carries over -------------------------------
def test_save_and_submit_is_one_step_or_nothing(world):
    obligation(world, required=["signer_name"])
    report = start(world, ENDED)
    editor = web_client(world.editor)
    before = everything()
    refused_page = editor.post(
        f"/reports/{report.pk}/edit/", {"title": report.title, "results": "Đã làm", "send": "1"}
    )
    assert refused_page.status_code == 400
    assert refused_page.context["form"]["results"].value() == "Đã làm"  # what was typed is kept
    assert everything() == before  # not even the results were saved

    response = editor.post(
        f"/reports/{report.pk}/edit/",
        {"title": report.title, "results": "Đã làm", "signer_name": "Nguyễn Văn A", "send": "1"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.results == "Đã làm"


def test_the_edit_form_shows_each_return_note_beside_its_section(world):
    report = start(world, ENDED)
    services.submit_report(report, actor=world.editor)
    services.return_report(
        report,
        actor=world.province_approver,
        reason="Chưa đạt",
        section_notes={"shortcomings": "Nêu rõ nguyên nhân", "activities": "Kiểm tra số hội nghị"},
    )
    page = web_client(world.editor).get(f"/reports/{report.pk}/edit/")
    notes = {field.name: note for field, note in page.context["narrative_fields"]}
    assert notes["shortcomings"] == "Nêu rõ nguyên nhân" and notes["results"] == ""
    body = page.content.decode()
    assert body.index("Nêu rõ nguyên nhân") < body.index('name="shortcomings"')
    assert "Kiểm tra số hội nghị" in body  # a figure section's note, at the top


def test_the_next_report_carries_over_the_signer_and_recipients(world):
    first = start(world, "2026-Q2")
    services.update_report(
        first,
        actor=world.editor,
        signer_title="PHÓ BÍ THƯ",
        signer_name="Trần Thị B",
        recipients="Ban Tuyên giáo Tỉnh ủy,\nLưu Văn phòng.",
    )
    second = start(world, ENDED)
    assert (second.signer_title, second.signer_name) == ("PHÓ BÍ THƯ", "Trần Thị B")
    assert second.recipients == "Ban Tuyên giáo Tỉnh ủy,\nLưu Văn phòng."
    other = start(world, ENDED, unit=world.cell)  # another unit's report takes nothing over
    assert other.signer_name == ""


# -- the drafted summary -----------------------------------------------------------------------
def test_a_figure_changed_after_drafting_makes_the_summary_stale_on_the_page_and_in_the_api(world):
    conference(world.cell, D(2026, 8, 5), 40, actor=world.superuser)
    report = start(world, ENDED)
    assert "40" in report.summary
    editor, api = web_client(world.editor), ApiClient(world.editor)
    assert not editor.get(f"/reports/{report.pk}/").context["stale"]
    assert api.get(f"{API}/reports/{report.pk}").json()["summary_stale"] is False

    conference(world.cell, D(2026, 9, 1), 25, actor=world.superuser)
    page = editor.get(f"/reports/{report.pk}/")
    assert page.context["stale"] and "Số liệu đã thay đổi" in page.content.decode()
    assert editor.get(f"/reports/{report.pk}/submit/").context["stale"]
    assert api.get(f"{API}/reports/{report.pk}").json()["summary_stale"] is True

    redraft = editor.get(f"/reports/{report.pk}/edit/?redraft=1")
    summary = redraft.context["form"]["summary"].value()
    assert "65" in summary
    api.patch(f"{API}/reports/{report.pk}", {"summary": summary})
    assert api.get(f"{API}/reports/{report.pk}").json()["summary_stale"] is False


def test_a_moved_cut_off_makes_the_summary_stale_though_no_figure_moved(world):
    conference(world.cell, D(2026, 10, 5), 40, actor=world.superuser)
    report = start(world)  # quý IV/2026, drafted "Trong quý IV/2026, …"
    assert report.summary.startswith("Trong quý IV/2026")
    api = ApiClient(world.editor)
    assert api.get(f"{API}/reports/{report.pk}").json()["summary_stale"] is False
    services.submit_report(report, actor=world.editor, cutoff=D(2026, 11, 15))
    assert api.get(f"{API}/reports/{report.pk}").json()["summary_stale"] is True
    report.refresh_from_db()
    assert services.redraft_summary(report).startswith("Từ đầu quý IV/2026 đến ngày 15/11/2026")


def test_the_summary_of_an_approved_report_is_never_stale(world):
    conference(world.cell, D(2026, 8, 5), 40, actor=world.superuser)
    report = start(world, ENDED)
    services.submit_report(report, actor=world.editor)
    services.approve_report(report, actor=world.province_approver)
    Report.objects.filter(pk=report.pk).update(summary_figures={})
    assert ApiClient(world.editor).get(f"{API}/reports/{report.pk}").json()["summary_stale"] is False


def test_an_approver_of_the_level_above_sees_the_gaps_above_the_button(world):
    approver = make_user("tinh_duyet2", unit=world.province, kind="approver")
    report = start(world, ENDED)
    services.submit_report(report, actor=world.editor)
    page = web_client(approver).get(f"/reports/{report.pk}/approve/").content.decode()
    assert page.index('id="gaps"') < page.index(">Duyệt</button>")
