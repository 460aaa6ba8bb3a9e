"""Printed reports read back: the .docx in the party's layout, the same as a
PDF with its Vietnamese letters intact, the figure tables as an .xlsx, the
document's page and download, and the refusals (lamtheobac/reports/services/documents.py, printing.py,
spreadsheets.py, document_views.py)."""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import quote

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from lamtheobac.core import sections as registry
from lamtheobac.core.errors import Forbidden, ValidationFailed
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import build_world, count_queries, grow_communes, web_client, world_state
from lamtheobac.reports import printing, services
from lamtheobac.reports.models import DocumentStatus, Report, ReportDocument
from lamtheobac.reports.services import documents
from lamtheobac.reports.tests.helpers import conference

pytestmark = pytest.mark.django_db

DATE_LINE = "Sơn Hà, ngày 18 tháng 01 năm 2024"
TITLE = "Kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2023"
HEADING = {
    "number": "12-BC/ĐU",
    "place": "Sơn Hà",
    "issued_on": dt.date(2024, 1, 18),
    "superior_body": "ĐẢNG BỘ TỈNH SƠN HÀ",
    "issuing_body": "ĐẢNG ỦY XÃ ĐÔNG SƠN",
    "signer_title": "Bí thư",
    "signer_name": "Nguyễn Văn Đức",
    "recipients": "Ban Tuyên giáo Tỉnh ủy\n- Lưu Văn phòng Đảng ủy",
    "title": f"Báo cáo {TITLE[:1].lower()}{TITLE[1:]}",  # printed under "BÁO CÁO" without the repetition
    "results": "Các chi bộ tổ chức học tập chuyên đề đầy đủ, nghiêm túc.",
    "shortcomings": "Một số chi bộ chưa cụ thể hóa nội dung làm theo.",
    "proposals": "Đề nghị Ban Tuyên giáo Tỉnh ủy tiếp tục mở lớp bồi dưỡng.",
}


@pytest.fixture
def report(world) -> Report:
    """The commune's 2023 report: 1.103 attendances at two conferences, one of them in its cell."""
    conference(world.cell, dt.date(2023, 5, 4), 1000, actor=world.superuser)
    conference(world.commune, dt.date(2023, 9, 12), 103, actor=world.superuser)
    conference(world.sibling, dt.date(2023, 9, 12), 77, actor=world.superuser)
    period = services.period_for("2023")
    return services.start_report(actor=world.editor, unit=world.commune, period=period, **HEADING)


def ask(user, report, format, capture) -> tuple:
    """POST the request as `user`, run the queued task; (response, document or None)."""
    before = set(ReportDocument.objects.values_list("pk", flat=True))
    with capture(execute=True):
        response = web_client(user).post(f"/reports/{report.pk}/documents/", {"format": format})
    created = ReportDocument.objects.exclude(pk__in=before).first()
    return response, created


def read(document: ReportDocument) -> bytes:
    document.refresh_from_db()
    with document.file.open("rb") as handle:
        return handle.read()


def docx_text(data: bytes) -> str:
    """Every paragraph of the body, the tables (header and signature included) and the footer."""
    word = Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


class TestTheWordDocument:
    def test_it_is_written_in_the_party_layout_with_the_figures_and_the_narrative(
        self, world, report, django_capture_on_commit_callbacks
    ):
        response, document = ask(world.editor, report, "docx", django_capture_on_commit_callbacks)
        assert response.status_code == 302
        assert response["Location"] == f"/reports/documents/{document.pk}/"
        document.refresh_from_db()
        assert document.status == DocumentStatus.DONE
        assert document.progress == 100
        assert document.finished_at is not None
        assert document.file.name.endswith("bao-cao-x1-2023.docx")
        data = read(document)
        assert document.size == len(data)
        text = docx_text(data)
        for expected in (
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "ĐẢNG BỘ TỈNH SƠN HÀ",
            "ĐẢNG ỦY XÃ ĐÔNG SƠN",
            "Số 12-BC/ĐU",
            DATE_LINE,
            "BÁO CÁO",
            "I. KẾT QUẢ",
            HEADING["results"],
            "II. HẠN CHẾ VÀ NGUYÊN NHÂN",
            HEADING["shortcomings"],
            "III. ĐỀ XUẤT, KIẾN NGHỊ",  # no directions written: no empty heading, no gap in the numbers
            HEADING["proposals"],
            "Nơi nhận:",
            "- Ban Tuyên giáo Tỉnh ủy,",
            "- Lưu Văn phòng Đảng ủy.",
            "T/M ĐẢNG ỦY",
            "BÍ THƯ",
            "Nguyễn Văn Đức",
            "PHỤ LỤC",
            "(Kèm theo Báo cáo số 12-BC/ĐU, ngày 18/1/2024 của Đảng ủy xã Đông Sơn)",
            "Biểu 3. Hội nghị học tập và các hoạt động theo đơn vị",
            "Chi bộ thôn Một",
            "Xã Đông Sơn (tự tổ chức)",
        ):
            assert expected in text, expected
        assert TITLE in squeeze(text)  # on two lines
        assert "PHƯƠNG HƯỚNG" not in text
        assert "(trực tiếp)" not in text  # read as "in person" beside conference figures
        assert "Báo cáo kết quả" not in text  # "BÁO CÁO" is not said twice
        assert "1.103" in text  # the attendances of the whole commune, as officials write them
        assert "1.000" in text  # the cell's, in the table by unit
        assert "1.180" not in text  # the sibling commune is not ours

    def test_its_page_is_a4_with_the_party_margins_in_times_new_roman(
        self, world, report, django_capture_on_commit_callbacks
    ):
        _response, document = ask(world.editor, report, "docx", django_capture_on_commit_callbacks)
        word = Document(io.BytesIO(read(document)))
        page = word.sections[0]
        assert round(page.page_width.mm) == 210
        assert round(page.page_height.mm) == 297
        margins = (page.top_margin, page.right_margin, page.bottom_margin, page.left_margin)
        assert [round(margin.mm) for margin in margins] == [20, 15, 20, 30]
        assert word.styles["Normal"].font.name == "Times New Roman"
        assert 13 <= word.styles["Normal"].font.size.pt <= 14
        header = word.tables[0]
        party = header.rows[0].cells[1].paragraphs[0]
        assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
        assert party.runs[0].bold
        assert (
            party._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr")
            is not None
        )  # the rule under it
        date = header.rows[0].cells[1].paragraphs[-1]
        assert date.text == DATE_LINE
        assert date.runs[0].italic
        assert header.style is None or header.style.name != "Table Grid"  # borderless

    def test_an_empty_number_leaves_room_for_it(self, world, report, django_capture_on_commit_callbacks):
        services.update_report(report, actor=world.editor, number="", place="")
        _response, document = ask(world.editor, report, "docx", django_capture_on_commit_callbacks)
        text = docx_text(read(document))
        assert re.search(r"Số +-BC/ĐU", text)
        assert "ngày " in text

    def test_an_approved_report_prints_its_frozen_figures(
        self, world, report, django_capture_on_commit_callbacks
    ):
        services.submit_report(report, actor=world.editor)
        services.approve_report(report, actor=world.province_approver)
        frozen = Report.objects.get(pk=report.pk).figures
        frozen["activities"]["in_person_attendances"] = 2024
        Report.objects.filter(pk=report.pk).update(figures=frozen)
        _response, document = ask(world.viewer, report, "docx", django_capture_on_commit_callbacks)
        assert "2.024" in docx_text(read(document))


class TestThePdf:
    def test_it_says_the_same_with_its_vietnamese_letters_and_page_numbers(
        self, world, report, django_capture_on_commit_callbacks
    ):
        response, document = ask(world.editor, report, "pdf", django_capture_on_commit_callbacks)
        assert response.status_code == 302
        document.refresh_from_db()
        assert document.status == DocumentStatus.DONE
        data = read(document)
        assert data.startswith(b"%PDF")
        text = squeeze(pdf_text(data))
        for expected in (
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "ĐẢNG BỘ TỈNH SƠN HÀ",
            "ĐẢNG ỦY XÃ ĐÔNG SƠN",
            "Số 12-BC/ĐU",
            DATE_LINE,
            "BÁO CÁO",
            "I. KẾT QUẢ",
            "II. HẠN CHẾ VÀ NGUYÊN NHÂN",
            "III. ĐỀ XUẤT, KIẾN NGHỊ",
            "Nơi nhận:",
            "PHỤ LỤC",
            "T/M ĐẢNG ỦY",
            "Nguyễn Văn Đức",
            "1.103",
            "Chi bộ thôn Một",
        ):
            assert expected in text, expected
        assert "phong cách Hồ Chí Minh" in text
        reader = PdfReader(io.BytesIO(data))
        # The page number at the top from the second page (the annex starts one).
        assert not reader.pages[0].extract_text().strip().startswith("1")
        assert reader.pages[1].extract_text().strip().startswith("2")
        width, height = (float(value) for value in reader.pages[0].mediabox.upper_right)
        assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)

    def test_letters_typed_with_combining_marks_are_printed_whole(self, world, report):
        decomposed = "Đề nghị tỉnh hỗ trợ".replace("ề", "e\u0302\u0300").replace("ỗ", "o\u0302\u0303")
        services.update_report(report, actor=world.editor, proposals=decomposed)
        text = squeeze(pdf_text(printing.write_pdf(printing.content(Report.objects.get(pk=report.pk)))))
        assert "Đề nghị tỉnh hỗ trợ" in text

    def test_control_characters_pasted_into_the_form_do_not_stop_the_document(
        self, world, report, django_capture_on_commit_callbacks
    ):
        # Pasted from another program: a vertical tab and a form feed, which no .docx holds.
        pasted = "Kết quả\x0b nổi bật\x0c của chi bộ"
        page = web_client(world.editor).post(
            f"/reports/{report.pk}/edit/",
            {"title": report.title, "results": pasted, "issued_on": "2024-01-18"},
        )
        assert page.status_code == 302
        for format, read_text in (("docx", docx_text), ("pdf", pdf_text)):
            _response, document = ask(world.editor, report, format, django_capture_on_commit_callbacks)
            document.refresh_from_db()
            assert document.status == DocumentStatus.DONE, document.error
            assert "Kết quả nổi bật của chi bộ" in squeeze(read_text(read(document)))


class TestTheWorkbook:
    def test_it_holds_a_sheet_per_section_and_one_by_unit_with_numbers(
        self, world, report, django_capture_on_commit_callbacks
    ):
        _response, document = ask(world.editor, report, "xlsx", django_capture_on_commit_callbacks)
        document.refresh_from_db()
        assert document.status == DocumentStatus.DONE
        workbook = load_workbook(io.BytesIO(read(document)))
        assert "Theo đơn vị" in workbook.sheetnames
        assert len(workbook.sheetnames) >= 3
        first = workbook[workbook.sheetnames[0]]
        assert "Hội nghị học tập và các hoạt động".startswith(first.title)  # at most 31 letters
        assert first["B2"].value == "Xã Đông Sơn"
        assert first["B3"].value.startswith("Năm 2023 (01/01/2023 – 31/12/2023)")
        figures = {row[1].value: row[2] for row in first.iter_rows(min_row=8)}
        attendances = figures["Lượt người tham gia hội nghị trực tiếp"]
        assert attendances.value == 1103
        assert attendances.number_format == "#,##0"
        assert figures["Hội nghị trực tiếp"].value == 2
        by_unit = workbook["Theo đơn vị"]
        rows = {row[1].value: row for row in by_unit.iter_rows() if row[1].value}
        assert "Chi bộ thôn Một" in rows
        assert "Xã Đông Sơn (tự tổ chức)" in rows
        assert "Tổng cộng" in rows
        values = [cell.value for cell in rows["Chi bộ thôn Một"][2:]]
        assert 1000 in values
        assert 1103 in [cell.value for cell in rows["Tổng cộng"][2:]]
        assert all(isinstance(value, int) for value in values)

    def test_every_sheet_prints_across_the_page_with_its_header_rows_on_each_page(self, world, report):
        response = web_client(world.viewer).get(
            "/reports/rollup/export/", {"unit": world.commune.pk, "period": "2023"}
        )
        workbook = load_workbook(io.BytesIO(response.content))
        for sheet in workbook.worksheets:
            setup = sheet.page_setup
            assert (int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == (9, 1, 0)  # A4
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
            assert sheet.print_title_rows, sheet.title
            assert sheet.oddHeader.center.text.startswith("Xã Đông Sơn — năm 2023")
            # A name cut to Excel's 31 letters ends on a whole word.
            titles = [str(section.title) for section in registry.all_sections()] + ["Theo đơn vị"]
            full = next(title for title in titles if title.startswith(sheet.title))
            assert full == sheet.title or full[len(sheet.title)] == " "
        by_unit = workbook["Theo đơn vị"]
        assert by_unit.page_setup.orientation == "landscape"
        assert by_unit.print_title_rows == "$6:$7"  # the two header rows, under the unit and period
        assert workbook.worksheets[0].page_setup.orientation == "portrait"

    def test_the_roll_up_export_streams_any_unit_and_period_the_user_sees(self, world, report):
        response = web_client(world.viewer).get(
            "/reports/rollup/export/", {"unit": world.commune.pk, "period": "2023", "basis": "preliminary"}
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        name = quote("Số liệu Xã Đông Sơn năm 2023 (sơ bộ).xlsx")
        assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{name}"
        workbook = load_workbook(io.BytesIO(response.content))
        by_unit = workbook["Theo đơn vị"]
        assert any(row[1].value == "Chi bộ thôn Một" for row in by_unit.iter_rows())

    def test_approved_figures_count_only_approved_reports(self, world, report):
        response = web_client(world.province_approver).get(
            "/reports/rollup/export/", {"unit": world.commune.pk, "period": "2023", "basis": "approved"}
        )
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(response.content))
        numbers = [
            cell.value
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(min_row=6)
            for cell in row
            if isinstance(cell.value, int) and cell.column > 2
        ]
        assert 1103 not in numbers  # nothing approved yet

    @pytest.mark.parametrize(
        ("query", "messages"),
        [
            ({"unit": "", "period": "2023"}, ("Hãy chọn đơn vị.",)),
            ({"unit": "x", "period": "2023"}, ("Hãy chọn đơn vị.",)),
            ({"period": "2023-Q9"}, ("Hãy viết kỳ", "Viết kỳ", "Ghi kỳ")),
            ({"period": "2023", "basis": "guess"}, ("Hãy chọn số liệu sơ bộ hoặc số liệu đã duyệt.",)),
        ],
    )
    def test_the_export_refuses_bad_input_in_vietnamese(self, world, query, messages):
        query = {"unit": world.commune.pk, **query}
        response = web_client(world.editor).get("/reports/rollup/export/", query)
        assert response.status_code == 400
        assert "text/html" in response["Content-Type"]
        message = re.search(r'<p class="message error">([^<]+)</p>', response.content.decode())[1]
        assert message.startswith(messages)

    def test_an_outsider_cannot_export_our_commune(self, world, report):
        for user in (world.outsider, world.nobody):
            response = web_client(user).get(
                "/reports/rollup/export/", {"unit": world.commune.pk, "period": "2023"}
            )
            assert response.status_code == 404


def grow(world, communes: int, first: int = 0) -> None:
    for number, _commune, (cell,) in grow_communes(world, communes, start=first):
        conference(cell, dt.date(2023, 6, 1), 10 + number, actor=world.superuser)


def export_queries(world) -> int:
    client = web_client(world.province_approver)
    query = {"unit": world.province.pk, "period": "2023"}
    client.get("/reports/rollup/export/", query)  # creates the period
    return count_queries(client, "/reports/rollup/export/", query)


def test_the_export_asks_the_same_number_of_queries_for_3_or_21_communes(db):
    small = build_world()
    grow(small, 1)
    few = export_queries(small)
    grow(small, 18, first=1)
    assert export_queries(small) == few


class TestTheDocumentPage:
    def test_it_polls_until_done_then_offers_the_download(self, world, report):
        # Without running the queued task the document waits.
        response = web_client(world.editor).post(f"/reports/{report.pk}/documents/", {"format": "pdf"})
        document = ReportDocument.objects.get()
        assert response.status_code == 302
        page = web_client(world.editor).get(f"/reports/documents/{document.pk}/")
        assert page.status_code == 200
        body = page.content.decode()
        assert 'hx-trigger="every 1s"' in body
        assert "<progress" in body
        assert "Văn bản đang chờ đến lượt." in body
        partial = web_client(world.editor).get(
            f"/reports/documents/{document.pk}/", headers={"HX-Request": "true"}
        )
        assert partial.content.decode().startswith('<section id="document-progress"')
        assert documents.run(document.pk, language="vi") == DocumentStatus.DONE
        done = web_client(world.editor).get(f"/reports/documents/{document.pk}/").content.decode()
        assert "every 1s" not in done
        assert f"/reports/documents/{document.pk}/download/" in done
        assert "Văn bản đã sẵn sàng" in done

    def test_the_download_has_the_type_and_a_vietnamese_name(
        self, world, report, django_capture_on_commit_callbacks
    ):
        _response, document = ask(world.editor, report, "docx", django_capture_on_commit_callbacks)
        response = web_client(world.viewer).get(f"/reports/documents/{document.pk}/download/")
        assert response.status_code == 200
        assert response["Content-Type"] == documents.CONTENT_TYPES["docx"]
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment")
        assert "filename*=utf-8''B%C3%A1o%20c%C3%A1o%20X%C3%A3%20%C4%90%C3%B4ng%20S%C6%A1n" in disposition
        assert b"".join(response.streaming_content) == read(document)

    def test_a_document_not_yet_written_cannot_be_downloaded(self, world, report):
        web_client(world.editor).post(f"/reports/{report.pk}/documents/", {"format": "docx"})
        document = ReportDocument.objects.get()
        response = web_client(world.editor).get(f"/reports/documents/{document.pk}/download/")
        assert response.status_code == 409
        assert "Văn bản chưa sẵn sàng" in response.content.decode()

    def test_running_the_task_twice_writes_once(self, world, report, django_capture_on_commit_callbacks):
        _response, document = ask(world.editor, report, "docx", django_capture_on_commit_callbacks)
        name = ReportDocument.objects.get(pk=document.pk).file.name
        assert documents.run(document.pk) == DocumentStatus.DONE
        assert ReportDocument.objects.get(pk=document.pk).file.name == name


class TestFailures:
    def test_a_failing_write_marks_the_document_failed_without_a_file(
        self, world, report, django_capture_on_commit_callbacks, monkeypatch
    ):
        def broken(found):
            raise RuntimeError("disk full")

        monkeypatch.setattr(printing, "write_docx", broken)
        _response, document = ask(world.editor, report, "docx", django_capture_on_commit_callbacks)
        document.refresh_from_db()
        assert document.status == DocumentStatus.FAILED
        assert document.progress < 100
        assert not document.file
        assert document.size == 0
        assert "Không tạo được văn bản" in document.error
        page = web_client(world.editor).get(f"/reports/documents/{document.pk}/").content.decode()
        assert "Không tạo được văn bản" in page
        assert "every 1s" not in page
        assert web_client(world.editor).get(f"/reports/documents/{document.pk}/download/").status_code == 409

    def test_a_failure_after_storing_leaves_no_file_behind(
        self, world, report, django_capture_on_commit_callbacks, monkeypatch
    ):
        storage = ReportDocument._meta.get_field("file").storage

        written = []

        def lost(document_id, *, file, **fields):
            assert storage.exists(file)
            written.append(file)
            raise OSError("the database went away")

        monkeypatch.setattr(ReportDocument, "finish", lost)
        _response, document = ask(world.editor, report, "pdf", django_capture_on_commit_callbacks)
        document.refresh_from_db()
        assert document.status == DocumentStatus.FAILED
        assert not document.file
        assert written and not storage.exists(written[0])

    def test_a_requester_who_lost_the_unit_gets_a_failed_document(self, world, report):
        web_client(world.viewer).post(f"/reports/{report.pk}/documents/", {"format": "docx"})
        document = ReportDocument.objects.get()
        world.viewer.is_active = False
        world.viewer.save()
        assert documents.run(document.pk, language="vi") == DocumentStatus.FAILED
        document.refresh_from_db()
        assert document.error == "Bạn không còn quyền xem báo cáo này."


class TestRefusals:
    def test_a_bad_format_is_refused_with_400_and_nothing_is_written(self, world, report):
        before = world_state(ReportDocument)
        response = web_client(world.editor).post(f"/reports/{report.pk}/documents/", {"format": "odt"})
        assert response.status_code == 400
        assert "Hãy chọn định dạng của văn bản: docx, pdf, xlsx." in response.content.decode()
        assert world_state(ReportDocument) == before
        with pytest.raises(ValidationFailed) as refused:
            documents.request_document(report, actor=world.editor, format="")
        assert refused.value.field == "format"

    def test_an_outsider_can_neither_ask_for_nor_see_nor_download_our_document(
        self, world, report, django_capture_on_commit_callbacks
    ):
        _response, document = ask(world.editor, report, "docx", django_capture_on_commit_callbacks)
        before = world_state(ReportDocument)
        for user in (world.outsider, world.outsider_admin, world.nobody):
            client = web_client(user)
            assert client.post(f"/reports/{report.pk}/documents/", {"format": "docx"}).status_code == 404
            assert client.get(f"/reports/documents/{document.pk}/").status_code == 404
            assert client.get(f"/reports/documents/{document.pk}/download/").status_code == 404
        assert world_state(ReportDocument) == before
        with pytest.raises(Forbidden):
            documents.request_document(report, actor=world.outsider, format="docx")
        assert world_state(ReportDocument) == before

    def test_the_province_sees_the_communes_documents(
        self, world, report, django_capture_on_commit_callbacks
    ):
        _response, document = ask(world.editor, report, "pdf", django_capture_on_commit_callbacks)
        client = web_client(world.province_approver)
        assert client.get(f"/reports/documents/{document.pk}/").status_code == 200
        assert client.get(f"/reports/documents/{document.pk}/download/").status_code == 200

    def test_asking_is_audited_and_a_get_is_refused(self, world, report):
        web_client(world.viewer).post(f"/reports/{report.pk}/documents/", {"format": "xlsx"})
        document = ReportDocument.objects.get()
        event = AuditEvent.objects.get(object_type="reports.reportdocument", object_id=str(document.pk))
        assert event.action == "create"
        assert event.actor == world.viewer
        assert event.after == {"report": report.pk, "format": "xlsx"}
        assert web_client(world.viewer).get(f"/reports/{report.pk}/documents/").status_code == 405

    def test_anonymous_is_sent_to_login(self, world, report):
        from django.test import Client

        response = Client().post(f"/reports/{report.pk}/documents/", {"format": "docx"})
        assert response.status_code == 302
        assert "login" in response["Location"]
        assert not ReportDocument.objects.exists()


def test_a_section_too_wide_for_one_table_goes_on_under_its_title_marked_continued(world):
    from lamtheobac.core import sections

    section = next(found for found in sections.all_sections() if len(found.figures) > printing.CHILD_COLUMNS)
    title = str(section.title)
    values = {section.key: {figure.key: 1 for figure in section.figures}}
    tables = [table for table in printing.child_tables(world.commune, [], values) if title in table.title]
    assert len(tables) == -(-len(section.figures) // printing.CHILD_COLUMNS)
    assert tables[0].title == title
    assert all(table.title == f"{title} (tiếp theo)" for table in tables[1:])
    assert [header for table in tables for header in table.headers] == [
        figure.label for figure in section.figures
    ]


def body_blocks(word) -> list[tuple[str, str]]:
    """The body in order: ("p" | "table" | "section", its text)."""
    from docx.oxml.ns import qn

    blocks = []
    for element in word.element.body.iterchildren():
        if element.tag == qn("w:tbl"):
            blocks.append(("table", "".join(node.text or "" for node in element.iter(qn("w:t")))))
        elif element.tag == qn("w:p"):
            blocks.append(("p", "".join(node.text or "" for node in element.iter(qn("w:t")))))
            if element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
                blocks.append(("section", ""))
    return blocks


class TestTheLayout:
    def test_the_narrative_comes_first_then_the_signature_then_the_annex_on_a_page_of_its_own(
        self, world, report
    ):
        word = Document(io.BytesIO(printing.write_docx(printing.content(report))))
        blocks = body_blocks(word)
        texts = [text for _kind, text in blocks]

        def first(fragment: str) -> int:
            return next(index for index, text in enumerate(texts) if fragment in text)

        signature = first("T/M ĐẢNG ỦY")
        assert blocks[signature][0] == "table" and "Nơi nhận:" in texts[signature]
        assert first("I. KẾT QUẢ") < first("III. ĐỀ XUẤT, KIẾN NGHỊ") < signature
        assert signature < blocks.index(("section", "")) < first("PHỤ LỤC") < first("Biểu 1.")
        assert first(HEADING["results"]) < signature < first("Chi bộ thôn Một")
        assert len(word.sections) == 2  # the annex starts a new page

    def test_the_summary_opens_the_results_and_directions_come_third(self, world, report):
        services.update_report(
            report,
            actor=world.editor,
            summary="Năm 2023 toàn Đảng bộ xã tổ chức 2 hội nghị.",
            directions="Tiếp tục đưa việc học tập và làm theo Bác vào sinh hoạt chi bộ.",
        )
        found = printing.content(Report.objects.get(pk=report.pk))
        assert [heading for heading, _text in printing.numbered(found)] == [
            "I. KẾT QUẢ",
            "II. HẠN CHẾ VÀ NGUYÊN NHÂN",
            "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
            "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        ]
        results = found.narrative[0][1].split("\n")
        assert results == ["Năm 2023 toàn Đảng bộ xã tổ chức 2 hội nghị.", HEADING["results"]]

    def test_an_empty_narrative_prints_no_heading_at_all(self, world, report):
        services.update_report(
            report, actor=world.editor, summary="", results="", shortcomings="", proposals=""
        )
        found = printing.content(Report.objects.get(pk=report.pk))
        assert found.narrative == []
        text = docx_text(printing.write_docx(found))
        assert "KẾT QUẢ" not in text and "I. " not in text

    def test_table_headers_repeat_rows_never_split_and_titles_stay_with_their_table(self, world, report):
        from docx.oxml.ns import qn

        word = Document(io.BytesIO(printing.write_docx(printing.content(report))))
        grids = [
            table for table in word.tables if table.style is not None and table.style.name == "Table Grid"
        ]
        assert len(grids) >= 3
        for table in grids:
            rows = table._tbl.findall(qn("w:tr"))
            assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
            assert all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows)
            assert all(row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for row in rows[1:])
        for paragraph in word.paragraphs:
            if paragraph.text.startswith(("Biểu ", "I. ", "II. ", "III. ")):
                assert paragraph.paragraph_format.keep_with_next, paragraph.text

    def test_the_page_number_is_at_the_top_from_the_second_page(self, world, report):
        word = Document(io.BytesIO(printing.write_docx(printing.content(report))))
        first, annex = word.sections
        assert first.different_first_page_header_footer  # page 1 has none
        assert not annex.different_first_page_header_footer  # the annex's first page has one
        assert 'instr="PAGE"' in first.header._element.xml
        assert round(first.header_distance.mm) == 10
        assert annex.header.is_linked_to_previous

    def test_a_section_with_more_figures_than_an_upright_page_holds_puts_the_annex_on_a_landscape_page(
        self, world, report, monkeypatch
    ):
        from docx.enum.section import WD_ORIENT

        upright = Document(io.BytesIO(printing.write_docx(printing.content(report)))).sections[1]
        assert upright.orientation == WD_ORIENT.PORTRAIT
        # The conferences' 2 figures are now too many for an upright page.
        monkeypatch.setattr(printing.document, "CHILD_COLUMNS", 1)
        found = printing.content(report)
        assert found.landscape
        annex = Document(io.BytesIO(printing.write_docx(found))).sections[1]
        assert annex.orientation == WD_ORIENT.LANDSCAPE
        assert (round(annex.page_width.mm), round(annex.page_height.mm)) == (297, 210)
        reader = PdfReader(io.BytesIO(printing.write_pdf(found)))
        width, height = (float(value) for value in reader.pages[-1].mediabox.upper_right)
        assert width > height

    def test_the_pdf_is_set_in_the_bundled_times_metric_font(self, world, report):
        reader = PdfReader(io.BytesIO(printing.write_pdf(printing.content(report))))
        fonts = {
            str(font.get_object()["/BaseFont"]).split("+")[-1]
            for page in reader.pages
            for font in page["/Resources"]["/Font"].values()
        }
        assert fonts and all(name.startswith("LiberationSerif") for name in fonts), fonts

    def test_the_number_takes_the_symbol_of_the_units_level_whatever_its_name(self, world):
        from lamtheobac.units.models import Unit

        Unit.objects.filter(pk=world.province.pk).update(name="Đảng bộ tỉnh Thử")
        province = Unit.objects.get(pk=world.province.pk)
        report = services.start_report(
            actor=world.superuser, unit=province, period=services.period_for("2023")
        )
        found = printing.content(report)
        assert (found.issuing_body, found.on_behalf) == ("TỈNH ỦY THỬ", "T/M TỈNH ỦY")
        assert re.fullmatch(r"Số +-BC/TU", found.number_line)
        assert found.date_line.startswith("Thử, ngày ")
        assert found.superior_body == ""


class TestTheTitle:
    def test_a_title_longer_than_a_line_is_broken_in_even_lines_never_inside_the_period(self):
        title = "Kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh quý III/2026"
        lines = printing.break_lines(title, printing.PORTRAIT_WIDTH, printing.TITLE_SIZE, keep="quý III/2026")
        assert " ".join(lines) == title
        assert len(lines) == 2
        assert all(
            printing.text_width(line, 14, "B") <= printing.PORTRAIT_WIDTH * printing.FILL for line in lines
        )
        assert lines[-1].endswith("quý III/2026") and lines[-1] != "III/2026"
        assert lines[0].endswith(",")  # after a comma, as a person breaks it
        shorter, longer = sorted(printing.text_width(line, 14, "B") for line in lines)
        assert shorter > longer / 2  # no orphan

    @pytest.mark.parametrize(
        "title",
        [
            "Sơ kết 6 tháng đầu năm 2026 thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập "
            "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh và Kết luận 01-KL/TW",
            "Kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh 6 tháng đầu năm 2026",
        ],
    )
    def test_the_period_is_never_cut(self, title):
        period = "6 tháng đầu năm 2026"
        lines = printing.break_lines(title, printing.PORTRAIT_WIDTH, printing.TITLE_SIZE, keep=period)
        assert " ".join(lines) == title
        assert any(period in line for line in lines)
        assert all(printing.text_width(line, 14, "B") <= printing.PORTRAIT_WIDTH for line in lines)

    def test_a_short_title_is_one_line(self):
        assert printing.break_lines("Năm 2026", printing.PORTRAIT_WIDTH, 14) == ["Năm 2026"]
        assert printing.break_lines("", printing.PORTRAIT_WIDTH, 14) == []

    def test_the_right_column_holds_the_party_and_the_place_and_date_each_on_one_line(self, world, report):
        found = printing.content(report)
        _left, right = printing.heading_widths(found.date_line)
        assert printing.text_width(printing.PARTY, printing.PARTY_SIZE, "B") + 3.8 < right
        assert printing.text_width(found.date_line, printing.HEAD_SIZE, "I") + 3.8 < right
