"""What every .xlsx the system writes shares: sheets that print as an office
prints them (A4, landscape where wide, fitted to the page's width, the table's
header rows repeated on each page, the title in the page header, the page
number in the footer), sheet names cut at a word, and Vietnamese file names
for the download. Used by the report figures, the activity import template
and the initiative list."""

from __future__ import annotations

import re
import unicodedata

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses these in a sheet's name, which is at most 31 characters long.
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_LENGTH = 31
# Characters no file name may hold on Windows (and "/" anywhere).
FILE_FORBIDDEN = re.compile(r'[/\\:*?"<>|\x00-\x1f]')


def _cut(text: str, length: int) -> str:
    """`text` in at most `length` characters, cut after a whole word when it must be cut."""
    if len(text) <= length:
        return text
    cut = text[: length + 1].rsplit(" ", 1)[0] if " " in text[:length] else text[:length]
    return cut[:length].rstrip(" ,;.-–") or text[:length]


def sheet_title(text, taken: set[str]) -> str:
    """A sheet name Excel accepts, unique (case-insensitively) among `taken`, which
    it joins; a long name is cut after a whole word ("Hội nghị học tập và các hoạt
    động" → "Hội nghị học tập và các hoạt"), never inside one."""
    base = " ".join(SHEET_FORBIDDEN.sub("-", str(text)).split()).strip("'") or "Sheet"
    title, number = _cut(base, SHEET_LENGTH), 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title, number = f"{_cut(base, SHEET_LENGTH - len(suffix))}{suffix}", number + 1
    taken.add(title.lower())
    return title


def print_setup(sheet: Worksheet, *, title: str, landscape: bool = False, repeat_rows: str = "") -> None:
    """Print `sheet` on A4, upright or `landscape`, fitted to the page's width (as
    many pages down as it takes), `repeat_rows` ("5:6") at the top of each page,
    `title` in the page header and "Trang 2/5" in the footer."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = (
        Worksheet.ORIENTATION_LANDSCAPE if landscape else Worksheet.ORIENTATION_PORTRAIT
    )
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # any number of pages down
    if repeat_rows:
        sheet.print_title_rows = repeat_rows
    # "&" starts a code in a header; a title's own "&" is written "&&".
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddHeader.center.size = 11
    sheet.oddFooter.center.text = _("Page &P of &N")
    sheet.oddFooter.center.size = 9


def download_name(stem: str, extension: str) -> str:
    """ "Số liệu Xã Đông Sơn quý I-2025.xlsx": the name the browser saves, in
    Vietnamese, without the characters a file name cannot hold."""
    text = unicodedata.normalize("NFC", FILE_FORBIDDEN.sub("-", stem))
    return f"{' '.join(text.split()).strip(' .')}.{extension}"


def attachment(data: bytes, name: str, content_type: str = XLSX) -> HttpResponse:
    """A download of `data` saved as `name` (RFC 6266: filename*=utf-8''… when it is not ASCII)."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response
