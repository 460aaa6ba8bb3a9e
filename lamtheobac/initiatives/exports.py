"""The filtered list of initiatives as an Excel workbook, the way an office files it:
Vietnamese headers, a frozen bold header row, numbers as numbers, dates as dates,
printed landscape on A4 across the page's width with the header row on each page."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from lamtheobac.core import workbooks
from lamtheobac.core.text import without_control

from .models import Initiative

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "d/m/yyyy"
INTEGER_FORMAT = "#,##0"


@dataclass(frozen=True)
class Column:
    header: Any  # a lazy msgid, translated when the file is written
    width: int
    value: Callable[[Initiative], Any]
    number_format: str | None = None


COLUMNS = (
    Column(gettext_lazy("Title"), 48, lambda i: i.title),
    Column(gettext_lazy("Owner unit"), 32, lambda i: i.unit.name),
    Column(gettext_lazy("Field"), 24, lambda i: i.field.name),
    Column(gettext_lazy("Type of initiative"), 22, lambda i: i.get_kind_display()),
    Column(gettext_lazy("Year"), 8, lambda i: i.year, "0"),
    Column(gettext_lazy("Movement or campaign"), 28, lambda i: i.movement.name if i.movement_id else None),
    Column(gettext_lazy("Status"), 16, lambda i: i.get_status_display()),
    Column(gettext_lazy("Status since"), 14, lambda i: i.status_since, DATE_FORMAT),
    Column(gettext_lazy("Recognition level"), 18, lambda i: i.get_recognition_level_display() or None),
    Column(gettext_lazy("Grade"), 18, lambda i: i.get_recognition_grade_display() or None),
    Column(gettext_lazy("Registered on"), 14, lambda i: i.registered_on, DATE_FORMAT),
    Column(gettext_lazy("Start date"), 14, lambda i: i.start_date, DATE_FORMAT),
    Column(gettext_lazy("Adopting units"), 14, lambda i: i.adoption_count, INTEGER_FORMAT),
)


def initiatives_workbook(rows: Iterable[Initiative], *, year: int | None = None) -> Workbook:
    """`rows` come from InitiativeQuerySet.for_listing(): one query, whatever their number."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(workbooks.sheet_title(_("Initiatives"), set()))
    sheet.freeze_panes = "A2"
    workbooks.print_setup(sheet, title=_title(year), landscape=True, repeat_rows="1:1")
    for number, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font = bold
        cell.alignment = wrap
        header.append(cell)
    sheet.append(header)
    for initiative in rows:
        line = []
        for column in COLUMNS:
            cell = WriteOnlyCell(sheet, value=without_control(column.value(initiative)))
            if column.number_format:
                cell.number_format = column.number_format
            line.append(cell)
        sheet.append(line)
    return workbook


def _title(year: int | None) -> str:
    """ "Mô hình, việc làm điển hình năm 2025": the offices' own words."""
    if year:
        return _("Initiatives and good practices, %(year)s") % {"year": year}
    return _("Initiatives and good practices")


def export_filename(year: int | None) -> str:
    """ "Mô hình, việc làm điển hình năm 2025.xlsx": the name the browser saves."""
    return workbooks.download_name(_title(year), "xlsx")


def initiatives_response(rows: Iterable[Initiative], *, year: int | None = None) -> HttpResponse:
    buffer = io.BytesIO()
    initiatives_workbook(rows, year=year).save(buffer)
    return workbooks.attachment(buffer.getvalue(), export_filename(year), XLSX)
