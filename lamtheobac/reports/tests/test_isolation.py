"""The shared isolation contract for every reports model, and every route of the
reports pages and API that takes an id: a commune's reports, obligations,
steps, documents and custom periods stay its own (and its level above's)."""

import datetime as dt
from unittest.mock import ANY

import pytest
from django.core.files.base import ContentFile

from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.models import Notification
from lamtheobac.core.testing import ApiClient, IsolationContract, web_client, world_state
from lamtheobac.reports import services
from lamtheobac.reports.models import (
    DocumentStatus,
    Obligation,
    PeriodKind,
    Report,
    ReportCoverage,
    ReportDocument,
    ReportingPeriod,
    ReportStep,
    State,
)

API = "/api/v1"
Q1 = "2025-Q1"


def period():
    return services.period_for(Q1)


def report_in(unit, state=State.DRAFT) -> Report:
    return Report.objects.create(
        unit=unit,
        period=period(),
        title="Báo cáo quý I của Đông Sơn",
        summary="Tổ chức 3 hội nghị.",
        state=state,
    )


def everything() -> tuple:
    return tuple(world_state(model) for model in (Report, ReportStep, ReportDocument, Notification))


class TestObligationIsolation(IsolationContract):
    """Set by our commune for its cells: its admin changes it, the sibling's admin does not."""

    model = Obligation
    owner_attr = "admin"
    outsider_attr = "outsider_admin"
    web_list_url = "/reports/obligations/"
    api_list_url = f"{API}/report-obligations?limit=500"
    covers = (
        "reports/obligations/<int:pk>/edit/",
        "reports/obligations/<int:pk>/remove/",
        "api/v1/report-obligations/<id:obligation_id>",
    )

    def make(self, unit):
        return Obligation.objects.create(
            unit=unit,
            period=period(),
            title="Báo cáo quý I của các chi bộ Đông Sơn",
            unit_kinds=["party_cell"],
            deadline=dt.date(2025, 4, 5),
        )

    def marker(self, obj):
        return obj.title

    def web_detail_url(self, obj):
        return f"/reports/obligations/{obj.pk}/edit/"

    def web_write(self, obj):
        body = {"title": "Đổi tên", "unit_kinds": ["party_cell"], "deadline": "2025-04-06", "note": ""}
        return ("post", f"/reports/obligations/{obj.pk}/edit/", body)

    def api_detail_url(self, obj):
        return f"{API}/report-obligations/{obj.pk}"

    def api_write(self, obj):
        return ("patch", f"{API}/report-obligations/{obj.pk}", {"title": "Đổi tên"})

    def api_create_elsewhere(self, world):
        body = {
            "unit": world.commune.pk,
            "period": Q1,
            "title": "Báo cáo lạ",
            "unit_kinds": ["party_cell"],
            "deadline": "2025-04-05",
        }
        return ("post", f"{API}/report-obligations", body)

    def web_create_elsewhere(self, world):
        body = {
            "unit": world.commune.pk,
            "period": Q1,
            "title": "Báo cáo lạ",
            "unit_kinds": ["party_cell"],
            "deadline": "2025-04-05",
        }
        return ("post", "/reports/obligations/new/", body)

    def test_outsider_cannot_remove_it_on_the_pages_or_through_the_api(self, world, obj):
        before = world_state(Obligation)
        outsider = world.outsider_admin
        assert web_client(outsider).get(f"/reports/obligations/{obj.pk}/remove/").status_code == 404
        assert web_client(outsider).post(f"/reports/obligations/{obj.pk}/remove/").status_code == 404
        response = ApiClient(outsider).delete(f"{API}/report-obligations/{obj.pk}")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
        assert world_state(Obligation) == before
        assert web_client(world.admin).get(f"/reports/obligations/{obj.pk}/remove/").status_code == 200

    def test_our_cells_read_it_but_only_our_admin_changes_it(self, world, obj):
        from lamtheobac.core.testing import make_user

        cell_editor = make_user("chi_bo", unit=world.cell, kind="editor")
        assert ApiClient(cell_editor).get(f"{API}/report-obligations/{obj.pk}").status_code == 200
        before = world_state(Obligation)
        response = ApiClient(cell_editor).patch(f"{API}/report-obligations/{obj.pk}", {"title": "Đổi"})
        assert response.status_code == 403
        assert web_client(cell_editor).post(f"/reports/obligations/{obj.pk}/remove/").status_code == 404
        assert world_state(Obligation) == before

    def test_outsider_cannot_read_or_use_our_custom_period(self, world, obj):
        custom = services.define_period(
            actor=world.admin,
            unit=world.commune,
            name="Đợt thi đua 100 ngày",
            start="2025-05-01",
            end="2025-08-08",
        )
        url = f"{API}/reporting-periods/{custom.key}"
        assert ApiClient(world.viewer).get(url).json()["name"] == "Đợt thi đua 100 ngày"
        assert ApiClient(world.province_approver).get(url).status_code == 200
        response = ApiClient(world.outsider).get(url)
        assert response.status_code == 404 and "100 ngày" not in response.content.decode()
        body = {"unit": world.sibling.pk, "period": custom.key, "title": "Báo cáo đợt"}
        before = everything()
        response = ApiClient(world.outsider).post(f"{API}/reports", body)
        assert response.status_code == 404 and set(response.json()["fields"]) == {"period"}
        assert everything() == before
        assert ApiClient(world.outsider).get(f"{API}/reporting-periods/2025-Q1").status_code == 200
        assert not ReportingPeriod.objects.filter(kind=PeriodKind.CUSTOM).exclude(pk=custom.pk).exists()


class TestCustomPeriodIsolation(IsolationContract):
    """A custom period is read in the subtree of the level that defined it and by
    the levels above; another commune neither learns its name nor reports on it.
    Every page and route that takes a period key is tried with it by
    TestPeriodKeyReferences (test_references.py); here, the answers' exact shape."""

    model = ReportingPeriod
    owner_attr = "editor"
    web_list_url = "/reports/periods/"
    api_list_url = f"{API}/reporting-periods?limit=500"
    covers = ("api/v1/reporting-periods/<key>",)

    def make(self, unit):
        return ReportingPeriod.objects.create(
            key=f"custom-x{unit.pk}",
            kind=PeriodKind.CUSTOM,
            name="Đợt thi đua 100 ngày",
            start=dt.date(2025, 5, 1),
            end=dt.date(2025, 8, 8),
            defined_by=unit,
        )

    def marker(self, obj):
        return obj.name

    def api_detail_url(self, obj):
        return f"{API}/reporting-periods/{obj.key}"

    def test_outsider_cannot_start_a_report_on_it_through_the_pages(self, world, obj):
        before = everything()
        response = web_client(world.outsider).post(
            "/reports/start/", {"unit": world.sibling.pk, "period": obj.key}
        )
        assert response.status_code == 400  # the form again, with the refusal on the period
        assert response.context["form"].errors["period"]
        assert obj.name not in response.content.decode()
        assert everything() == before
        mine = web_client(world.editor).post("/reports/start/", {"unit": world.commune.pk, "period": obj.key})
        assert mine.status_code == 302 and Report.objects.get(unit=world.commune).period == obj

    def test_outsider_cannot_start_a_report_on_it_through_the_api(self, world, obj):
        before = everything()
        body = {"unit": world.sibling.pk, "period": obj.key, "title": "Báo cáo đợt"}
        response = ApiClient(world.outsider).post(f"{API}/reports", body)
        assert response.status_code == 404 and response.json()["fields"] == {"period": ANY}
        assert obj.name not in response.content.decode()
        assert everything() == before

    @pytest.mark.parametrize(
        "url",
        [
            "/api/v1/rollups?unit={unit}&period={key}",
            "/api/v1/completeness?unit={unit}&period={key}",
            "/api/v1/reports?period={key}",
            "/api/v1/report-obligations?period={key}",
        ],
    )
    def test_outsider_api_never_names_it(self, world, obj, url):
        response = ApiClient(world.outsider).get(url.format(unit=world.sibling.pk, key=obj.key))
        assert response.status_code == 404 and response.json()["fields"] == {"period": ANY}
        assert obj.name not in response.content.decode()

    def test_outsider_cannot_set_an_obligation_or_remind_for_it(self, world, obj):
        before = (world_state(Obligation), everything())
        body = {
            "unit": world.sibling.pk,
            "period": obj.key,
            "title": "Báo cáo đợt",
            "unit_kinds": ["party_cell"],
            "deadline": "2025-08-20",
        }
        page = web_client(world.outsider_admin).post("/reports/obligations/new/", body)
        assert page.status_code == 400 and page.context["form"].errors["period"]
        api = ApiClient(world.outsider_admin).post(f"{API}/report-obligations", body)
        assert api.status_code == 404
        reminded = ApiClient(world.outsider_admin).post(
            f"{API}/completeness/remind", {"unit": world.sibling.pk, "period": obj.key}
        )
        assert reminded.status_code == 404
        assert (world_state(Obligation), everything()) == before

    def test_a_sibling_may_name_its_own_period_alike(self, world, obj):
        theirs = services.define_period(
            actor=world.outsider_admin,
            unit=world.sibling,
            name=obj.name,
            start="2025-05-01",
            end="2025-08-08",
        )
        assert theirs.defined_by == world.sibling
        with pytest.raises(ValidationFailed):
            services.define_period(
                actor=world.admin, unit=world.commune, name=obj.name, start="2025-05-01", end="2025-08-08"
            )


# The web pages and API routes that move a report, each with the state it must be
# in for the rightful person to succeed, so that only access can refuse it.
WEB_MOVES = [
    ("redraft", State.DRAFT, {}),
    ("submit", State.DRAFT, {}),
    ("return", State.SUBMITTED, {"reason": "Thiếu số liệu"}),
    ("approve", State.SUBMITTED, {}),
    ("reopen", State.APPROVED, {"reason": "Sai số liệu"}),
    ("withdraw", State.SUBMITTED, {"reason": "Bổ sung số liệu"}),
    ("documents", State.DRAFT, {"format": "docx"}),
]
API_MOVES = [
    ("submit", State.DRAFT, {}),
    ("return", State.SUBMITTED, {"reason": "Thiếu số liệu"}),
    ("approve", State.SUBMITTED, {}),
    ("reopen", State.APPROVED, {"reason": "Sai số liệu"}),
    ("withdraw", State.SUBMITTED, {"reason": "Bổ sung số liệu"}),
    ("documents", State.DRAFT, {"format": "docx"}),
]


class TestReportIsolation(IsolationContract):
    model = Report
    web_list_url = "/reports/"
    api_list_url = f"{API}/reports?limit=500"
    covers = (
        "reports/<int:pk>/",
        "reports/<int:pk>/edit/",
        "reports/<int:pk>/redraft/",
        "reports/<int:pk>/submit/",
        "reports/<int:pk>/return/",
        "reports/<int:pk>/approve/",
        "reports/<int:pk>/reopen/",
        "reports/<int:pk>/withdraw/",
        "reports/<int:pk>/documents/",
        "api/v1/reports/<id:report_id>",
        "api/v1/reports/<id:report_id>/draft-summary",
        "api/v1/reports/<id:report_id>/submit",
        "api/v1/reports/<id:report_id>/return",
        "api/v1/reports/<id:report_id>/approve",
        "api/v1/reports/<id:report_id>/reopen",
        "api/v1/reports/<id:report_id>/withdraw",
        "api/v1/reports/<id:report_id>/documents",
    )

    def make(self, unit):
        return report_in(unit)

    def marker(self, obj):
        return obj.title

    def web_detail_url(self, obj):
        return f"/reports/{obj.pk}/"

    def web_write(self, obj):
        return ("post", f"/reports/{obj.pk}/edit/", {"title": "Đổi tên", "summary": "Khác"})

    def api_detail_url(self, obj):
        return f"{API}/reports/{obj.pk}"

    def api_write(self, obj):
        return ("patch", f"{API}/reports/{obj.pk}", {"title": "Đổi tên"})

    def api_create_elsewhere(self, world):
        return ("post", f"{API}/reports", {"unit": world.commune.pk, "period": "2025-Q2"})

    def web_create_elsewhere(self, world):
        return ("post", "/reports/start/", {"unit": world.commune.pk, "period": "2025-Q2"})

    @pytest.mark.parametrize(("action", "state", "data"), WEB_MOVES)
    def test_outsiders_cannot_move_it_on_the_pages(self, world, obj, action, state, data):
        Report.objects.filter(pk=obj.pk).update(state=state)
        before = everything()
        for outsider in (world.outsider, world.outsider_admin, world.nobody):
            response = web_client(outsider).post(f"/reports/{obj.pk}/{action}/", data)
            assert response.status_code == 404, (outsider, response.status_code)
        assert everything() == before

    @pytest.mark.parametrize(("action", "state", "data"), API_MOVES)
    def test_outsiders_cannot_move_it_through_the_api(self, world, obj, action, state, data):
        Report.objects.filter(pk=obj.pk).update(state=state)
        before = everything()
        for outsider in (world.outsider, world.outsider_admin, world.nobody):
            response = ApiClient(outsider).post(f"{API}/reports/{obj.pk}/{action}", data)
            assert response.status_code == 404, (outsider, response.content)
            assert response.json()["code"] == "not_found"
        assert everything() == before

    def test_outsider_cannot_redraft_or_approve_it_among_others(self, world, obj):
        assert ApiClient(world.editor).get(f"{API}/reports/{obj.pk}/draft-summary").status_code == 200
        assert ApiClient(world.outsider).get(f"{API}/reports/{obj.pk}/draft-summary").status_code == 404
        Report.objects.filter(pk=obj.pk).update(state=State.SUBMITTED)
        theirs = report_in(world.sibling, State.SUBMITTED)
        before = everything()
        response = ApiClient(world.outsider_admin).post(
            f"{API}/reports/approve", {"ids": [theirs.pk, obj.pk]}
        )
        assert response.status_code == 404 and set(response.json()["fields"]) == {"ids"}
        response = web_client(world.outsider_admin).post(
            "/reports/approve-many/", {"reports": [theirs.pk, obj.pk]}
        )
        assert response.status_code == 404
        assert everything() == before

    def test_its_own_unit_cannot_approve_it_and_the_level_above_can(self, world, obj):
        Report.objects.filter(pk=obj.pk).update(state=State.SUBMITTED)
        before = everything()
        response = ApiClient(world.admin).post(f"{API}/reports/{obj.pk}/approve")
        assert response.status_code == 403 and response.json()["code"] == "forbidden"
        assert everything() == before
        response = ApiClient(world.province_approver).post(f"{API}/reports/{obj.pk}/approve")
        assert response.status_code == 200 and response.json()["state"] == State.APPROVED


class TestReportStepIsolation(IsolationContract):
    """Steps have no route of their own: they are read in their report's record."""

    model = ReportStep

    def make(self, unit):
        report = report_in(unit, State.SUBMITTED)
        return ReportStep.objects.create(report=report, action="submit", actor_name="xa", reason="")

    def test_outsider_does_not_read_the_history_through_the_report(self, world, obj):
        url = f"{API}/reports/{obj.report_id}"
        mine = ApiClient(world.editor).get(url)
        assert mine.status_code == 200 and [step["action"] for step in mine.json()["steps"]] == ["submit"]
        assert ApiClient(world.outsider).get(url).status_code == 404


class TestReportCoverageIsolation(IsolationContract):
    """Coverage has no route of its own: the approved figures read it, and it is
    scoped by its report's unit, like the report."""

    model = ReportCoverage

    def make(self, unit):
        return ReportCoverage.objects.create(report=report_in(unit, State.APPROVED), unit=unit)

    def web_detail_url(self, obj):
        return f"/reports/{obj.report_id}/"

    def api_detail_url(self, obj):
        return f"{API}/reports/{obj.report_id}"

    def test_a_unit_covered_by_another_communes_report_does_not_open_that_report(self, world, obj):
        # The sibling's approved report covering a cell that has since moved to us.
        theirs = ReportCoverage.objects.create(
            report=report_in(world.sibling, State.APPROVED), unit=world.cell
        )
        assert not ReportCoverage.objects.visible_to(world.editor).filter(pk=theirs.pk).exists()
        assert ApiClient(world.editor).get(f"{API}/reports/{theirs.report_id}").status_code == 404


class TestReportDocumentIsolation(IsolationContract):
    model = ReportDocument
    covers = (
        "reports/documents/<int:pk>/",
        "reports/documents/<int:pk>/download/",
        "api/v1/report-documents/<id:document_id>",
        "api/v1/report-documents/<id:document_id>/download",
    )

    def make(self, unit):
        document = ReportDocument(
            report=report_in(unit), format="docx", status=DocumentStatus.DONE, progress=100, size=9
        )
        document.file.save("bao-cao-x1-2025-q1.docx", ContentFile(b"PK\x03\x04 abc"), save=False)
        document.save()
        return document

    def web_detail_url(self, obj):
        return f"/reports/documents/{obj.pk}/"

    def web_write(self, obj):
        return ("post", f"/reports/{obj.report_id}/documents/", {"format": "pdf"})

    def api_detail_url(self, obj):
        return f"{API}/report-documents/{obj.pk}"

    def api_write(self, obj):
        return ("post", f"{API}/reports/{obj.report_id}/documents", {"format": "pdf"})

    def test_outsider_cannot_download_it(self, world, obj):
        assert web_client(world.editor).get(f"/reports/documents/{obj.pk}/download/").status_code == 200
        assert ApiClient(world.editor).get(f"{API}/report-documents/{obj.pk}/download").status_code == 200
        assert web_client(world.outsider).get(f"/reports/documents/{obj.pk}/download/").status_code == 404
        response = ApiClient(world.outsider).get(f"{API}/report-documents/{obj.pk}/download")
        assert response.status_code == 404 and b"abc" not in response.content
