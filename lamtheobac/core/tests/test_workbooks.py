"""What every .xlsx shares (lamtheobac/core/workbooks.py): sheet names cut after a
word, print set-up, Vietnamese download names."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from lamtheobac.core import workbooks


def test_a_long_sheet_name_is_cut_after_a_whole_word():
    taken: set[str] = set()
    title = workbooks.sheet_title("Hội nghị học tập và các hoạt động", taken)
    assert title == "Hội nghị học tập và các hoạt"
    assert len(title) <= 31
    again = workbooks.sheet_title("Hội nghị học tập và các hoạt động", taken)
    assert again == "Hội nghị học tập và các (2)"  # the number fits, the word "hoạt" goes whole
    assert taken == {title.lower(), again.lower()}


def test_a_sheet_name_loses_what_excel_refuses_and_a_single_long_word_is_cut_at_31():
    assert workbooks.sheet_title("Quý I/2025: số liệu [sơ bộ]", set()) == "Quý I-2025- số liệu -sơ bộ-"
    assert workbooks.sheet_title("A" * 40, set()) == "A" * 31
    assert (
        workbooks.sheet_title("Mô hình, điển hình, việc làm tốt ở cơ sở", set())
        == "Mô hình, điển hình, việc làm"
    )
    assert workbooks.sheet_title("   ", set()) == "Sheet"


def test_a_download_name_keeps_vietnamese_and_drops_what_a_file_name_cannot_hold():
    assert (
        workbooks.download_name("Báo cáo Xã Đông Sơn quý I/2025", "docx")
        == "Báo cáo Xã Đông Sơn quý I-2025.docx"
    )
    assert workbooks.download_name('Số liệu "A"  <B>?', "xlsx") == "Số liệu -A- -B--.xlsx"
    decomposed = "Đông Sơn".replace("ô", "o\u0302")
    assert workbooks.download_name(decomposed, "xlsx") == "Đông Sơn.xlsx"


def test_the_attachment_says_its_name_as_rfc_6266_does():
    response = workbooks.attachment(b"x", "Số liệu.xlsx")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''S%E1%BB%91%20li%E1%BB%87u.xlsx"
    assert (
        workbooks.attachment(b"x", "so-lieu.xlsx")["Content-Disposition"]
        == 'attachment; filename="so-lieu.xlsx"'
    )


def test_a_sheet_prints_on_a4_across_the_page_with_its_header_rows_on_each_page():
    book = Workbook()
    workbooks.print_setup(book.active, title="Số liệu & bảng", landscape=True, repeat_rows="5:6")
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$5:$6"
    assert sheet.oddHeader.center.text == "Số liệu && bảng"
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
