"""The reports API: every endpoint's happy path, the refusals answering the one
error shape in Vietnamese with nothing written, and list endpoints whose query
count does not grow with the number of communes."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from lamtheobac.activities.models import Activity, ActivityKind, Category
from lamtheobac.core.models import Notification
from lamtheobac.core.testing import (
    ApiClient,
    build_world,
    count_queries,
    grow_communes,
    ids,
    make_user,
    refused,
    world_state,
)
from lamtheobac.reports import services
from lamtheobac.reports.models import (
    DocumentStatus,
    Obligation,
    Report,
    ReportDocument,
    ReportingPeriod,
    ReportStep,
)
from lamtheobac.units.models import Kind, Level

pytestmark = pytest.mark.django_db

API = "/api/v1"
Q1 = "2025-Q1"
D = dt.date
DEADLINE = D(2025, 4, 10)


# --- helpers ---------------------------------------------------------------------------------
def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def all_tables():
    return tuple(
        world_state(model)
        for model in (ReportingPeriod, Obligation, Report, ReportStep, ReportDocument, Notification)
    )


def conference(unit, day, participants) -> Activity:
    kind = (
        ActivityKind.objects.filter(category=Category.CONFERENCE, thematic=False).order_by("position").first()
    )
    return Activity.objects.create(
        unit=unit, kind=kind, held_on=day, title="Hội nghị học tập chuyên đề", participants=participants
    )


def in_person(values) -> tuple[int, int]:
    section = values["activities"]
    return section["in_person_conferences"], section["in_person_attendances"]


def obligation_for_communes(world, deadline=DEADLINE) -> Obligation:
    return services.set_obligation(
        actor=world.province_approver,
        unit=world.province,
        period=services.period_for(Q1),
        title="Báo cáo quý I",
        unit_kinds=[Kind.PARTY_COMMITTEE],
        levels=[Level.COMMUNE],
        deadline=deadline,
    )


@pytest.fixture
def data(world):
    conference(world.cell, D(2025, 2, 3), 40)
    conference(world.commune, D(2025, 1, 20), 120)
    conference(world.sibling, D(2025, 3, 1), 90)
    conference(world.cell, D(2025, 4, 2), 99)  # outside the quarter
    return world


# --- reporting periods -----------------------------------------------------------------------
def test_a_calendar_period_is_read_by_its_key_and_a_badly_written_key_is_refused(world):
    body = ok(ApiClient(world.viewer).get(f"{API}/reporting-periods/2025-q1"))
    assert (body["key"], body["kind"], body["label"]) == ("2025-Q1", "quarter", "quý I/2025")
    assert (body["start"], body["end"], body["id"]) == ("2025-01-01", "2025-03-31", None)
    assert not ReportingPeriod.objects.exists()  # reading creates nothing
    used = services.period_for("2025-03")
    body = ok(ApiClient(world.viewer).get(f"{API}/reporting-periods/2025-03"))
    assert (body["id"], body["label"]) == (used.pk, "tháng 3/2025")
    assert ids(ApiClient(world.viewer).get(f"{API}/reporting-periods?kind=month&year=2025")) == [used.pk]
    assert ids(ApiClient(world.viewer).get(f"{API}/reporting-periods?kind=quarter")) == []
    message = refused(
        ApiClient(world.viewer).get(f"{API}/reporting-periods/2025-Q5"), 400, "invalid", ["key"]
    )
    assert "2025-Q1" in message and "quý" in message  # in Vietnamese, with the examples


def test_a_level_defines_a_custom_period_its_subtree_sees_and_others_do_not(world):
    body = {
        "unit": world.commune.pk,
        "name": "2 năm thực hiện Kết luận 01",
        "start": "2021-05-18",
        "end": "2023-05-17",
    }
    before = all_tables()
    refused(ApiClient(world.editor).post(f"{API}/reporting-periods", body), 403, "forbidden")
    refused(
        ApiClient(world.outsider_admin).post(f"{API}/reporting-periods", body), 404, "not_found", ["unit"]
    )
    assert all_tables() == before

    created = ok(ApiClient(world.admin).post(f"{API}/reporting-periods", body), 201)
    assert created["kind"] == "custom" and created["key"].startswith("custom-")
    assert created["label"] == "2 năm thực hiện Kết luận 01" and created["defined_by"] == world.commune.pk
    url = f"{API}/reporting-periods/{created['key']}"
    assert ok(ApiClient(world.viewer).get(url))["id"] == created["id"]
    assert ok(ApiClient(world.province_approver).get(url))["id"] == created["id"]
    refused(ApiClient(world.outsider).get(url), 404, "not_found")
    assert created["id"] in ids(ApiClient(world.editor).get(f"{API}/reporting-periods?kind=custom&year=2022"))
    assert created["id"] not in ids(ApiClient(world.outsider).get(f"{API}/reporting-periods"))
    assert ids(ApiClient(world.editor).get(f"{API}/reporting-periods?kind=custom&year=2024")) == []

    again = {**body, "end": "2021-01-01", "name": "Khác"}
    refused(ApiClient(world.admin).post(f"{API}/reporting-periods", again), 400, "invalid", ["end"])
    refused(
        ApiClient(world.admin).post(f"{API}/reporting-periods", {**body, "kind": "x"}),
        400,
        "invalid",
        ["kind"],
    )


# --- obligations -----------------------------------------------------------------------------
def test_the_province_sets_an_obligation_the_communes_read_but_cannot_change(world):
    body = {
        "unit": world.province.pk,
        "period": Q1,
        "title": "Báo cáo quý I",
        "unit_kinds": ["party_committee"],
        "levels": ["commune"],
        "deadline": "2025-04-10",
    }
    province_editor = ApiClient(make_user("tinh_bien_tap", unit=world.province, kind="editor"))
    before = all_tables()
    refused(province_editor.post(f"{API}/report-obligations", body), 403, "forbidden")
    refused(ApiClient(world.admin).post(f"{API}/report-obligations", body), 404, "not_found", ["unit"])
    message = refused(
        ApiClient(world.province_approver).post(
            f"{API}/report-obligations", {**body, "deadline": "2024-12-01"}
        ),
        400,
        "invalid",
        ["deadline"],
    )
    assert "1/1/2025" in message
    refused(
        ApiClient(world.province_approver).post(f"{API}/report-obligations", {**body, "period": "quý 1"}),
        400,
        "invalid",
        ["period"],
    )
    assert all_tables() == before

    created = ok(ApiClient(world.province_approver).post(f"{API}/report-obligations", body), 201)
    assert (created["period"], created["period_label"], created["unit_kinds"]) == (
        Q1,
        "quý I/2025",
        ["party_committee"],
    )
    url = f"{API}/report-obligations/{created['id']}"
    # The commune reads what is asked of it, filtered by period and by its own unit.
    assert ok(ApiClient(world.viewer).get(url))["title"] == "Báo cáo quý I"
    listed = f"{API}/report-obligations?period={Q1}&unit={world.commune.pk}"
    assert ids(ApiClient(world.editor).get(listed)) == [created["id"]]
    assert ids(ApiClient(world.editor).get(f"{API}/report-obligations?period=2025-Q2")) == []
    before = all_tables()
    refused(ApiClient(world.admin).patch(url, {"title": "Đổi"}), 403, "forbidden")
    refused(ApiClient(world.admin).delete(url), 403, "forbidden")
    refused(ApiClient(world.province_approver).patch(url, {"title": None}), 400, "invalid", ["title"])
    refused(ApiClient(world.province_approver).patch(url, {"unit_kinds": []}), 400, "invalid", ["unit_kinds"])
    assert all_tables() == before

    changed = ok(ApiClient(world.province_approver).patch(url, {"deadline": "2025-04-15", "levels": []}))
    assert (changed["deadline"], changed["levels"]) == ("2025-04-15", [])
    assert ApiClient(world.province_approver).delete(url).status_code == 204
    assert not Obligation.objects.filter(pk=created["id"]).exists()


# --- reports and their way -------------------------------------------------------------------
def test_a_commune_report_goes_up_to_the_province_through_the_api(data):
    world = data
    obligation = obligation_for_communes(world)
    editor, province = ApiClient(world.editor), ApiClient(world.province_approver)

    created = ok(
        editor.post(f"{API}/reports", {"unit": world.commune.pk, "period": Q1, "number": "12-BC/ĐU"}), 201
    )
    report_url = f"{API}/reports/{created['id']}"
    assert (created["state"], created["obligation"], created["number"]) == (
        "draft",
        obligation.pk,
        "12-BC/ĐU",
    )
    assert created["issuing_body"] == "ĐẢNG ỦY XÃ ĐÔNG SƠN" and created["superior_body"] == "ĐẢNG BỘ TỈNH THỬ"
    assert "160" in created["summary"]  # drafted from the live figures: 40 + 120 attendances
    assert in_person(created["figures"]["preliminary"]) == (2, 160)
    assert in_person(created["figures"]["approved"]) == (0, 0)
    assert created["frozen_figures"] is None and created["steps"] == []

    changed = ok(editor.patch(report_url, {"results": "Đã tổ chức hội nghị", "issued_on": "2025-04-05"}))
    assert (changed["results"], changed["issued_on"]) == ("Đã tổ chức hội nghị", "2025-04-05")
    assert ok(editor.patch(report_url, {"issued_on": None}))["issued_on"] is None
    conference(world.cell, D(2025, 3, 20), 10)
    drafted = ok(editor.get(f"{report_url}/draft-summary"))
    assert "170" in drafted["summary"] and "170" not in Report.objects.get(pk=created["id"]).summary

    assert ok(editor.post(f"{report_url}/submit"))["state"] == "submitted"
    assert Notification.objects.filter(user=world.province_approver).count() == 1
    assert created["id"] in ids(province.get(f"{API}/reports?awaiting=true&period={Q1}"))
    assert ids(ApiClient(world.admin).get(f"{API}/reports?awaiting=true")) == []  # its own unit's
    before = all_tables()
    message = refused(ApiClient(world.admin).post(f"{report_url}/approve"), 403, "forbidden")
    assert "cấp trên" in message
    refused(editor.patch(report_url, {"results": "Sửa"}), 409, "conflict")
    refused(province.post(f"{report_url}/return", {"reason": "  "}), 400, "invalid", ["reason"])
    refused(
        province.post(f"{report_url}/return", {"reason": "Thiếu", "section_notes": {"nowhere": "x"}}),
        400,
        "invalid",
        ["section_notes"],
    )
    assert all_tables() == before

    returned = ok(
        province.post(
            f"{report_url}/return", {"reason": "Thiếu số liệu", "section_notes": {"results": "Bổ sung"}}
        )
    )
    assert (returned["state"], returned["return_reason"], returned["section_notes"]) == (
        "returned",
        "Thiếu số liệu",
        {"results": "Bổ sung"},
    )
    assert [step["action"] for step in returned["steps"]] == ["submit", "return"]
    assert returned["steps"][1]["section_notes"] == {"results": "Bổ sung"}
    ok(editor.post(f"{report_url}/submit"))

    approved = ok(province.post(f"{report_url}/approve"))
    assert approved["state"] == "approved" and approved["state_label"] == "Đã duyệt"
    assert in_person(approved["frozen_figures"]) == (3, 170)
    assert in_person(approved["figures"]["approved"]) == (3, 170)
    refused(province.post(f"{report_url}/approve"), 409, "wrong_state")
    refused(province.post(f"{report_url}/reopen", {"reason": ""}), 400, "invalid", ["reason"])
    reopened = ok(province.post(f"{report_url}/reopen", {"reason": "Sai số liệu tháng 3"}))
    assert (reopened["state"], reopened["frozen_figures"]) == ("returned", None)
    assert [step["action"] for step in reopened["steps"]] == [
        "submit",
        "return",
        "submit",
        "approve",
        "reopen",
    ]


def test_starting_a_report_is_refused_to_the_wrong_people_and_twice(data):
    world = data
    body = {"unit": world.commune.pk, "period": Q1}
    before = all_tables()
    refused(ApiClient(world.viewer).post(f"{API}/reports", body), 403, "forbidden")
    refused(ApiClient(world.outsider).post(f"{API}/reports", body), 404, "not_found", ["unit"])
    refused(
        ApiClient(world.editor).post(f"{API}/reports", {**body, "period": "2025-13"}),
        400,
        "invalid",
        ["period"],
    )
    refused(
        ApiClient(world.editor).post(f"{API}/reports", {**body, "colour": "đỏ"}), 400, "invalid", ["colour"]
    )
    refused(ApiClient(world.editor).post(f"{API}/reports", {**body, "title": " "}), 400, "invalid", ["title"])
    refused(
        ApiClient(world.editor).post(f"{API}/reports", {**body, "summary": None}), 400, "invalid", ["summary"]
    )
    refused(
        ApiClient(world.editor).post(f"{API}/reports", {**body, "title": "x" * 301}),
        400,
        "invalid",
        ["title"],
    )
    assert all_tables() == before
    ok(ApiClient(world.editor).post(f"{API}/reports", body), 201)
    before = all_tables()
    message = refused(ApiClient(world.editor).post(f"{API}/reports", body), 409, "conflict")
    assert "Xã Đông Sơn" in message
    assert all_tables() == before


def test_the_list_filters_by_period_unit_and_state(data):
    world = data
    period = services.period_for(Q1)
    ours = services.start_report(actor=world.editor, unit=world.commune, period=period)
    cell = services.start_report(actor=world.editor, unit=world.cell, period=period)
    theirs = services.start_report(actor=world.outsider, unit=world.sibling, period=period)
    later = services.start_report(
        actor=world.editor, unit=world.commune, period=services.period_for("2025-Q2")
    )
    services.submit_report(cell, actor=world.editor)

    province = ApiClient(world.province_approver)
    assert set(ids(province.get(f"{API}/reports?period={Q1}"))) == {ours.pk, cell.pk, theirs.pk}
    assert set(ids(province.get(f"{API}/reports?unit={world.commune.pk}"))) == {ours.pk, cell.pk, later.pk}
    assert ids(province.get(f"{API}/reports?state=submitted")) == [cell.pk]
    # The province is not the cell's approver: the commune is.
    assert ids(province.get(f"{API}/reports?awaiting=true")) == []
    assert ids(province.get(f"{API}/reports?awaiting=false&state=submitted")) == [cell.pk]
    assert ids(ApiClient(world.admin).get(f"{API}/reports?awaiting=true")) == [cell.pk]
    assert ids(ApiClient(world.editor).get(f"{API}/reports?awaiting=true")) == []
    assert set(ids(ApiClient(world.editor).get(f"{API}/reports"))) == {ours.pk, cell.pk, later.pk}
    assert ids(ApiClient(world.editor).get(f"{API}/reports?unit={world.sibling.pk}")) == []
    refused(province.get(f"{API}/reports?state=lost"), 400, "invalid", ["state"])
    refused(province.get(f"{API}/reports?period=Q1"), 400, "invalid", ["period"])


def test_approving_many_is_all_or_nothing(data):
    world = data
    period = services.period_for(Q1)
    ours = services.start_report(actor=world.editor, unit=world.commune, period=period)
    theirs = services.start_report(actor=world.outsider, unit=world.sibling, period=period)
    services.submit_report(ours, actor=world.editor)
    province = ApiClient(world.province_approver)

    before = all_tables()
    message = refused(
        province.post(f"{API}/reports/approve", {"ids": [ours.pk, theirs.pk]}), 409, "wrong_state"
    )
    assert "Xã Tây Hồ" in message
    refused(province.post(f"{API}/reports/approve", {"ids": []}), 400, "invalid", ["ids"])
    refused(
        ApiClient(world.editor).post(f"{API}/reports/approve", {"ids": [ours.pk, theirs.pk]}),
        404,
        "not_found",
    )
    assert all_tables() == before

    services.submit_report(theirs, actor=world.outsider)
    body = ok(province.post(f"{API}/reports/approve", {"ids": [ours.pk, theirs.pk, ours.pk]}))
    assert [item["id"] for item in body["items"]] == [ours.pk, theirs.pk]
    assert {item["state"] for item in body["items"]} == {"approved"}


# --- roll-ups and completeness ---------------------------------------------------------------
def test_the_rollup_adds_up_the_subtree_and_its_children(data):
    world = data
    province = ApiClient(world.province_approver)
    body = ok(province.get(f"{API}/rollups?unit={world.province.pk}&period={Q1}&by_child=true"))
    activities = next(section for section in body["sections"] if section["key"] == "activities")
    values = {figure["key"]: figure["value"] for figure in activities["figures"]}
    assert (values["in_person_conferences"], values["in_person_attendances"]) == (3, 250)
    labels = {figure["key"]: figure["label"] for figure in activities["figures"]}
    assert (activities["title"], labels["in_person_conferences"]) == (
        "Hội nghị học tập và các hoạt động",
        "Hội nghị trực tiếp",
    )
    rows = {row["unit_name"]: row for row in body["by_child"]}
    assert in_person(rows["Xã Đông Sơn"]["values"]) == (2, 160)
    assert in_person(rows["Xã Tây Hồ"]["values"]) == (1, 90)
    assert body["totals"]["activities"]["in_person_attendances"] == 250

    report = services.start_report(actor=world.editor, unit=world.commune, period=services.period_for(Q1))
    services.submit_report(report, actor=world.editor)
    services.approve_report(report, actor=world.province_approver)
    approved = ok(
        province.get(f"{API}/rollups?unit={world.province.pk}&period={Q1}&basis=approved&by_child=true")
    )
    rows = {row["unit_name"]: row for row in approved["by_child"]}
    assert rows["Xã Đông Sơn"]["report_state"] == "approved" and rows["Xã Đông Sơn"]["report"] == report.pk
    assert in_person(approved["totals"]) == (2, 160)
    assert ok(province.get(f"{API}/rollups?unit={world.province.pk}&period={Q1}"))["by_child"] is None

    refused(
        province.get(f"{API}/rollups?unit={world.province.pk}&period={Q1}&basis=final"),
        400,
        "invalid",
        ["basis"],
    )
    refused(
        province.get(f"{API}/rollups?unit={world.province.pk}&period=2025-Q9"), 400, "invalid", ["period"]
    )
    refused(
        ApiClient(world.editor).get(f"{API}/rollups?unit={world.sibling.pk}&period={Q1}"), 404, "not_found"
    )
    # A commune user sees its own subtree, never the province's other communes.
    commune = ok(ApiClient(world.editor).get(f"{API}/rollups?unit={world.commune.pk}&period={Q1}"))
    assert commune["sections"][0]["figures"]


def test_completeness_counts_the_communes_and_reminds_the_missing_ones(data):
    world = data
    obligation_for_communes(world, deadline=D(2025, 4, 10))
    report = services.start_report(actor=world.editor, unit=world.commune, period=services.period_for(Q1))
    services.submit_report(report, actor=world.editor)
    province = ApiClient(world.province_approver)

    body = ok(province.get(f"{API}/completeness?unit={world.province.pk}&period={Q1}"))
    assert (body["expected"], body["submitted"], body["missing"], body["text"]) == (2, 1, 1, "1/2 (50%)")
    entries = {entry["unit_name"]: entry for entry in body["entries"]}
    assert entries["Xã Đông Sơn"]["report"] == report.pk and entries["Xã Đông Sơn"]["state"] == "submitted"
    assert entries["Xã Tây Hồ"]["status"] in ("due", "overdue") and entries["Xã Tây Hồ"]["report"] is None
    commune = ok(ApiClient(world.editor).get(f"{API}/completeness?unit={world.commune.pk}&period={Q1}"))
    assert commune["expected"] == 0  # nothing below the commune owes this one
    refused(
        ApiClient(world.editor).get(f"{API}/completeness?unit={world.sibling.pk}&period={Q1}"),
        404,
        "not_found",
    )

    remind = {"unit": world.province.pk, "period": Q1}
    before = all_tables()
    refused(ApiClient(world.admin).post(f"{API}/completeness/remind", remind), 404, "not_found", ["unit"])
    refused(
        ApiClient(world.province_admin).post(
            f"{API}/completeness/remind", {**remind, "units": [world.commune.pk]}
        ),
        400,
        "invalid",
    )
    assert all_tables() == before
    heard = Notification.objects.filter(user=world.editor).count()  # the commune sent its report
    assert ok(province.post(f"{API}/completeness/remind", remind)) == {
        "notified": 2
    }  # the sibling's editor and admin
    assert Notification.objects.filter(user=world.outsider, message__contains="Báo cáo quý I").exists()
    assert Notification.objects.filter(user=world.editor).count() == heard


# --- documents -------------------------------------------------------------------------------
def document_of(report, status, content=b"PK\x03\x04 word") -> ReportDocument:
    document = ReportDocument(
        report=report, format="docx", status=status, progress=100 if status == "done" else 40
    )
    if status == DocumentStatus.DONE:
        document.file.save("bao-cao-quy-1.docx", ContentFile(content), save=False)
        document.size = len(content)
    document.save()
    return document


def test_a_document_is_followed_and_downloaded_once_done(world):
    report = services.start_report(actor=world.editor, unit=world.commune, period=services.period_for(Q1))
    running = document_of(report, DocumentStatus.RUNNING)
    done = document_of(report, DocumentStatus.DONE)
    editor = ApiClient(world.editor)

    body = ok(editor.get(f"{API}/report-documents/{running.pk}"))
    assert (body["status"], body["progress"], body["download_url"]) == ("running", 40, None)
    assert refused(editor.get(f"{API}/report-documents/{running.pk}/download"), 409, "not_ready")
    failed = ReportDocument.objects.create(report=report, format="pdf", status="failed", error="LibreOffice")
    refused(editor.get(f"{API}/report-documents/{failed.pk}/download"), 409, "failed")

    body = ok(editor.get(f"{API}/report-documents/{done.pk}"))
    assert body["download_url"] == f"{API}/report-documents/{done.pk}/download"
    response = editor.get(body["download_url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK\x03\x04 word"
    assert "attachment" in response["Content-Disposition"] and ".docx" in response["Content-Disposition"]
    assert "Xã Đông Sơn" in response["Content-Disposition"] or "X%C3%A3" in response["Content-Disposition"]
    assert response["Content-Type"].endswith("wordprocessingml.document")


def test_a_document_is_requested_and_answers_202(world):
    report = services.start_report(actor=world.editor, unit=world.commune, period=services.period_for(Q1))
    before = all_tables()
    refused(
        ApiClient(world.editor).post(f"{API}/reports/{report.pk}/documents", {"format": "odt"}),
        400,
        "invalid",
        ["format"],
    )
    assert all_tables() == before
    body = ok(ApiClient(world.editor).post(f"{API}/reports/{report.pk}/documents", {"format": "docx"}), 202)
    assert body["report"] == report.pk and body["format"] == "docx"
    assert body["status_url"] == f"{API}/report-documents/{body['id']}"
    assert ok(ApiClient(world.editor).get(body["status_url"]))["id"] == body["id"]


# --- notifications ---------------------------------------------------------------------------
def test_notifications_are_read_and_marked_by_their_owner_only(world):
    mine = [
        Notification.objects.create(user=world.editor, message=f"Tin {n}", url="/reports/") for n in range(3)
    ]
    theirs = Notification.objects.create(user=world.outsider, message="Tin của xã bên")
    editor = ApiClient(world.editor)

    body = ok(editor.get(f"{API}/notifications?unread=true"))
    assert body["count"] == 3 and {item["id"] for item in body["items"]} == {n.pk for n in mine}
    assert ok(editor.post(f"{API}/notifications/read", {"ids": [mine[0].pk, theirs.pk]})) == {
        "marked": 1,
        "unread": 2,
    }
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert [item["id"] for item in ok(editor.get(f"{API}/notifications?unread=false"))["items"]] == [
        mine[0].pk
    ]
    assert ok(editor.post(f"{API}/notifications/read")) == {"marked": 2, "unread": 0}
    assert ok(ApiClient(world.outsider).get(f"{API}/notifications"))["count"] == 1
    refused(editor.post(f"{API}/notifications/read", {"ids": "all"}), 400, "invalid", ["ids"])
    assert ApiClient(None).get(f"{API}/notifications").status_code == 401


# --- query counts ----------------------------------------------------------------------------
def grow(world, communes: int):
    """`communes` more communes with a cell each, a conference in each, and a report each."""
    period = services.period_for(Q1)
    obligation_for_communes(world)
    for number, commune, (cell,) in grow_communes(world, communes):
        conference(commune, D(2025, 2, 1), 100 + number)
        conference(cell, D(2025, 3, 1), 10 + number)
        report = Report.objects.create(unit=commune, period=period, title=f"Báo cáo {number}")
        if number % 2:
            services.submit_report(report, actor=world.superuser)
    return period


# Pinned, measured as a province approver with a token (one query reads the token and
# its user, one the user's roles). A change that adds a query is a decision.
PINNED = {
    "reports": 4,
    "awaiting": 3,
    "rollup": 11,
    "rollup_by_child": 15,  # one for the obligations: which children owe a report
    "completeness": 7,
    "obligations": 3,
}


def measure(communes: int) -> dict[str, int]:
    world = build_world()
    grow(world, communes)
    client = ApiClient(make_user("do_dem", unit=world.province, kind="approver"))
    unit = world.province.pk
    return {
        "reports": count_queries(client, f"{API}/reports?period={Q1}&limit=500"),
        "awaiting": count_queries(client, f"{API}/reports?awaiting=true&limit=500"),
        "rollup": count_queries(client, f"{API}/rollups?unit={unit}&period={Q1}"),
        "rollup_by_child": count_queries(
            client, f"{API}/rollups?unit={unit}&period={Q1}&basis=approved&by_child=true"
        ),
        "completeness": count_queries(client, f"{API}/completeness?unit={unit}&period={Q1}"),
        "obligations": count_queries(client, f"{API}/report-obligations?period={Q1}"),
    }


@pytest.mark.parametrize("communes", [3, 30])
def test_list_endpoints_keep_their_queries_whatever_the_number_of_communes(db, communes):
    assert measure(communes) == PINNED
