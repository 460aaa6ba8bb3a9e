"""The .xlsx side of the activity import: the columns, the template a clerk
downloads (the unit's cells for a month, drop-downs of kinds and committee
members), and reading an uploaded file safely enough to decide at once whether
it can be imported at all. The row checks and the write are in imports.py.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lamtheobac.core import files, periods, workbooks
from lamtheobac.core.errors import DomainError, ValidationFailed
from lamtheobac.core.formatting import format_number
from lamtheobac.core.periods import Period
from lamtheobac.core.text import fold, without_control
from lamtheobac.people.models import Person
from lamtheobac.units.models import Kind as UnitKind
from lamtheobac.units.models import Unit

from ..models import ActivityKind, Category, Form
from .activities import MAX_COUNT

logger = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_TYPES = {".xlsx": files.ATTACHMENT_TYPES[".xlsx"]}
DATE_FORMAT = "dd/mm/yyyy"
# A workbook is a zip: what it may unpack to follows from the row limit, not
# from its size (a 50 kB file can hold a million shared strings). A row of the
# template, with its strings and its share of the lists sheet, stays well under
# BYTES_PER_ROW and STRINGS_PER_ROW; FIXED_BYTES covers styles, theme and
# the instructions.
BYTES_PER_ROW = 4096
STRINGS_PER_ROW = 16
FIXED_BYTES = 2 * 1024 * 1024
FIXED_ENTRIES = 1000
# An element of the shared strings (<si>) or of a sheet (<row>), with or without a prefix.
SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
SHEET_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
# Rows of the template beyond the prefilled ones that keep the drop-downs and formats.
SPARE_ROWS = 200
PARENTHESES = re.compile(r"\([^)]*\)")


# -- the file's columns ---------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    key: str
    header: Any  # a lazy msgid: the template is written in the user's language
    width: int
    required: bool = True


COLUMNS = (
    Column("unit", gettext_lazy("Unit code"), 14),
    Column("unit_name", gettext_lazy("Unit name"), 34, required=False),
    Column("kind", gettext_lazy("Activity kind"), 30),
    Column("held_on", gettext_lazy("Date (dd/mm/yyyy)"), 14),
    Column("title", gettext_lazy("Activity title"), 40),
    Column("form", gettext_lazy("Form of the activity"), 14, required=False),
    Column("participants", gettext_lazy("Number taking part"), 12),
    Column("party_members", gettext_lazy("Of whom party members"), 12),
    Column("topic_content", gettext_lazy("Topic content"), 44, required=False),
    Column("committee_attendees", gettext_lazy("Committee members attending"), 36, required=False),
    Column("notes", gettext_lazy("Notes"), 30, required=False),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
# Columns a clerk fills in; a row with none of them is an unused prefilled row.
ENTERED = ("held_on", "participants", "party_members", "topic_content", "committee_attendees", "notes")
# Kind names and forms repeat from row to row: fold each text once.
fold_name = lru_cache(maxsize=8192)(fold)


def _normal(text: Any) -> str:
    """A header as typed: without what is in parentheses, case and diacritics."""
    return fold(PARENTHESES.sub(" ", str(text or "")))


def _in_each_language(text: Any) -> set[str]:
    """`text` (a lazy msgid) as each language of the site writes it, normalised."""
    found = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(_normal(text))
    return found


def sheet_names() -> tuple[str, str, str]:
    # Excel allows 31 characters in a sheet's name: a longer one is cut after a word.
    taken: set[str] = set()
    return tuple(
        workbooks.sheet_title(name, taken) for name in (_("Activities"), _("Lists"), _("Instructions"))
    )


# -- cells and committee members ------------------------------------------------------
def cells_for(unit: Unit, period: Period):
    """The party cells of `unit`'s subtree that were open at some time in `period`."""
    return (
        Unit.objects.in_subtree(unit)
        .filter(kind=UnitKind.PARTY_CELL, valid_from__lte=period.end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .order_by("path")
    )


def member_label(person: Person) -> str:
    """How a committee member is written in the file: the number makes the name unambiguous."""
    return f"{person.full_name} (#{person.pk})"


class CommitteeMembers:
    """Person.objects.committee_members_above, asked once per committee and day.

    The members who may attend a unit's meetings depend only on the committees
    above it, so the cells of one commune share one answer.
    """

    def __init__(self):
        self._cache: dict[tuple[str, dt.date], dict[int, Person]] = {}

    def on(self, unit: Unit, day: dt.date) -> dict[int, Person]:
        key = (unit.parent_path, day)
        if key not in self._cache:
            self._cache[key] = {
                person.pk: person
                for person in Person.objects.committee_members_above(unit, day).only("full_name")
            }
        return self._cache[key]


def parse_month(text: str | None) -> Period:
    """A month as URLs write it ("2025-03"); this month when empty."""
    period = periods.parse(text or f"{timezone.localdate():%Y-%m}", field="month")
    if period.kind != "month":
        raise ValidationFailed(_("Choose a month, for example 2025-03."), field="month")
    return period


def reference_day(period: Period) -> dt.date:
    """The day on which a period's committee members are offered: its end, or today if sooner."""
    return min(period.end, timezone.localdate())


def default_cell_meeting_kind() -> ActivityKind | None:
    kinds = ActivityKind.objects.active().filter(category=Category.CELL_MEETING)
    return kinds.order_by("thematic", "position", "name").first()


def default_title(period: Period) -> str:
    return _("Cell meeting of %(period)s") % {"period": period.label}


# -- the template -----------------------------------------------------------------------
def template_workbook(unit: Unit, period: Period) -> Workbook:
    """The file a clerk fills in: one prefilled row per party cell, drop-downs, and the lists."""
    cells = list(cells_for(unit, period))
    kinds = list(ActivityKind.objects.active().order_by("position", "name"))
    default_kind = default_cell_meeting_kind()
    title = default_title(period)
    in_person = str(Form.IN_PERSON.label)
    day = reference_day(period)
    members = CommitteeMembers()

    workbook = Workbook()
    data_name, lists_name, help_name = sheet_names()
    sheet = workbook.active
    sheet.title = data_name
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for number, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=number, value=str(column.header))
        cell.font, cell.alignment = bold, wrap
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = "A2"
    for row, cell_unit in enumerate(cells, start=2):
        values = {
            "unit": cell_unit.code,
            "unit_name": cell_unit.name,
            "kind": default_kind.name if default_kind else None,
            "title": title,
            "form": in_person,
        }
        for number, column in enumerate(COLUMNS, start=1):
            if column.key in values:
                sheet.cell(row=row, column=number, value=without_control(values[column.key]))
    last = len(cells) + 1 + SPARE_ROWS
    letter = {column.key: get_column_letter(number) for number, column in enumerate(COLUMNS, start=1)}
    for row in range(2, last + 1):
        sheet[f"{letter['held_on']}{row}"].number_format = DATE_FORMAT
        sheet[f"{letter['unit']}{row}"].number_format = "@"  # codes stay text: "0012" keeps its zeros

    lists = workbook.create_sheet(lists_name)
    quoted = "'" + lists_name.replace("'", "''") + "'"
    headers = [
        _("Activity kind"),
        _("Counted as"),
        "",
        _("Form of the activity"),
        "",
        _("Unit code"),
        _("Unit name"),
        _("Committee members who may attend"),
    ]
    for number, text in enumerate(headers, start=1):
        lists.cell(row=1, column=number, value=str(text)).font = bold
    for number, width in enumerate((30, 26, 3, 18, 3, 14, 34, 40), start=1):
        lists.column_dimensions[get_column_letter(number)].width = width
    for row, kind in enumerate(kinds, start=2):
        lists.cell(row=row, column=1, value=without_control(kind.name))
        lists.cell(row=row, column=2, value=str(kind.get_category_display()))
    lists.cell(row=2, column=4, value=in_person)
    row = 2
    for cell_unit in cells:
        people = sorted(
            members.on(cell_unit, day).values(), key=lambda person: (fold(person.full_name), person.pk)
        )
        for person in people or [None]:
            lists.cell(row=row, column=6, value=without_control(cell_unit.code))
            lists.cell(row=row, column=7, value=without_control(cell_unit.name))
            lists.cell(row=row, column=8, value=without_control(member_label(person)) if person else "—")
            row += 1

    kind_rule = DataValidation(
        type="list",
        formula1=f"{quoted}!$A$2:$A${max(2, len(kinds) + 1)}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Activity kind"),
        error=_("Choose a kind from the list."),
    )
    form_rule = DataValidation(
        type="list",
        formula1=f"{quoted}!$D$2:$D$2",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Form of the activity"),
        error=_("Only in-person activities are imported."),
    )
    count_rule = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2=str(MAX_COUNT),
        allow_blank=True,
        showErrorMessage=True,
        error=_("Enter a whole number, 0 or more."),
    )
    kind_rule.add(f"{letter['kind']}2:{letter['kind']}{last}")
    form_rule.add(f"{letter['form']}2:{letter['form']}{last}")
    count_rule.add(f"{letter['participants']}2:{letter['party_members']}{last}")
    for rule in (kind_rule, form_rule, count_rule):
        sheet.add_data_validation(rule)

    notes = workbook.create_sheet(help_name)
    notes.column_dimensions["A"].width = 110
    heading = _("Activities of %(unit)s, %(period)s") % {"unit": unit.name, "period": period.label}
    # Printed: the wide sheet across the page, each with its header row on every page.
    workbooks.print_setup(sheet, title=heading, landscape=True, repeat_rows="1:1")
    workbooks.print_setup(lists, title=f"{heading}: {lists_name}", landscape=True, repeat_rows="1:1")
    workbooks.print_setup(notes, title=heading)
    lines = [
        heading,
        _(
            "One row per activity. The prefilled rows are the party cells; rows left without a date "
            "or figures are skipped."
        ),
        _("Unit code: as in the list sheet. The unit name is there for reading and is not imported."),
        _("Date: dd/mm/yyyy, for example 18/05/2025. It cannot be in the future."),
        _(
            "Committee members attending: for cell meetings only, one or more separated by “;”, "
            "written as in the list sheet, for example “Nguyễn Văn A (#123)”."
        ),
        _(
            "Online and hybrid conferences are not imported: enter them with their connection points "
            "on the activity form."
        ),
        _(
            "A file with any wrong row writes nothing: the page lists every wrong cell by row and "
            "column, to be corrected and uploaded again."
        ),
        _("At most %(rows)s rows and %(size)s MB per file.")
        % {
            "rows": format_number(settings.IMPORT_MAX_ROWS),
            "size": settings.IMPORT_MAX_BYTES // (1024 * 1024),
        },
    ]
    for row, text in enumerate(lines, start=1):
        cell = notes.cell(row=row, column=1, value=str(text))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes["A1"].font = bold
    return workbook


def template_bytes(unit: Unit, period: Period) -> bytes:
    buffer = io.BytesIO()
    template_workbook(unit, period).save(buffer)
    return buffer.getvalue()


def template_filename(period: Period) -> str:
    """ "Mẫu nhập hoạt động tháng 3-2025.xlsx": the name the browser saves."""
    return workbooks.download_name(
        _("Activity import template %(period)s") % {"period": period.label}, "xlsx"
    )


# -- reading a file -----------------------------------------------------------------------
@dataclass
class Layout:
    """Where each known column sits in a file, and the header the file gives it."""

    index: dict[str, int]
    headers: dict[str, str]

    def letter(self, key: str) -> str:
        return get_column_letter(self.index[key] + 1) if key in self.index else ""

    def header(self, key: str) -> str:
        return self.headers.get(key) or str(COLUMN_BY_KEY[key].header)


def _unreadable() -> ValidationFailed:
    return ValidationFailed(
        _("The file cannot be read as an Excel workbook (.xlsx). Save it from Excel as .xlsx and try again."),
        field="file",
        code="unreadable_file",
    )


def data_sheet(workbook):
    names = {_normal(sheet.title): sheet for sheet in workbook.worksheets}
    for name in _in_each_language(gettext_lazy("Activities")):
        if name in names:
            return names[name]
    return workbook.worksheets[0]


def read_layout(sheet) -> Layout:
    """The header row: each known column found by its name, in any order."""
    first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    wanted = {column.key: _in_each_language(column.header) for column in COLUMNS}
    index, headers = {}, {}
    for position, value in enumerate(first):
        text = _normal(value)
        if not text:
            continue
        for key, names in wanted.items():
            if key not in index and text in names:
                index[key] = position
                headers[key] = " ".join(str(value).split())
                break
    missing = [str(column.header) for column in COLUMNS if column.required and column.key not in index]
    if missing:
        raise ValidationFailed(
            _("The sheet lacks the columns %(columns)s. Start from the template downloaded on this page.")
            % {"columns": ", ".join(f"“{name}”" for name in missing)},
            field="file",
            code="no_headers",
        )
    return Layout(index=index, headers=headers)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def data_rows(sheet) -> Iterator[tuple[int, tuple]]:
    """(row number in the file, values) of every row below the header that is not empty."""
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if values and not all(is_blank(value) for value in values):
            yield number, values


def count_rows(sheet, limit: int) -> int:
    """Rows with something in them, counted up to just past `limit`."""
    sheet.reset_dimensions()  # a file's own idea of its size may be wrong: read every row
    count = 0
    for _row in data_rows(sheet):
        count += 1
        if count > limit:
            break
    return count


def estimate_rows(sheet, limit: int) -> int:
    """The number of rows below the header, quickly.

    The size a file declares is enough at upload (the task reads every row and
    checks the limit again); the rows are counted only when that size is missing
    or past the limit (Excel counts formatted empty rows too).
    """
    declared = sheet.max_row
    if declared is not None and 1 < declared <= limit + 1:
        return declared - 1
    return count_rows(sheet, limit)


def open_workbook(handle):
    try:
        return load_workbook(handle, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise _unreadable() from None


def unpack_limits(rows: int) -> tuple[int, int]:
    """The most bytes a file of `rows` rows may unpack to, and the most entries
    (shared strings, sheet rows) it may hold."""
    return FIXED_BYTES + BYTES_PER_ROW * rows, FIXED_ENTRIES + STRINGS_PER_ROW * rows


def _count(archive: zipfile.ZipFile, info: zipfile.ZipInfo, pattern: re.Pattern, limit: int) -> int:
    """Elements matching `pattern` in one member, read in chunks; stops past `limit`.

    Decompressing and scanning is cheap next to parsing: a million shared
    strings take a fraction of a second here and a minute in openpyxl.
    """
    found, tail = 0, b""
    with archive.open(info) as member:
        while chunk := member.read(1024 * 1024):
            data = tail + chunk
            found += len(pattern.findall(data))
            # An element cut at the chunk's end is matched in the next round;
            # keep at most the bytes that could start one.
            cut = data.rfind(b"<", max(0, len(data) - 64))
            tail = data[cut:] if cut != -1 else b""
            if tail and pattern.match(tail):
                found -= 1  # already counted whole at the end of this chunk
            if found > limit:
                break
    return found


def _too_much(rows: int) -> ValidationFailed:
    return ValidationFailed(
        _("The file holds more than %(max)s rows can need: split it into several files.")
        % {"max": format_number(rows)},
        field="file",
        code="file_too_large",
    )


def _check_zip(upload) -> None:
    """Refuse, before anything is parsed, a workbook that unpacks to more than
    the row limit can need: by declared sizes (zipfile never reads past them),
    then by counting the shared strings and the sheets' rows."""
    rows = settings.IMPORT_MAX_ROWS
    max_bytes, max_entries = unpack_limits(rows)
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if "xl/workbook.xml" not in archive.namelist():
                raise _unreadable()
            if sum(info.file_size for info in members) > max_bytes:
                raise _too_much(rows)
            strings = sheet_rows = 0
            for info in members:
                name = info.filename.lower()
                if name.endswith("sharedstrings.xml"):
                    strings += _count(archive, info, SHARED_STRING, max_entries - strings)
                elif name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    sheet_rows += _count(archive, info, SHEET_ROW, max_entries - sheet_rows)
                if strings > max_entries or sheet_rows > max_entries:
                    raise _too_much(rows)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise _unreadable() from None
    finally:
        upload.seek(0)


def check_file(upload: UploadedFile) -> tuple[str, int]:
    """The file's name and its number of rows, or ValidationFailed on "file" at once.

    Only what can be known quickly is checked here; the rows are checked by the task.
    """
    name, _kind, _content_type = files.check_upload(upload, XLSX_TYPES, settings.IMPORT_MAX_BYTES)
    _check_zip(upload)
    workbook = open_workbook(upload)
    try:
        try:
            sheet = data_sheet(workbook)
            read_layout(sheet)
            limit = settings.IMPORT_MAX_ROWS
            rows = estimate_rows(sheet, limit)
        except DomainError:
            raise
        except Exception:
            raise _unreadable() from None
    finally:
        workbook.close()
        upload.seek(0)
    if rows > limit:
        raise ValidationFailed(
            _("The file has more than %(max)s rows: split it into several files.")
            % {"max": format_number(limit)},
            field="file",
            code="too_many_rows",
        )
    if not rows:
        raise ValidationFailed(_("The file has no rows to import."), field="file", code="empty_file")
    return name, rows
