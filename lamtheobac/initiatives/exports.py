"""The filtered list of initiatives as an Excel workbook, the way an office files it:
Vietnamese headers, a frozen bold header row, numbers as numbers, dates as dates."""

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


def initiatives_workbook(rows: Iterable[Initiative]) -> Workbook:
    """`rows` come from InitiativeQuerySet.for_listing(): one query, whatever their number."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Initiatives")[:31])
    sheet.freeze_panes = "A2"
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


def export_filename(year: int | None) -> str:
    # The offices' own word, without diacritics so that every mail client keeps it.
    return f"mo-hinh-{year}.xlsx" if year else "mo-hinh.xlsx"


def initiatives_response(rows: Iterable[Initiative], *, year: int | None = None) -> HttpResponse:
    buffer = io.BytesIO()
    initiatives_workbook(rows).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(year)}"'
    return response
