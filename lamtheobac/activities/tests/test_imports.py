"""The .xlsx import of activities: the template, the refusals at upload, the
row-by-row check that names the row and the column of every wrong cell, and
the write of every row at once or of none — up to a file of 10.000 rows."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import os
import time
import zipfile
from urllib.parse import quote

import pytest
from django.apps import apps as django_apps
from django.db.models import Sum
from django.test import override_settings
from openpyxl import load_workbook

from lamtheobac.activities import figures
from lamtheobac.activities.models import Activity, ActivityKind, Category, ImportJob, Topic
from lamtheobac.activities.services import imports, spreadsheets
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.querysets import today
from lamtheobac.core.testing import ApiClient, state, web_client, world_state
from lamtheobac.people.models import Person

from .imports import (
    CONFERENCE,
    FLAG,
    HEADERS,
    REGULAR,
    SATURDAY,
    THEMATIC,
    add_cell,
    committee_member,
    line,
    with_dimension,
    workbook_bytes,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db

IMPORT_URL = "/activities/import/"
API_URL = "/api/v1/activity-imports"
THROUGH = Activity.committee_attendees.through


def upload(client, world, content: bytes, *, unit=None, name="hoat-dong-thang-3.xlsx"):
    return client.post(IMPORT_URL, {"unit": (unit or world.commune).pk, "file": xlsx_upload(content, name)})


def run_upload(world, content: bytes, capture, *, user=None, unit=None) -> ImportJob:
    """Upload as the commune's editor and let the task run (it is queued on commit)."""
    with capture(execute=True):
        response = upload(web_client(user or world.editor), world, content, unit=unit)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


@pytest.fixture
def member(world):
    return committee_member(world.commune)


# -- the template ----------------------------------------------------------------------------
class TestTemplate:
    def test_it_has_the_headers_the_prefilled_cells_and_the_lists(self, world, member):
        second = add_cell(world.commune, "X1-C2", "Chi bộ thôn Hai")
        add_cell(world.commune, "X1-C9", "Chi bộ đã giải thể", valid_to=dt.date(2025, 2, 28))
        response = web_client(world.editor).get(
            "/activities/import/template.xlsx", {"unit": world.commune.pk, "month": "2025-03"}
        )
        assert response.status_code == 200
        assert response["Content-Type"] == spreadsheets.XLSX
        # The name the browser saves, in Vietnamese (RFC 6266's filename*).
        name = quote("Mẫu nhập hoạt động tháng 3-2025.xlsx")
        assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{name}"
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["Hoạt động", "Danh mục", "Hướng dẫn"]
        sheet = book["Hoạt động"]
        # Printed landscape across the page's width, the header row on each page.
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows == "$1:$1" and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert [cell.value for cell in sheet[1]] == HEADERS
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_row=3)]
        # One row per cell open in March; the cell closed in February and the sibling's are not there.
        assert [row[0] for row in rows] == ["X1-C1", "X1-C2"]
        assert rows[0][1:6] == [
            "Chi bộ thôn Một",
            REGULAR,
            None,
            "Sinh hoạt chi bộ tháng 3/2025",
            "Trực tiếp",
        ]
        assert sheet["A4"].value is None
        assert second.code == rows[1][0]
        validations = {str(rule.sqref).split(":")[0]: rule for rule in sheet.data_validations.dataValidation}
        assert validations["C2"].type == "list" and "Danh mục" in validations["C2"].formula1
        assert validations["F2"].type == "list"
        assert validations["G2"].type == "whole"
        lists = book["Danh mục"]
        kinds = [row[0] for row in lists.iter_rows(min_row=2, values_only=True) if row[0]]
        assert kinds == list(
            ActivityKind.objects.active().order_by("position", "name").values_list("name", flat=True)
        )
        people = [row[5:8] for row in lists.iter_rows(min_row=2, values_only=True) if row[5]]
        assert ("X1-C1", "Chi bộ thôn Một", f"Nguyễn Văn Ủy (#{member.pk})") in people
        notes = " ".join(row[0] for row in book["Hướng dẫn"].iter_rows(values_only=True) if row[0])
        assert "trực tuyến" in notes and "điểm cầu" in notes

    def test_a_template_downloaded_and_filled_in_imports(
        self, world, member, django_capture_on_commit_callbacks
    ):
        Topic.objects.create(unit=world.province, year=2025, title="Chuyên đề năm 2025")
        response = web_client(world.editor).get(
            "/activities/import/template.xlsx", {"unit": world.commune.pk, "month": "2025-03"}
        )
        book = load_workbook(io.BytesIO(response.content))
        sheet = book["Hoạt động"]
        sheet["D2"] = dt.datetime(2025, 3, 5)
        sheet["G2"], sheet["H2"] = 18, 12
        sheet["I2"] = "Thảo luận chuyên đề năm"
        sheet["J2"] = book["Danh mục"]["H2"].value
        buffer = io.BytesIO()
        book.save(buffer)
        job = run_upload(world, buffer.getvalue(), django_capture_on_commit_callbacks)
        assert job.status == ImportJob.Status.DONE, job.errors
        activity = Activity.objects.get()
        assert (activity.unit, activity.held_on, activity.title) == (
            world.cell,
            dt.date(2025, 3, 5),
            "Sinh hoạt chi bộ tháng 3/2025",
        )
        assert (activity.participants, activity.party_members) == (18, 12)
        assert activity.topic.title == "Chuyên đề năm 2025"
        assert list(activity.committee_attendees.all()) == [member]
        assert activity.created_by == world.editor
        assert activity.search_title == "sinh hoat chi bo thang 3/2025"

    def test_an_outsider_or_a_viewer_gets_no_template_of_our_commune(self, world):
        url = "/activities/import/template.xlsx"
        assert web_client(world.outsider).get(url, {"unit": world.commune.pk}).status_code == 404
        assert web_client(world.viewer).get(url, {"unit": world.commune.pk}).status_code == 404
        assert (
            web_client(world.editor).get(url, {"unit": world.commune.pk, "month": "2025"}).status_code == 400
        )

    def test_the_api_serves_the_same_template(self, world):
        response = ApiClient(world.editor).get(
            f"{API_URL}/template", {"unit": world.commune.pk, "month": "2025-03"}
        )
        assert response.status_code == 200
        assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Hoạt động"
        assert (
            ApiClient(world.outsider).get(f"{API_URL}/template", {"unit": world.commune.pk}).status_code
            == 404
        )


# -- refusals at upload ---------------------------------------------------------------------
class TestUploadRefusals:
    def refused(self, world, content: bytes, name="hoat-dong.xlsx", user=None):
        before = (state(Activity, ImportJob, THROUGH), AuditEvent.objects.count())
        response = upload(web_client(user or world.editor), world, content, name=name)
        assert response.status_code == 200
        assert (state(Activity, ImportJob, THROUGH), AuditEvent.objects.count()) == before
        return response.context["form"].errors["file"][0]

    @override_settings(IMPORT_MAX_BYTES=4096)
    def test_an_oversized_file_is_refused(self, world):
        rows = [line("X1-C1", notes="x" * 200) for _ in range(200)]
        assert "Tệp quá lớn: tối đa 0 MB" in self.refused(world, workbook_bytes(rows))

    def test_a_text_file_named_xlsx_is_refused(self, world):
        message = self.refused(world, "Mã đơn vị;Ngày\nX1-C1;18/03/2025\n".encode())
        assert "Nội dung tệp không đúng với loại tệp (xlsx)" in message

    def test_a_zip_that_is_not_a_workbook_is_refused(self, world):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "không phải Excel")
        assert "Không đọc được tệp" in self.refused(world, buffer.getvalue())

    def test_a_damaged_workbook_is_refused(self, world):
        content = workbook_bytes([line("X1-C1")])
        assert "Không đọc được tệp" in self.refused(world, content[: len(content) // 2])

    def test_another_type_is_refused(self, world):
        assert "Không nhận loại tệp này" in self.refused(world, workbook_bytes([line("X1-C1")]), name="a.csv")

    def test_a_sheet_without_the_headers_is_refused(self, world):
        message = self.refused(world, workbook_bytes([line("X1-C1")], headers=None))
        assert "Bảng tính thiếu các cột" in message and "“Mã đơn vị”" in message

    @override_settings(IMPORT_MAX_ROWS=3)
    def test_too_many_rows_are_refused(self, world):
        message = self.refused(world, workbook_bytes([line("X1-C1")] * 4))
        assert "Tệp có hơn 3 dòng" in message

    def test_a_file_with_only_headers_is_refused(self, world):
        assert "Tệp không có dòng nào để nhập" in self.refused(world, workbook_bytes([]))

    def test_a_viewer_cannot_import(self, world):
        before = (state(Activity, ImportJob, THROUGH), AuditEvent.objects.count())
        client = web_client(world.viewer)
        assert client.get(IMPORT_URL).status_code == 404
        assert upload(client, world, workbook_bytes([line("X1-C1")])).status_code == 404
        response = ApiClient(world.viewer).client.post(
            API_URL,
            {"unit": world.commune.pk, "file": xlsx_upload(workbook_bytes([line("X1-C1")]))},
            headers=ApiClient(world.viewer).headers,
        )
        assert response.status_code == 404
        assert (state(Activity, ImportJob, THROUGH), AuditEvent.objects.count()) == before

    def test_an_outsider_cannot_import_into_our_commune(self, world):
        before = (state(Activity, ImportJob, THROUGH), AuditEvent.objects.count())
        response = upload(web_client(world.outsider), world, workbook_bytes([line("X1-C1")]))
        assert response.status_code == 200 and "unit" in response.context["form"].errors
        api = ApiClient(world.outsider)
        response = api.client.post(
            API_URL,
            {"unit": world.commune.pk, "file": xlsx_upload(workbook_bytes([line("X1-C1")]))},
            headers=api.headers,
        )
        assert response.status_code == 404 and response.json()["fields"] == {
            "unit": "Không tìm thấy, hoặc nằm ngoài phạm vi đơn vị của bạn."
        }
        assert (state(Activity, ImportJob, THROUGH), AuditEvent.objects.count()) == before

    def test_the_api_refuses_a_missing_file_or_unit_with_400(self, world):
        api = ApiClient(world.editor)
        before = state(Activity, ImportJob, THROUGH)
        response = api.client.post(API_URL, {"unit": world.commune.pk}, headers=api.headers)
        assert response.status_code == 400 and "file" in response.json()["fields"]
        response = api.client.post(
            API_URL, {"file": xlsx_upload(workbook_bytes([line("X1-C1")]))}, headers=api.headers
        )
        assert response.status_code == 400 and "unit" in response.json()["fields"]
        assert state(Activity, ImportJob, THROUGH) == before

    def test_the_api_refuses_a_bad_file_with_400_and_the_message(self, world):
        api = ApiClient(world.editor)
        before = state(Activity, ImportJob, THROUGH)
        response = api.client.post(
            API_URL,
            {"unit": world.commune.pk, "file": xlsx_upload(b"not a workbook at all")},
            headers=api.headers,
        )
        assert response.status_code == 400
        assert response.json()["fields"]["file"].startswith("Nội dung tệp không đúng")
        assert state(Activity, ImportJob, THROUGH) == before


# -- checking the rows ----------------------------------------------------------------------
def future_day() -> str:
    return f"{today() + dt.timedelta(days=1):%d/%m/%Y}"


BAD_CELLS = [
    # (what is wrong, the row's changes, column, header, words of the Vietnamese message)
    ("unknown unit code", {"code": "KHONG-CO"}, "A", "Mã đơn vị", "Không có đơn vị nào mã “KHONG-CO”"),
    ("out-of-scope unit", {"code": "X2-C1"}, "A", "Mã đơn vị", "Không có đơn vị nào mã “X2-C1”"),
    (
        "closed unit",
        {"code": "X1-C8"},
        "A",
        "Mã đơn vị",
        "Chi bộ đã giải thể không còn hoặc chưa có vào ngày 18/3/2025",
    ),
    ("no unit code", {"code": ""}, "A", "Mã đơn vị", "Hãy nhập mã đơn vị"),
    ("unknown kind", {"kind": "Họp dân"}, "C", "Loại hoạt động", "Không có loại hoạt động “Họp dân”"),
    ("kind out of use", {"kind": "Ngày về cơ sở"}, "C", "Loại hoạt động", "không còn được dùng"),
    ("bad date", {"day": "31/02/2025"}, "D", "Ngày (dd/mm/yyyy)", "Hãy ghi ngày theo dạng dd/mm/yyyy"),
    ("future date", {"day": future_day}, "D", "Ngày (dd/mm/yyyy)", "Ngày không được sau ngày hôm nay"),
    ("no title", {"title": ""}, "E", "Tiêu đề", "Nhập tên hoạt động"),
    (
        "online",
        {"kind": CONFERENCE, "form": "Trực tuyến"},
        "F",
        "Hình thức",
        "Không nhập hội nghị trực tuyến",
    ),
    ("unknown form", {"form": "Qua thư"}, "F", "Hình thức", "Không rõ hình thức “Qua thư”"),
    ("negative count", {"participants": -3}, "G", "Số người tham gia", "Số người không được âm"),
    ("not a number", {"participants": "hai mươi"}, "G", "Số người tham gia", "Hãy nhập một số nguyên"),
    (
        "members above participants",
        {"participants": 10, "party_members": 12},
        "H",
        "Trong đó đảng viên",
        "Số đảng viên không được nhiều hơn số người tham gia",
    ),
    (
        "attendee without position",
        {"attendees": "Trần Thị Không (#999999)"},
        "J",
        "Cấp ủy viên dự",
        "Trần Thị Không không giữ chức vụ cấp ủy",
    ),
    (
        "attendees of a flag ceremony",
        {"kind": FLAG, "attendees": "Nguyễn Văn Ủy"},
        "J",
        "Cấp ủy viên dự",
        "chỉ ghi cho buổi sinh hoạt chi bộ",
    ),
]


class TestRowChecks:
    @pytest.mark.parametrize(
        ("case", "changes", "column", "header", "words"), BAD_CELLS, ids=[case[0] for case in BAD_CELLS]
    )
    def test_a_wrong_cell_names_its_row_and_column_and_nothing_is_written(
        self, world, member, django_capture_on_commit_callbacks, case, changes, column, header, words
    ):
        add_cell(world.commune, "X1-C8", "Chi bộ đã giải thể", valid_to=dt.date(2025, 2, 28))
        ActivityKind.objects.filter(name="Ngày về cơ sở").update(is_active=False)
        changes = {key: value() if callable(value) else value for key, value in changes.items()}
        code = changes.pop("code", "X1-C1")
        rows = [line("X1-C1"), line(code, **changes), line("X1-C1", day="19/03/2025")]
        before = state(Activity, ImportJob, THROUGH)
        job = run_upload(world, workbook_bytes(rows), django_capture_on_commit_callbacks)
        assert job.status == ImportJob.Status.FAILED
        assert len(job.errors) == 1, job.errors
        (error,) = job.errors
        assert (error["row"], error["column"], error["header"]) == (3, column, header)
        assert words in error["message"]
        assert world_state(Activity) == before[0]
        assert THROUGH.objects.count() == 0
        assert not AuditEvent.objects.filter(object_type="activities.importjob").exists()

    def test_a_file_that_understates_its_size_is_read_to_the_end(
        self, world, django_capture_on_commit_callbacks
    ):
        rows = [line("X1-C1", day=f"{day:02d}/03/2025") for day in range(1, 6)]
        content = with_dimension(workbook_bytes(rows), "A1:K2")
        job = run_upload(world, content, django_capture_on_commit_callbacks)
        assert job.status == ImportJob.Status.DONE, job.errors
        assert job.created_count == 5 == Activity.objects.count()
        assert job.total_rows == 5

    @override_settings(IMPORT_MAX_ROWS=3)
    def test_a_file_that_understates_its_size_is_refused_past_the_limit_by_the_task(
        self, world, django_capture_on_commit_callbacks
    ):
        rows = [line("X1-C1", day=f"{day:02d}/03/2025") for day in range(1, 6)]
        job = run_upload(
            world, with_dimension(workbook_bytes(rows), "A1:K2"), django_capture_on_commit_callbacks
        )
        assert job.status == ImportJob.Status.FAILED
        assert "Tệp có hơn 3 dòng" in job.errors[0]["message"]
        assert not Activity.objects.exists()

    def test_every_wrong_cell_of_a_row_is_listed(self, world, django_capture_on_commit_callbacks):
        rows = [line("KHONG-CO", kind="?", day="hôm qua", participants=-1)]
        job = run_upload(world, workbook_bytes(rows), django_capture_on_commit_callbacks)
        assert [(error["row"], error["column"]) for error in job.errors] == [
            (2, "A"),
            (2, "C"),
            (2, "D"),
            (2, "G"),
        ]

    def test_columns_are_found_by_their_headers_in_any_order_and_in_english(
        self, world, django_capture_on_commit_callbacks
    ):
        english = [
            "Number taking part",
            "Unit code",
            "Date (dd/mm/yyyy)",
            "Activity kind",
            "Activity title",
            "Of whom party members",
        ]
        rows = [
            [25, "X1-C1", dt.date(2025, 3, 2), REGULAR, "Họp tháng 3", 20],
            [30, "X1-C1", "2025-03-09", "chao co, SINH HOAT duoi co", "Chào cờ", 0],
        ]
        job = run_upload(
            world, workbook_bytes(rows, english, title="Sheet1"), django_capture_on_commit_callbacks
        )
        assert job.status == ImportJob.Status.DONE, job.errors
        assert sorted(Activity.objects.values_list("held_on", "participants", "party_members")) == [
            (dt.date(2025, 3, 2), 25, 20),
            (dt.date(2025, 3, 9), 30, 0),
        ]

    def test_a_committee_member_is_found_by_name_and_an_ambiguous_name_is_refused(
        self, world, member, django_capture_on_commit_callbacks
    ):
        job = run_upload(
            world,
            workbook_bytes([line("X1-C1", attendees="nguyen van uy")]),
            django_capture_on_commit_callbacks,
        )
        assert job.status == ImportJob.Status.DONE, job.errors
        assert list(Activity.objects.get().committee_attendees.all()) == [member]
        namesake = committee_member(world.commune, "Nguyễn Văn Ủy")
        job = run_upload(
            world,
            workbook_bytes([line("X1-C1", day="20/03/2025", attendees="Nguyễn Văn Ủy")]),
            django_capture_on_commit_callbacks,
        )
        assert job.status == ImportJob.Status.FAILED
        assert (
            f"(#{member.pk})" in job.errors[0]["message"] or f"(#{namesake.pk})" in job.errors[0]["message"]
        )
        assert job.errors[0]["column"] == "J"

    def test_attendance_above_the_headcount_is_written_with_a_warning(
        self, world, django_capture_on_commit_callbacks
    ):
        Person.objects.create(unit=world.cell, full_name="Lê Văn Một", is_party_member=True)
        job = run_upload(
            world,
            workbook_bytes([line("X1-C1", participants=40, party_members=1)]),
            django_capture_on_commit_callbacks,
        )
        assert job.status == ImportJob.Status.DONE
        assert job.created_count == 1
        assert [warning["row"] for warning in job.warnings] == [2]
        assert "nhiều hơn" in job.warnings[0]["message"]

    def test_unused_prefilled_rows_are_skipped_and_a_file_of_them_only_writes_nothing(
        self, world, django_capture_on_commit_callbacks
    ):
        unused = ["X1-C1", "Chi bộ thôn Một", REGULAR, None, "Sinh hoạt chi bộ tháng 3/2025", "Trực tiếp"]
        job = run_upload(world, workbook_bytes([unused, line("X1-C1")]), django_capture_on_commit_callbacks)
        assert job.status == ImportJob.Status.DONE and job.created_count == 1
        assert any("dòng 2" in warning["message"] for warning in job.warnings)
        job = run_upload(world, workbook_bytes([unused]), django_capture_on_commit_callbacks)
        assert job.status == ImportJob.Status.FAILED
        assert "Tệp không có dòng nào để nhập" in job.errors[0]["message"]

    def test_a_file_imported_twice_is_written_again_with_a_warning(
        self, world, django_capture_on_commit_callbacks
    ):
        content = workbook_bytes([line("X1-C1"), line("X1-C1")])
        first = run_upload(world, content, django_capture_on_commit_callbacks)
        assert "dòng 2" in first.warnings[0]["message"]
        second = run_upload(world, content, django_capture_on_commit_callbacks)
        assert second.status == ImportJob.Status.DONE
        assert sum("nhập hai lần" in warning["message"] for warning in second.warnings) == 2

    def test_errors_beyond_two_hundred_are_counted(self, world, django_capture_on_commit_callbacks):
        job = run_upload(world, workbook_bytes([line("KHONG-CO")] * 250), django_capture_on_commit_callbacks)
        assert len(job.errors) == 201
        assert job.errors[-1]["row"] is None and "50" in job.errors[-1]["message"]


# -- the job: progress, writing, failure -----------------------------------------------------
class TestJob:
    def test_the_task_runs_after_the_upload_commits_and_not_before(
        self, world, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            upload(web_client(world.editor), world, workbook_bytes([line("X1-C1")]))
        job = ImportJob.objects.get()
        assert (job.status, job.total_rows, len(callbacks)) == (ImportJob.Status.WAITING, 1, 1)
        assert not Activity.objects.exists()
        callbacks[0]()
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE and Activity.objects.count() == 1

    def test_a_queue_that_refuses_the_task_leaves_a_refused_job(
        self, world, monkeypatch, django_capture_on_commit_callbacks
    ):
        class Unreachable:
            def enqueue(self, *args, **kwargs):
                raise ConnectionError("queue down")

        monkeypatch.setattr(imports, "process_import", Unreachable())
        job = run_upload(world, workbook_bytes([line("X1-C1")]), django_capture_on_commit_callbacks)
        assert job.status == ImportJob.Status.FAILED
        assert job.errors[0]["message"] == "Chưa thể đưa tệp vào hàng chờ xử lý: hãy thử lại sau."
        assert not Activity.objects.exists()

    def test_a_job_is_run_once(self, world, django_capture_on_commit_callbacks):
        job = run_upload(world, workbook_bytes([line("X1-C1")]), django_capture_on_commit_callbacks)
        assert imports.run_import(job.pk) == ImportJob.Status.DONE
        assert Activity.objects.count() == 1

    def test_progress_is_saved_while_checking(self, world, monkeypatch, django_capture_on_commit_callbacks):
        seen = []
        original = ImportJob.set_progress

        def recording(pk, percent, **fields):
            original(pk, percent, **fields)
            job = ImportJob.objects.get(pk=pk)
            seen.append((job.checked_rows, job.status))

        monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
        monkeypatch.setattr(ImportJob, "set_progress", recording)
        rows = [line("X1-C1", day=f"{day:02d}/03/2025") for day in range(1, 8)]
        job = run_upload(world, workbook_bytes(rows), django_capture_on_commit_callbacks)
        assert seen == [(2, "checking"), (4, "checking"), (6, "checking")]
        assert (job.status, job.checked_rows, job.percent) == (ImportJob.Status.DONE, 7, 100)

    def test_a_failure_while_writing_keeps_nothing(
        self, world, member, monkeypatch, django_capture_on_commit_callbacks
    ):
        def broken(*args, **kwargs):
            raise RuntimeError("disk full")

        monkeypatch.setattr(THROUGH.objects, "bulk_create", broken)
        before = (world_state(Activity), AuditEvent.objects.count())
        rows = [line("X1-C1", attendees=f"Nguyễn Văn Ủy (#{member.pk})")]
        job = run_upload(world, workbook_bytes(rows), django_capture_on_commit_callbacks)
        assert job.status == ImportJob.Status.FAILED
        assert "không lưu gì" in job.errors[0]["message"]
        assert (world_state(Activity), AuditEvent.objects.count()) == before

    def test_a_user_who_lost_the_right_to_change_gets_a_refused_job(
        self, world, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            upload(web_client(world.editor), world, workbook_bytes([line("X1-C1")]))
        world.editor.is_active = False
        world.editor.save()
        callbacks[0]()
        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.FAILED and "không còn được nhập" in job.errors[0]["message"]
        assert not Activity.objects.exists()

    def test_one_audit_event_names_the_import_and_its_activities(
        self, world, django_capture_on_commit_callbacks
    ):
        job = run_upload(
            world,
            workbook_bytes([line("X1-C1"), line("X1-C1", day="20/03/2025")]),
            django_capture_on_commit_callbacks,
        )
        (event,) = AuditEvent.objects.all()
        ids = sorted(Activity.objects.values_list("pk", flat=True))
        assert (event.action, event.object_type, event.object_id, event.actor) == (
            "create",
            "activities.importjob",
            str(job.pk),
            world.editor,
        )
        assert event.after["activities"] == 2 and event.after["activity_ids"] == [[ids[0], ids[1]]]
        assert (event.after["first_day"], event.after["last_day"]) == ("2025-03-18", "2025-03-20")
        assert event.via == "web"

    def test_the_job_keeps_the_first_and_last_day_it_wrote(self, world, django_capture_on_commit_callbacks):
        rows = [line("X1-C1", day="20/03/2025"), line("X1-C1", day="05/03/2025"), line("X1-C1")]
        job = run_upload(world, workbook_bytes(rows), django_capture_on_commit_callbacks)
        assert (job.first_day, job.last_day) == (dt.date(2025, 3, 5), dt.date(2025, 3, 20))
        refused = run_upload(
            world, workbook_bytes([line("X1-C1", participants=-1)]), django_capture_on_commit_callbacks
        )
        assert (refused.first_day, refused.last_day) == (None, None)

    def test_jobs_done_before_get_their_days_from_the_audit_trail(
        self, world, django_capture_on_commit_callbacks
    ):
        migration = importlib.import_module(
            "lamtheobac.activities.migrations.0005_importjob_first_and_last_day"
        )
        job = run_upload(world, workbook_bytes([line("X1-C1")]), django_capture_on_commit_callbacks)
        ImportJob.objects.filter(pk=job.pk).update(first_day=None, last_day=None)
        migration.copy_days_from_the_audit(django_apps, None)
        job.refresh_from_db()
        assert (job.first_day, job.last_day) == (dt.date(2025, 3, 18), dt.date(2025, 3, 18))

    def test_id_ranges_are_compact(self):
        assert imports.id_ranges([7, 1, 2, 3, 8, 10]) == [[1, 3], [7, 8], [10, 10]]


# -- the job page and the API ----------------------------------------------------------------
class TestJobPage:
    def test_the_page_polls_while_the_job_runs_and_stops_when_done(
        self, world, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = upload(web_client(world.editor), world, workbook_bytes([line("X1-C1")]))
        client = web_client(world.editor)
        page = client.get(response["Location"])
        assert page.status_code == 200
        html = page.content.decode()
        assert 'hx-trigger="every 1s"' in html and "<progress" in html
        fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
        assert fragment.startswith('<section id="import-progress"') and "every 1s" in fragment
        callbacks[0]()
        fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
        assert "every 1s" not in fragment
        assert "Số hoạt động đã ghi: 1." in fragment
        assert "start=2025-03-18" in fragment and "end=2025-03-18" in fragment

    def test_a_job_whose_worker_never_came_stops_polling_and_says_so(
        self, world, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False):
            response = upload(web_client(world.editor), world, workbook_bytes([line("X1-C1")]))
        job = ImportJob.objects.get()
        ImportJob.objects.filter(pk=job.pk).update(created_at=job.created_at - dt.timedelta(minutes=31))
        fragment = web_client(world.editor).get(response["Location"], headers={"HX-Request": "true"})
        html = fragment.content.decode()
        assert "every 1s" not in html and "Việc nhập tệp đã dừng" in html
        assert not Activity.objects.exists()

    def test_a_refused_file_shows_its_errors_by_row_and_column(
        self, world, django_capture_on_commit_callbacks
    ):
        job = run_upload(
            world,
            workbook_bytes([line("X1-C1"), line("X1-C1", participants=-1)]),
            django_capture_on_commit_callbacks,
        )
        html = web_client(world.editor).get(f"/activities/import/{job.pk}/").content.decode()
        assert "Không ghi dữ liệu nào" in html
        assert '<td class="num" data-label="Dòng">3</td>' in html
        assert "G (Số người tham gia)" in html and "Số người không được âm" in html

    def test_the_import_page_lists_the_jobs_of_our_units(self, world, django_capture_on_commit_callbacks):
        job = run_upload(world, workbook_bytes([line("X1-C1")]), django_capture_on_commit_callbacks)
        assert f"/activities/import/{job.pk}/" in web_client(world.editor).get(IMPORT_URL).content.decode()
        assert (
            f"/activities/import/{job.pk}/" not in web_client(world.outsider).get(IMPORT_URL).content.decode()
        )

    def test_the_api_queues_a_file_and_reports_its_progress(
        self, world, member, django_capture_on_commit_callbacks
    ):
        api = ApiClient(world.editor)
        rows = [line("X1-C1", attendees=f"Nguyễn Văn Ủy (#{member.pk})"), line("X1-C1", participants=-1)]
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = api.client.post(
                API_URL,
                {"unit": world.commune.pk, "file": xlsx_upload(workbook_bytes(rows))},
                headers=api.headers,
            )
        assert response.status_code == 202, response.content
        body = response.json()
        assert (body["status"], body["percent"], body["total_rows"], body["finished"]) == (
            "waiting",
            0,
            2,
            False,
        )
        callbacks[0]()
        body = api.get(f"{API_URL}/{body['id']}").json()
        assert (body["status"], body["finished"], body["created_count"]) == ("failed", True, 0)
        assert body["errors"] == [
            {"row": 3, "column": "G", "header": "Số người tham gia", "message": "Số người không được âm."}
        ]
        assert api.get(API_URL).json()["count"] == 1
        assert AuditEvent.objects.count() == 0


# -- 10.000 rows ---------------------------------------------------------------------------------
KINDS_CYCLE = (REGULAR, THEMATIC, CONFERENCE, FLAG, SATURDAY)


def big_file(cells, members, *, bad_row: int | None = None):
    """10.000 rows over the cells and the days of 2025, with what each column should add up to."""
    rows, expected = [], {"participants": 0, "party_members": 0, "attendees": 0, "cell_meetings": 0}
    first = dt.date(2025, 1, 1)
    for index in range(10_000):
        cell = cells[index % len(cells)]
        kind = KINDS_CYCLE[index % len(KINDS_CYCLE)]
        participants = 8 + index % 37
        party_members = participants - index % 5
        attendees = ""
        if kind in (REGULAR, THEMATIC) and index % 3 == 0:
            attendees = "; ".join(f"{person.full_name} (#{person.pk})" for person in members[: 1 + index % 2])
            expected["attendees"] += 1 + index % 2
        if kind in (REGULAR, THEMATIC):
            expected["cell_meetings"] += 1
        day = first + dt.timedelta(days=index % 300)
        rows.append(
            line(
                cell.code,
                name=cell.name,
                kind=kind,
                day=day if index % 2 else f"{day:%d/%m/%Y}",
                title=f"Hoạt động số {index}",
                participants=participants,
                party_members=party_members,
                attendees=attendees,
            )
        )
        expected["participants"] += participants
        expected["party_members"] += party_members
    if bad_row is not None:
        rows[bad_row - 2][7] = rows[bad_row - 2][6] + 1  # party members above participants
    return rows, expected


@pytest.fixture
def big_commune(world):
    cells = [world.cell] + [
        add_cell(world.commune, f"X1-C{number}", f"Chi bộ số {number}") for number in range(2, 21)
    ]
    members = [
        committee_member(world.commune, "Nguyễn Văn Ủy"),
        committee_member(world.commune, "Phạm Thị Viên"),
    ]
    return cells, members


def timed_upload(world, content, capture):
    # Declared as Excel declares it, so that the upload reads the size, not every row.
    content = with_dimension(content, "A1:K10001")
    started = time.perf_counter()
    job = run_upload(world, content, capture)
    elapsed = time.perf_counter() - started
    engine = os.environ.get("DATABASE_URL", "sqlite").split(":", 1)[0]
    print(f"\n[import timing] {engine}: 10.000 rows, {job.status}, {elapsed:.1f} s")
    return job


class TestTenThousandRows:
    def test_a_file_of_ten_thousand_rows_is_written_completely(
        self, world, big_commune, django_capture_on_commit_callbacks
    ):
        cells, members = big_commune
        rows, expected = big_file(cells, members)
        job = timed_upload(world, workbook_bytes(rows), django_capture_on_commit_callbacks)
        assert job.status == ImportJob.Status.DONE, job.errors[:3]
        assert job.created_count == 10_000 == Activity.objects.in_subtree(world.commune).count()
        totals = Activity.objects.aggregate(
            participants=Sum("participants"), party_members=Sum("party_members")
        )
        assert totals == {
            "participants": expected["participants"],
            "party_members": expected["party_members"],
        }
        assert THROUGH.objects.count() == expected["attendees"]
        assert Activity.objects.filter(search_title="hoat dong so 9999").count() == 1
        result = figures.activity_figures(world.commune, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        assert result.cell_meetings == expected["cell_meetings"]
        assert result.flag_ceremonies == 2_000 and result.in_person_conferences == 2_000
        assert AuditEvent.objects.filter(object_type="activities.importjob").count() == 1

    def test_one_bad_row_in_the_middle_of_ten_thousand_writes_nothing(
        self, world, big_commune, django_capture_on_commit_callbacks
    ):
        cells, members = big_commune
        rows, _expected = big_file(cells, members, bad_row=5_000)
        # The job itself is written (it failed): the activities and attendances are not.
        before = (world_state(Activity), THROUGH.objects.count(), AuditEvent.objects.count())
        job = timed_upload(world, workbook_bytes(rows), django_capture_on_commit_callbacks)
        assert job.status == ImportJob.Status.FAILED
        assert [(error["row"], error["column"], error["header"]) for error in job.errors] == [
            (5_000, "H", "Trong đó đảng viên")
        ]
        assert "Số đảng viên không được nhiều hơn số người tham gia" in job.errors[0]["message"]
        assert (world_state(Activity), THROUGH.objects.count(), AuditEvent.objects.count()) == before
        assert Category.CELL_MEETING  # the kinds of the default list are what the file names
