"""The figure tables as an .xlsx: a header naming the unit and the period, one
sheet per report section (figure, value), and a sheet by child unit. Numbers
are numbers (format #,##0, which Excel shows as 1.103 in Vietnamese), labels
in the user's language; every sheet prints on A4 fitted to the page's width,
its header rows repeated on each page (core.workbooks). Used for a report's
.xlsx document and for the roll-up export of any unit and period."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from lamtheobac.core import sections as registry
from lamtheobac.core import workbooks
from lamtheobac.core.formatting import format_datetime
from lamtheobac.core.text import without_control
from lamtheobac.reports import rollup
from lamtheobac.reports.models import Report, ReportingPeriod, State
from lamtheobac.units.models import Unit

XLSX = workbooks.XLSX
NUMBER_FORMAT = "#,##0"
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="F2E6D9")
BOLD = Font(bold=True)


def _basis_label(basis: str) -> str:
    if basis == rollup.APPROVED:
        return _("approved reports only")
    return _("preliminary: all data recorded")


def _header(sheet, lines: list[tuple[str, str]], width: int) -> int:
    """The block naming the unit and the period; returns the next free row."""
    for row, (label, value) in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=label).font = BOLD
        sheet.cell(row=row, column=2, value=without_control(value))
        if width > 2:
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
    return len(lines) + 2


def _head_cells(sheet, row: int, headers: list[str]) -> None:
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=column, value=text)
        cell.font = BOLD
        cell.fill = HEAD_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _number(cell, value: int) -> None:
    cell.value = value
    cell.number_format = NUMBER_FORMAT
    cell.border = BOX


def figure_workbook(
    report: Report | None = None,
    *,
    unit: Unit | None = None,
    period: ReportingPeriod | None = None,
    basis: str = rollup.PRELIMINARY,
    user=None,
) -> bytes:
    """The figures of a report (frozen once approved) or of (unit, period, basis)."""
    if report is not None:
        unit, period = report.unit, report.period
        if report.state == State.APPROVED and report.figures is not None:
            values, basis = report.figures, rollup.APPROVED
        else:
            values, basis = rollup.rollup(unit, period).values, rollup.PRELIMINARY
        # The report's figures cover its whole subtree: so do its children's rows.
        rows = rollup.by_child(unit, period)
    else:
        if unit is None or period is None:
            raise ValueError("figure_workbook needs a report, or a unit and a period")
        found, rows = rollup.rollup_and_children(unit, period, user=user, basis=basis)
        values = found.values

    label = str(period.label)
    lines = [
        (_("Unit"), unit.name),
        (
            _("Reporting period"),
            f"{label[:1].upper()}{label[1:]} ({period.start:%d/%m/%Y} – {period.end:%d/%m/%Y})",
        ),
        (_("Figures"), _basis_label(basis)),
    ]
    if report is not None:
        lines.append((_("Report"), f"{report.title} — {report.get_state_display()}"))
    lines.append((_("Written"), format_datetime(timezone.now())))

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = f"{unit.name} — {period.label}"
    workbook.properties.creator = "lamtheobac"
    taken: set[str] = set()
    sections = registry.all_sections()

    for section in sections:
        sheet = workbook.create_sheet(workbooks.sheet_title(section.title, taken))
        row = _header(sheet, [(_("Section"), str(section.title)), *lines], 3)
        _head_cells(sheet, row, [_("No."), _("Figure"), _("Number")])
        workbooks.print_setup(
            sheet, title=f"{unit.name} — {label}: {section.title}", repeat_rows=f"{row}:{row}"
        )
        for index, figure in enumerate(section.figures, start=1):
            row += 1
            sheet.cell(row=row, column=1, value=index).border = BOX
            sheet.cell(row=row, column=2, value=str(figure.label)).border = BOX
            _number(sheet.cell(row=row, column=3), values.get(section.key, {}).get(figure.key, 0))
        sheet.column_dimensions["A"].width = 16
        sheet.column_dimensions["B"].width = 60
        sheet.column_dimensions["C"].width = 16

    # By child unit: two header rows, the section over its figures.
    sheet = workbook.create_sheet(workbooks.sheet_title(_("By unit"), taken))
    figures = [(section, figure) for section in sections for figure in section.figures]
    width = 2 + len(figures)
    top = _header(sheet, lines, width)
    # Wide: landscape, every column on the page's width, the two header rows on each page.
    workbooks.print_setup(
        sheet, title=f"{unit.name} — {label}: {_('By unit')}", landscape=True, repeat_rows=f"{top}:{top + 1}"
    )
    _head_cells(sheet, top, [_("Unit code"), _("Unit"), *("" for _pair in figures)])
    _head_cells(sheet, top + 1, ["", "", *(str(figure.label) for _section, figure in figures)])
    sheet.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=1)
    sheet.merge_cells(start_row=top, start_column=2, end_row=top + 1, end_column=2)
    column = 3
    for section in sections:
        sheet.cell(row=top, column=column, value=str(section.title))
        if len(section.figures) > 1:
            sheet.merge_cells(
                start_row=top, start_column=column, end_row=top, end_column=column + len(section.figures) - 1
            )
        column += len(section.figures)
    row = top + 1
    for child in rows:
        row += 1
        if child.unit is not None:
            code, name = child.unit.code, child.unit.name
        else:
            code, name = unit.code, _("%(unit)s (held itself)") % {"unit": unit.name}
        sheet.cell(row=row, column=1, value=without_control(code)).border = BOX
        sheet.cell(row=row, column=2, value=without_control(name)).border = BOX
        for offset, (section, figure) in enumerate(figures, start=3):
            _number(sheet.cell(row=row, column=offset), child.value(section.key, figure.key))
    # The total is the unit's own roll-up: right also for the figures that do not add up.
    row += 1
    sheet.cell(row=row, column=2, value=_("Total")).font = BOLD
    sheet.cell(row=row, column=1).border = BOX
    sheet.cell(row=row, column=2).border = BOX
    for offset, (section, figure) in enumerate(figures, start=3):
        cell = sheet.cell(row=row, column=offset)
        _number(cell, values.get(section.key, {}).get(figure.key, 0))
        cell.font = BOLD
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 40
    for offset in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(offset)].width = 14
    sheet.row_dimensions[top + 1].height = 60
    sheet.freeze_panes = sheet.cell(row=top + 2, column=3)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(unit: Unit, period: ReportingPeriod, basis: str) -> str:
    """ "Số liệu Xã Đông Sơn quý I-2025 (sơ bộ).xlsx": the name the browser saves."""
    values = {"unit": unit.name, "period": period.label}
    if basis == rollup.APPROVED:
        stem = _("Figures %(unit)s %(period)s, approved") % values
    else:
        stem = _("Figures %(unit)s %(period)s, preliminary") % values
    return workbooks.download_name(stem, "xlsx")
