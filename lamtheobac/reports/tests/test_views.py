"""The report pages: who sees what, the workflow through the forms, and the
refusals that answer 4xx with a Vietnamese message and change nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheobac.core.models import AuditEvent, Notification
from lamtheobac.core.testing import make_user, table_state, web_client
from lamtheobac.reports import services
from lamtheobac.reports.models import Obligation, Report, ReportingPeriod, ReportStep, State
from lamtheobac.reports.tests.helpers import conference
from lamtheobac.units.models import Kind, Level

pytestmark = pytest.mark.django_db

Q1 = "2025-Q1"
D = dt.date


@pytest.fixture
def period(world):
    return services.period_for(Q1)


@pytest.fixture
def draft(world, period):
    conference(world.commune, D(2025, 2, 3), 120, actor=world.superuser)
    conference(world.cell, D(2025, 2, 10), 40, actor=world.superuser)
    return services.start_report(actor=world.editor, unit=world.commune, period=period)


@pytest.fixture
def submitted(world, draft):
    return services.submit_report(draft, actor=world.editor)


def figure_values(page) -> dict:
    sections = page.context["sections"]
    return {section.key: {figure.key: value for figure, value in rows} for section, rows in sections}


def state_of(report) -> str:
    return Report.objects.get(pk=report.pk).state


# -- who sees what -------------------------------------------------------------------------------
def test_every_page_answers_for_the_unit_and_404_for_an_outsider(world, draft):
    pages = [
        f"/reports/{draft.pk}/",
        f"/reports/{draft.pk}/edit/",
        f"/reports/{draft.pk}/submit/",
    ]
    for url in pages:
        assert web_client(world.editor).get(url).status_code == 200, url
        assert web_client(world.outsider).get(url).status_code == 404, url
    for url in ("/reports/", "/reports/start/", "/reports/obligations/", "/reports/periods/"):
        assert web_client(world.viewer).get(url).status_code == 200, url
    viewer = web_client(world.viewer)
    assert viewer.get(f"/reports/{draft.pk}/").status_code == 200
    assert viewer.get(f"/reports/{draft.pk}/edit/").status_code == 404  # may read, not change


def test_the_list_shows_only_the_users_reports(world, period, draft):
    theirs = services.start_report(actor=world.outsider, unit=world.sibling, period=period)
    page = web_client(world.editor).get("/reports/")
    assert [row["report"] for row in page.context["rows"]] == [draft]
    assert world.sibling.name not in page.content.decode()
    province = web_client(world.province_approver).get("/reports/")
    assert {row["report"].pk for row in province.context["rows"]} == {draft.pk, theirs.pk}


def test_the_list_filters_by_period_unit_and_state(world, period, draft):
    client = web_client(world.province_approver)
    assert client.get("/reports/", {"period": Q1}).context["page"].paginator.count == 1
    assert client.get("/reports/", {"period": "2025-Q2"}).context["page"].paginator.count == 0
    assert client.get("/reports/", {"state": "approved"}).context["page"].paginator.count == 0
    assert client.get("/reports/", {"unit": world.sibling.pk}).context["page"].paginator.count == 0
    bad = client.get("/reports/", {"period": "quý một"})
    assert bad.context["page"].paginator.count == 0
    assert bad.context["form"].errors["period"] == ["Chọn một kỳ trong danh sách."]
    assert not ReportingPeriod.objects.filter(key="2025-Q2").exists()  # filtering creates nothing


def test_awaiting_my_approval_lists_submitted_reports_of_units_below_the_approver(world, submitted, period):
    commune_approver = make_user("xa_duyet", unit=world.commune, kind="approver")
    province = web_client(world.province_approver).get("/reports/", {"awaiting": "1"})
    assert [row["report"] for row in province.context["rows"]] == [submitted]
    assert province.context["rows"][0]["approvable"]
    assert 'name="reports"' in province.content.decode()
    own = web_client(commune_approver).get("/reports/", {"awaiting": "1"})
    assert own.context["rows"] == []  # their own commune's report goes to the province
    listed = web_client(commune_approver).get("/reports/")
    assert not listed.context["rows"][0]["approvable"]
    assert "Duyệt các báo cáo đã chọn" not in listed.content.decode()


def test_the_main_menu_links_to_reports_and_loads_the_notification_count_by_htmx(world):
    page = web_client(world.editor).get("/").content.decode()
    assert 'href="/reports/"' in page
    assert 'hx-get="/notifications/badge/"' in page


# -- starting and editing ----------------------------------------------------------------------------
def test_it_starts_a_report_through_the_form_and_opens_it(world):
    conference(world.commune, D(2025, 2, 3), 120, actor=world.superuser)
    client = web_client(world.editor)
    form = client.get("/reports/start/", {"unit": world.commune.pk, "period": Q1})
    assert form.status_code == 200
    response = client.post("/reports/start/", {"unit": world.commune.pk, "period": Q1})
    report = Report.objects.get(unit=world.commune)
    assert response.status_code == 302
    assert response.url == f"/reports/{report.pk}/"
    assert report.state == State.DRAFT
    assert "120" in report.summary
    again = client.post("/reports/start/", {"unit": world.commune.pk, "period": Q1})
    assert again.status_code == 409
    assert "đã có báo cáo" in again.content.decode()
    assert again.context["existing"] == report
    assert Report.objects.count() == 1


def test_the_start_form_offers_the_users_unit_and_the_last_ended_quarter(world, monkeypatch):
    from lamtheobac.reports.views import _shared as views

    monkeypatch.setattr(views, "today", lambda: D(2025, 4, 20))
    form = web_client(world.editor).get("/reports/start/").context["form"]
    assert (form["unit"].value(), form["period"].value()) == (world.commune.pk, "2025-Q1")
    asked = web_client(world.editor).get("/reports/start/", {"period": "2025"}).context["form"]
    assert asked["period"].value() == "2025"  # what the link asks for wins


def test_starting_is_refused_for_a_bad_period_and_for_another_units(world):
    client = web_client(world.editor)
    bad = client.post("/reports/start/", {"unit": world.commune.pk, "period": "Q5"})
    assert bad.status_code == 400
    assert bad.context["form"].errors["period"] == ["Chọn một kỳ trong danh sách."]
    other = client.post("/reports/start/", {"unit": world.sibling.pk, "period": Q1})
    assert other.status_code == 400
    assert "unit" in other.context["form"].errors
    assert not Report.objects.exists()


def test_the_detail_shows_live_preliminary_and_approved_figures_and_the_children(world, draft):
    page = web_client(world.editor).get(f"/reports/{draft.pk}/")
    html = page.content.decode()
    assert "Sơ bộ" in html and "Đã duyệt" in html
    activities = {section.key: values for section, values in page.context["figures"]}["activities"]
    in_person = {figure.key: (pre, appr) for figure, pre, appr in activities}
    assert in_person["in_person_attendances"] == (160, 0)
    assert "/reports/dashboard/drill/?unit=" in html
    children = page.context["children"][0]["rows"]
    assert children[0]["row"].unit == world.cell
    # The buttons are those the editor may use.
    assert page.context["can_edit"] and page.context["can_submit"]
    assert not page.context["can_decide"]
    assert f'action="/reports/{draft.pk}/documents/"' in html
    assert 'value="docx"' in html and 'value="pdf"' in html and 'value="xlsx"' in html


def test_it_saves_the_edit_and_redrafts_the_summary_without_saving(world, draft):
    client = web_client(world.editor)
    values = {name: getattr(draft, name) or "" for name in services.REPORT_FIELDS}
    values.update({"results": "Đã tổ chức 2 hội nghị", "number": "12-BC/ĐU", "issued_on": "2025-04-05"})
    response = client.post(f"/reports/{draft.pk}/edit/", values)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.results == "Đã tổ chức 2 hội nghị"
    assert draft.issued_on == D(2025, 4, 5)
    services.update_report(draft, actor=world.editor, summary="Tự viết")
    redraft = client.post(f"/reports/{draft.pk}/redraft/", headers={"HX-Request": "true"})
    assert redraft.status_code == 200
    assert 'id="field-summary"' in redraft.content.decode()
    assert "160" in redraft.content.decode()
    assert Report.objects.get(pk=draft.pk).summary == "Tự viết"


def test_an_edit_without_a_title_is_a_form_error_and_changes_nothing(world, draft):
    before = table_state(Report)
    response = web_client(world.editor).post(f"/reports/{draft.pk}/edit/", {"title": " "})
    assert response.status_code == 400
    assert response.context["form"].errors["title"]
    assert table_state(Report) == before


# -- the workflow through the pages --------------------------------------------------------------------
def test_it_submits_returns_with_notes_and_approves_through_the_pages(world, draft):
    editor, province = web_client(world.editor), web_client(world.province_approver)
    assert editor.post(f"/reports/{draft.pk}/submit/").status_code == 302
    assert state_of(draft) == State.SUBMITTED

    form = province.get(f"/reports/{draft.pk}/return/")
    assert form.status_code == 200
    assert "note_results" in form.context["form"].fields
    assert "note_activities" in form.context["form"].fields
    response = province.post(
        f"/reports/{draft.pk}/return/",
        {"reason": "Thiếu số liệu", "note_results": "Bổ sung kết quả", "note_activities": ""},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.RETURNED
    assert draft.section_notes == {"results": "Bổ sung kết quả"}
    page = editor.get(f"/reports/{draft.pk}/").content.decode()
    assert "Thiếu số liệu" in page and "Bổ sung kết quả" in page
    assert Notification.objects.filter(user=world.editor, message__contains="Thiếu số liệu").exists()

    assert editor.post(f"/reports/{draft.pk}/submit/").status_code == 302
    assert province.get(f"/reports/{draft.pk}/approve/").status_code == 200
    assert province.post(f"/reports/{draft.pk}/approve/").status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.APPROVED
    approved_page = province.get(f"/reports/{draft.pk}/")
    assert approved_page.context["approved"]
    assert approved_page.context["can_reopen"]
    activities = dict(approved_page.context["figures"])
    assert any(value == 160 for _figure, value in next(iter(activities.values())))

    reopened = province.post(f"/reports/{draft.pk}/reopen/", {"reason": "Sai số liệu tháng 3"})
    assert reopened.status_code == 302
    assert state_of(draft) == State.RETURNED
    assert list(ReportStep.objects.filter(report=draft).values_list("action", flat=True)) == [
        "submit",
        "return",
        "submit",
        "approve",
        "reopen",
    ]


def test_a_return_without_a_reason_is_a_form_error_and_changes_nothing(world, submitted):
    before = (table_state(Report), ReportStep.objects.count(), AuditEvent.objects.count())
    response = web_client(world.province_approver).post(
        f"/reports/{submitted.pk}/return/", {"reason": "  ", "note_results": "x"}
    )
    assert response.status_code == 400
    assert "Nêu lý do" in response.content.decode() or response.context["form"].errors["reason"]
    assert (table_state(Report), ReportStep.objects.count(), AuditEvent.objects.count()) == before


def test_a_reopen_without_a_reason_is_a_form_error(world, submitted):
    services.approve_report(submitted, actor=world.province_approver)
    response = web_client(world.province_approver).post(f"/reports/{submitted.pk}/reopen/", {"reason": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    assert state_of(submitted) == State.APPROVED


def test_a_commune_approver_cannot_approve_its_own_communes_report(world, submitted):
    commune_approver = make_user("xa_duyet", unit=world.commune, kind="approver")
    client = web_client(commune_approver)
    before = (table_state(Report), AuditEvent.objects.count())
    page = client.get(f"/reports/{submitted.pk}/")
    assert not page.context["can_decide"]
    refused = client.post(f"/reports/{submitted.pk}/approve/")
    assert refused.status_code == 403
    assert "cấp trên" in refused.content.decode()
    assert client.get(f"/reports/{submitted.pk}/approve/").status_code == 403
    returned = client.post(f"/reports/{submitted.pk}/return/", {"reason": "Sai"})
    assert returned.status_code == 403
    assert (table_state(Report), AuditEvent.objects.count()) == before


def test_submitting_another_units_report_is_404_and_a_wrong_state_is_409(world, draft, period):
    before = table_state(Report)
    assert web_client(world.outsider).post(f"/reports/{draft.pk}/submit/").status_code == 404
    assert web_client(world.viewer).post(f"/reports/{draft.pk}/submit/").status_code == 404
    assert table_state(Report) == before
    early = web_client(world.province_approver).post(f"/reports/{draft.pk}/approve/")
    assert early.status_code == 409
    assert state_of(draft) == State.DRAFT


# -- bulk approval ------------------------------------------------------------------------------------
def test_bulk_approval_approves_all_chosen_reports(world, submitted, period):
    sibling = services.start_report(actor=world.outsider, unit=world.sibling, period=period)
    services.submit_report(sibling, actor=world.outsider)
    response = web_client(world.province_approver).post(
        "/reports/approve-many/", {"reports": [submitted.pk, sibling.pk], "next": "/reports/?awaiting=1"}
    )
    assert response.status_code == 302
    assert response.url == "/reports/?awaiting=1"
    assert {state_of(submitted), state_of(sibling)} == {State.APPROVED}


def test_bulk_approval_is_all_or_none(world, submitted, period):
    sibling = services.start_report(actor=world.outsider, unit=world.sibling, period=period)  # a draft
    before = (table_state(Report), ReportStep.objects.count(), AuditEvent.objects.count())
    response = web_client(world.province_approver).post(
        "/reports/approve-many/", {"reports": [submitted.pk, sibling.pk]}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Chưa duyệt báo cáo nào" in html and world.sibling.name in html
    assert (table_state(Report), ReportStep.objects.count(), AuditEvent.objects.count()) == before
    nothing = web_client(world.province_approver).post("/reports/approve-many/", {})
    assert nothing.status_code == 400


def test_bulk_approval_of_a_report_outside_the_users_units_is_404(world, submitted, period):
    sibling = services.start_report(actor=world.outsider, unit=world.sibling, period=period)
    services.submit_report(sibling, actor=world.outsider)
    response = web_client(world.admin).post("/reports/approve-many/", {"reports": [sibling.pk]})
    assert response.status_code == 404
    assert state_of(sibling) == State.SUBMITTED


# -- roll-up and completeness -----------------------------------------------------------------------------
def test_the_rollup_page_shows_the_subtree_by_child_with_totals_for_additive_figures(world, draft):
    client = web_client(world.province_approver)
    page = client.get("/reports/rollup/", {"unit": world.province.pk, "period": Q1})
    assert page.status_code == 200
    values = figure_values(page)
    assert values["activities"]["in_person_attendances"] == 160
    table = page.context["children"][0]
    assert [item["row"].unit for item in table["rows"]][:2] == [world.commune, world.sibling]
    totals = dict(zip([figure.key for figure in table["figures"]], table["totals"], strict=True))
    assert totals["in_person_attendances"] == 160
    assert totals["online_conferences"] is None
    assert "/reports/rollup/export/?" in page.content.decode()
    approved = client.get("/reports/rollup/", {"unit": world.province.pk, "period": Q1, "basis": "approved"})
    assert figure_values(approved)["activities"]["in_person_attendances"] == 0
    assert client.get("/reports/rollup/", {"unit": world.province.pk, "period": "abc"}).status_code == 400
    assert (
        web_client(world.editor).get("/reports/rollup/", {"unit": world.sibling.pk, "period": Q1}).status_code
        == 400
    )
    assert client.get("/reports/rollup/").status_code == 200  # defaults: the top unit, this quarter


@pytest.fixture
def obligation(world, period):
    return services.set_obligation(
        actor=world.province_approver,
        unit=world.province,
        period=period,
        title="Báo cáo quý I",
        unit_kinds=[Kind.PARTY_COMMITTEE],
        levels=[Level.COMMUNE],
        deadline=D(2025, 4, 10),
    )


def test_the_completeness_page_counts_and_lists_the_missing(world, obligation, submitted):
    page = web_client(world.province_approver).get(
        "/reports/completeness/", {"unit": world.province.pk, "period": Q1}
    )
    assert page.status_code == 200
    assert page.context["counts"]["expected"] == 2
    assert page.context["counts"]["submitted"] == 1
    assert [row["entry"].unit for row in page.context["missing"]] == [world.sibling]
    html = page.content.decode()
    assert "1/2 (50%)" in html
    assert "Nhắc nhở" in html
    viewer_page = web_client(world.viewer).get(
        "/reports/completeness/", {"unit": world.commune.pk, "period": Q1}
    )
    assert viewer_page.status_code == 200
    assert not viewer_page.context["can_remind"]


@pytest.mark.parametrize(
    ("day", "shown", "running"),
    [(D(2025, 4, 20), "2025-Q1", "2025-Q2"), (D(2026, 1, 5), "2025-Q4", "2026-Q1")],
)
def test_without_a_period_completeness_and_the_rollup_show_the_last_ended_quarter(
    world, monkeypatch, day, shown, running
):
    from lamtheobac.reports.views import _shared as views

    monkeypatch.setattr(views, "today", lambda: day)
    client = web_client(world.province_approver)
    for url in ("/reports/completeness/", "/reports/rollup/"):
        page = client.get(url)
        assert page.status_code == 200
        assert page.context["period"].key == shown, url  # reports come after their quarter ends
        assert not page.context["running"]
        # The running quarter is the next one, a click away and marked so.
        html = page.content.decode()
        assert f"period={running}" in html and '<span class="badge running">đang diễn ra</span>' in html
        again = client.get(url, {"unit": world.province.pk, "period": running})
        assert again.context["running"]
        assert "<h1>" in again.content.decode() and again.context["nav"]["next"] is None  # none not begun


def test_remind_notifies_the_missing_units_writers(world, obligation, submitted):
    earlier = set(Notification.objects.values_list("pk", flat=True))
    client = web_client(world.province_approver)
    response = client.post(
        "/reports/completeness/remind/",
        {"unit": world.province.pk, "period": Q1, "units": [world.sibling.pk]},
    )
    assert response.status_code == 302
    reminders = Notification.objects.exclude(pk__in=earlier)
    assert set(reminders.values_list("user__username", flat=True)) == {"xa_ben", "xa_ben_admin"}
    assert all("Báo cáo quý I" in message for message in reminders.values_list("message", flat=True))
    page = client.get(response.url)
    assert "Đã gửi nhắc nhở tới 2 người" in page.content.decode()
    none_ticked = client.post(
        "/reports/completeness/remind/", {"unit": world.province.pk, "period": Q1, "choosing": "1"}
    )
    assert none_ticked.status_code == 400
    assert Notification.objects.exclude(pk__in=earlier).count() == 2


def test_remind_is_refused_without_approval_at_the_unit(world, obligation):
    before = Notification.objects.count()
    response = web_client(world.editor).post(
        "/reports/completeness/remind/", {"unit": world.commune.pk, "period": Q1}
    )
    assert response.status_code == 403
    assert Notification.objects.count() == before


# -- obligations and periods -----------------------------------------------------------------------------
def test_it_sets_edits_and_removes_an_obligation(world, period):
    client = web_client(world.province_approver)
    assert client.get("/reports/obligations/new/").status_code == 200
    response = client.post(
        "/reports/obligations/new/",
        {
            "unit": world.province.pk,
            "period": Q1,
            "title": "Báo cáo quý I",
            "unit_kinds": [Kind.PARTY_COMMITTEE, Kind.GOVERNMENT],
            "levels": [Level.COMMUNE],
            "deadline": "2025-04-10",
        },
    )
    assert response.status_code == 302
    obligation = Obligation.objects.get()
    assert obligation.unit_kinds == sorted([Kind.PARTY_COMMITTEE, Kind.GOVERNMENT])
    # The commune sees what the province asks of it, and may not change it.
    commune_page = web_client(world.admin).get("/reports/obligations/")
    assert [row["obligation"] for row in commune_page.context["rows"]] == [obligation]
    assert not commune_page.context["rows"][0]["can_change"]
    assert web_client(world.admin).get(f"/reports/obligations/{obligation.pk}/edit/").status_code == 404
    edited = client.post(
        f"/reports/obligations/{obligation.pk}/edit/",
        {"title": "Báo cáo quý I/2025", "unit_kinds": [Kind.PARTY_COMMITTEE], "deadline": "2025-04-15"},
    )
    assert edited.status_code == 302
    obligation.refresh_from_db()
    assert (obligation.title, obligation.deadline) == ("Báo cáo quý I/2025", D(2025, 4, 15))
    assert client.get(f"/reports/obligations/{obligation.pk}/remove/").status_code == 200
    assert client.post(f"/reports/obligations/{obligation.pk}/remove/").status_code == 302
    assert not Obligation.objects.exists()


def test_a_bad_obligation_is_a_form_error_and_nothing_is_written(world, period):
    client = web_client(world.province_approver)
    early = client.post(
        "/reports/obligations/new/",
        {
            "unit": world.province.pk,
            "period": Q1,
            "title": "X",
            "unit_kinds": ["party_cell"],
            "deadline": "2024-12-01",
        },
    )
    assert early.status_code == 400
    assert early.context["form"].errors["deadline"]
    no_kind = client.post(
        "/reports/obligations/new/",
        {"unit": world.province.pk, "period": Q1, "title": "X", "deadline": "2025-04-01"},
    )
    assert no_kind.status_code == 400
    assert no_kind.context["form"].errors["unit_kinds"]
    editor = web_client(world.editor).post(
        "/reports/obligations/new/",
        {
            "unit": world.commune.pk,
            "period": Q1,
            "title": "X",
            "unit_kinds": ["party_cell"],
            "deadline": "2025-04-01",
        },
    )
    assert editor.status_code == 400  # the commune is not among the editor's choices
    assert not Obligation.objects.exists()


def test_it_defines_a_custom_period_and_lists_it(world):
    client = web_client(world.province_approver)
    response = client.post(
        "/reports/periods/new/",
        {
            "unit": world.province.pk,
            "name": "2 năm thực hiện Kết luận 01",
            "start": "2024-05-18",
            "end": "2026-05-17",
        },
    )
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(kind="custom")
    listed = client.get("/reports/periods/")
    assert period in listed.context["page"].object_list
    assert period in web_client(world.editor).get("/reports/periods/").context["page"].object_list
    assert period not in web_client(world.nobody).get("/reports/periods/").context["page"].object_list
    backwards = client.post(
        "/reports/periods/new/",
        {"unit": world.province.pk, "name": "Ngược", "start": "2025-05-18", "end": "2025-01-01"},
    )
    assert backwards.status_code == 400
    assert backwards.context["form"].errors["end"]
    refused = web_client(world.editor).post(
        "/reports/periods/new/",
        {"unit": world.commune.pk, "name": "Y", "start": "2025-01-01", "end": "2025-02-01"},
    )
    assert refused.status_code == 400
    assert ReportingPeriod.objects.filter(kind="custom").count() == 1
