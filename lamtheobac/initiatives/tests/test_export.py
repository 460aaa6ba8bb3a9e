"""The export of the filtered list: an .xlsx an office can file as it is."""

import datetime as dt
import io
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from lamtheobac.core.querysets import today
from lamtheobac.core.testing import web_client
from lamtheobac.initiatives import services
from lamtheobac.initiatives.models import Criterion, InitiativeField

pytestmark = pytest.mark.django_db

HEADERS = [
    "Tên mô hình",
    "Đơn vị chủ trì",
    "Lĩnh vực",
    "Loại hình",
    "Năm",
    "Phong trào, cuộc vận động",
    "Trạng thái",
    "Từ ngày",
    "Cấp công nhận",
    "Xếp loại",
    "Ngày đăng ký",
    "Ngày bắt đầu",
    "Số đơn vị nhân rộng",
]


def register(world, unit, title, year):
    return services.register_initiative(
        actor=world.superuser,
        unit=unit,
        title=title,
        field=InitiativeField.objects.get(name="Phát triển kinh tế"),
        year=year,
        start_date=dt.date(2024, 2, 15),
    )


@pytest.fixture
def initiatives(world):
    year = today().year
    replicated = register(world, world.commune, "Ngày thứ bảy với dân", year)
    approver = world.province_approver
    services.take_step(replicated, actor=approver, step="start")
    scores = [(criterion, criterion.max_score) for criterion in Criterion.objects.active()]
    services.evaluate(replicated, actor=approver, body="Hội thảo", held_on=today(), scores=scores)
    services.recognise(
        replicated,
        actor=approver,
        level="district",
        grade="outstanding",
        on=today(),
        body_unit=world.province,
    )
    services.adopt(replicated, actor=approver, unit=world.sibling, adopted_on=today())
    return {
        "replicated": replicated,
        "cell": register(world, world.cell, "Chi bộ bốn tốt", year),
        "old": register(world, world.commune, "Đường hoa thôn Một", year - 1),
        "theirs": register(world, world.sibling, "Mô hình xã Tây Hồ", year),
    }


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    return workbook.worksheets[0]


def test_it_exports_the_filtered_list_with_vietnamese_headers(world, initiatives):
    client = web_client(world.editor)
    year = today().year
    response = client.get("/initiatives/export.xlsx", {"year": year})
    name = quote(f"Mô hình, việc làm điển hình năm {year}.xlsx")
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{name}"
    sheet = read(response)
    # Printed landscape across the page's width, the header row on each page, the title above.
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.oddHeader.center.text == f"Mô hình, việc làm điển hình năm {year}"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    listed = client.get("/initiatives/", {"year": year}).context["page"].object_list
    assert [row[0] for row in rows[1:]] == [initiative.title for initiative in listed]
    assert {row[0] for row in rows[1:]} == {"Ngày thứ bảy với dân", "Chi bộ bốn tốt"}  # not the sibling's


def test_numbers_and_dates_are_typed_and_the_header_is_bold_and_frozen(world, initiatives):
    sheet = read(web_client(world.province_approver).get("/initiatives/export.xlsx", {"q": "ngay thu bay"}))
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["E"].width
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 1
    row = {HEADERS[number]: cell for number, cell in enumerate(rows[0])}
    assert row["Tên mô hình"].value == "Ngày thứ bảy với dân"
    assert row["Đơn vị chủ trì"].value == "Xã Đông Sơn"
    assert row["Năm"].value == today().year and row["Năm"].data_type == "n"
    assert row["Số đơn vị nhân rộng"].value == 1 and row["Số đơn vị nhân rộng"].data_type == "n"
    assert row["Trạng thái"].value == "Đã nhân rộng"
    assert row["Cấp công nhận"].value == "Cấp huyện" and row["Xếp loại"].value == "Mô hình tiêu biểu"
    assert row["Ngày bắt đầu"].is_date and row["Ngày bắt đầu"].value.date() == dt.date(2024, 2, 15)
    assert row["Ngày đăng ký"].is_date and row["Ngày đăng ký"].number_format == "d/m/yyyy"
    assert row["Phong trào, cuộc vận động"].value is None


def test_an_export_without_a_year_names_the_file_plainly_and_an_outsider_gets_only_theirs(world, initiatives):
    response = web_client(world.outsider).get("/initiatives/export.xlsx")
    name = quote("Mô hình, việc làm điển hình.xlsx")
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{name}"
    titles = [row[0] for row in read(response).iter_rows(min_row=2, values_only=True)]
    assert titles == ["Mô hình xã Tây Hồ"]


def test_invalid_filters_export_an_empty_list_with_its_header(world, initiatives):
    sheet = read(web_client(world.editor).get("/initiatives/export.xlsx", {"unit": world.sibling.pk}))
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and len(rows) == 1
