"""Shared pieces of the import and bulk entry tests: committee members, more
cells, and .xlsx files written the way a clerk's Excel writes them."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from lamtheobac.core.testing import START
from lamtheobac.people.models import Person, Position
from lamtheobac.units.models import Kind, Level, Unit

HEADERS = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Loại hoạt động",
    "Ngày (dd/mm/yyyy)",
    "Tiêu đề",
    "Hình thức",
    "Số người tham gia",
    "Trong đó đảng viên",
    "Nội dung chuyên đề",
    "Cấp ủy viên dự",
    "Ghi chú",
]
REGULAR = "Sinh hoạt chi bộ định kỳ"
THEMATIC = "Sinh hoạt chi bộ chuyên đề"
CONFERENCE = "Hội nghị học tập, quán triệt"
FLAG = "Chào cờ, sinh hoạt dưới cờ"
SATURDAY = "Ngày thứ bảy với dân"


def committee_member(unit: Unit, name: str = "Nguyễn Văn Ủy", *, since: dt.date = START) -> Person:
    """A person holding a committee position at `unit` (registered at that unit)."""
    person = Person.objects.create(unit=unit, full_name=name, is_party_member=True)
    Position.objects.create(person=person, unit=unit, kind=Position.Kind.COMMITTEE_MEMBER, start_date=since)
    return person


def add_cell(commune: Unit, code: str, name: str, **values) -> Unit:
    values.setdefault("valid_from", START)
    cell = Unit.objects.add_child(
        Unit.objects.get(pk=commune.pk),
        instance=Unit(code=code, name=name, level=Level.CELL, kind=Kind.PARTY_CELL, **values),
    )
    return Unit.objects.get(pk=cell.pk)


def line(
    code: str,
    *,
    name: str = "",
    kind: str = REGULAR,
    day: object = "18/03/2025",
    title: str = "Sinh hoạt chi bộ tháng 3/2025",
    form: str = "Trực tiếp",
    participants: object = 20,
    party_members: object = 15,
    content: str = "Học tập chuyên đề năm 2025",
    attendees: str = "",
    notes: str = "",
) -> list:
    """One row of the data sheet, in the template's column order."""
    return [code, name, kind, day, title, form, participants, party_members, content, attendees, notes]


def workbook_bytes(rows, headers=HEADERS, *, title: str = "Hoạt động") -> bytes:
    """An .xlsx like the template's: a header row, then `rows` (a write-only book: 10.000 rows are quick)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    if headers is not None:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_upload(content: bytes, name: str = "hoat-dong-thang-3.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def with_dimension(content: bytes, ref: str) -> bytes:
    """The same workbook declaring the size `ref` for its first sheet, as Excel writes it."""
    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetPr>", f'</sheetPr><dimension ref="{ref}"/>'.encode(), 1)
            new.writestr(info, data)
    return target.getvalue()
