"""The printed report in the party's layout (Hướng dẫn 36-HD/VPTW, 2018, of the
Văn phòng Trung ương Đảng): what the document says (`content`) and how it is
written, with one layout, as a .docx (python-docx) and a .pdf (fpdf2).

In order: the heading block, "BÁO CÁO" and the title, the narrative (I. Kết quả,
II. Hạn chế và nguyên nhân, III. Phương hướng, nhiệm vụ thời gian tới, IV. Đề
xuất, kiến nghị; an empty section is left out), the recipients and the
signature, then the figure tables in an annex ("PHỤ LỤC") that starts a page of
its own, landscape when a table by unit is too wide for an upright page.

Where the code follows the guide it cites the point. Its text was found for
Mục II điểm 1.1 (the heading "ĐẢNG CỘNG SẢN VIỆT NAM"), 1.2 (the issuing body)
and 1.3 (the number), and for Phụ lục 3 (type sizes and styles of each part);
the text of its part on margins, page numbers and annexes was not found, and
the points that rest on it say so where they are applied.

Both writers measure text with the bundled font (Liberation Serif, metric-
compatible with Times New Roman, which the .docx names): a line measured to fit
here fits in Word, in LibreOffice and in the PDF."""

from __future__ import annotations

import functools
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lamtheobac.core import sections as registry
from lamtheobac.core.formatting import format_date, format_document_date, format_number
from lamtheobac.core.querysets import today
from lamtheobac.core.text import without_control
from lamtheobac.reports import rollup
from lamtheobac.reports.models import Report, State
from lamtheobac.units import headings
from lamtheobac.units.models import Unit

FONT_DIR = Path(__file__).resolve().parent / "fonts"
# Liberation Serif (SIL Open Font License 1.1, fonts/LICENSE): the metrics of Times
# New Roman, the font party documents are typed in.
FONT = "LiberationSerif"
FONT_FILES = {
    "": "LiberationSerif-Regular.ttf",
    "B": "LiberationSerif-Bold.ttf",
    "I": "LiberationSerif-Italic.ttf",
    "BI": "LiberationSerif-BoldItalic.ttf",
}
DOCX_FONT = "Times New Roman"

# A4 with margins of 20 mm top and bottom, 30 mm left, 15 mm right. 36-HD's own
# text on margins was not found; these lie within the ranges Vietnamese official
# documents use (top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm).
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
TOP, BOTTOM, LEFT, RIGHT = 20, 20, 30, 15
PORTRAIT_WIDTH = PAGE_WIDTH - LEFT - RIGHT  # 165 mm of text
LANDSCAPE_WIDTH = PAGE_HEIGHT - LEFT - RIGHT  # 252 mm of text

# Type sizes and styles, 36-HD Phụ lục 3 ("Mẫu chữ và chi tiết trình bày thể thức").
PARTY_SIZE = 15  # tiêu đề "ĐẢNG CỘNG SẢN VIỆT NAM": in hoa, cỡ 15, đứng, đậm
HEAD_SIZE = 14  # cơ quan cấp trên (in hoa, 14, đứng); cơ quan ban hành (in hoa, 14, đứng, đậm);
# số và ký hiệu (in thường, 14, đứng); địa danh, ngày tháng năm (in thường, 14, nghiêng)
KIND_SIZE = 16  # tên loại văn bản "BÁO CÁO": in hoa, cỡ 15-16, đứng, đậm
TITLE_SIZE = 14  # trích yếu nội dung: in thường, cỡ 14-15, đứng, đậm
BODY_SIZE = 14  # nội dung: in thường, cỡ 14-15, đứng; tên mục: in hoa, 14-15, đứng, đậm
# The signature and "Nơi nhận": 36-HD's rows for them were not found; these are
# the sizes the document had (T/M, position and name 14 bold; recipients 12 and 11).
SIGN_SIZE = 14
RECIPIENTS_LABEL_SIZE, RECIPIENT_SIZE = 12, 11
# Page numbers: 36-HD's own text was not found. A party committee's handbook of its
# rules (Đảng ủy Khối Bình Thuận, "Yêu cầu kỹ thuật trình bày văn bản") says: from
# the second page, in Arabic numerals, 10 mm from the top edge, centred over the text.
PAGE_NUMBER_SIZE, PAGE_NUMBER_TOP = 14, 10
FIGURE_TABLE_SIZE, CHILD_TABLE_SIZE = 12, 11

# Figure columns of one table by unit: upright beside a 55 mm unit column, or, when
# a section has more, on a landscape annex beside a 63 mm one.
CHILD_COLUMNS = 5
CHILD_COLUMNS_LANDSCAPE = 9
UNIT_COLUMN = {False: 55, True: 63}

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
NBSP = "\u00a0"

# The short name of the issuing body after "T/M".
BODIES = (
    "BAN THƯỜNG VỤ",
    "BAN CHẤP HÀNH",
    "TỈNH ỦY",
    "THÀNH ỦY",
    "HUYỆN ỦY",
    "QUẬN ỦY",
    "THỊ ỦY",
    "ĐẢNG ỦY",
    "CHI BỘ",
    "CHI ỦY",
)


# -- measuring text -------------------------------------------------------------------------
@functools.cache
def _metrics(style: str) -> tuple[dict[int, str], dict[str, tuple[int, int]], int]:
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_DIR / FONT_FILES[style], lazy=True)
    return font.getBestCmap(), dict(font["hmtx"].metrics), font["head"].unitsPerEm


def text_width(text: str, size: float, style: str = "") -> float:
    """The width in mm of `text` set in the bundled font at `size` points."""
    cmap, advances, per_em = _metrics(style)
    units = sum(advances[cmap.get(ord(character), ".notdef")][0] for character in text)
    return units / per_em * size * 25.4 / 72


# What a line may fill of its measure: room for a reader's rounding and kerning.
FILL = 0.96


def break_lines(text: str, width: float, size: float, style: str = "B", keep: str = "") -> list[str]:
    """A centred title in as few lines as fit `width`, broken where a person would:
    never inside `keep` (the period, "quý III/2026"), rather after a comma or before
    the period, and into lines of even length rather than a long one and an orphan."""
    text = " ".join(text.split())
    if not text or text_width(text, size, style) <= width * FILL:
        return [text] if text else []
    if keep and keep.lower() in text.lower():
        start = text.lower().index(keep.lower())
        text = text[:start] + text[start : start + len(keep)].replace(" ", NBSP) + text[start + len(keep) :]
    words = text.split(" ")
    count = len(words)
    space = text_width(" ", size, style)
    sizes = [text_width(word, size, style) for word in words]
    bonus = (0.25 * width) ** 2

    def line(start: int, end: int) -> float:
        return sum(sizes[start:end]) + space * (end - start - 1)

    # best[end] = (lines, cost, start of the last line) for the first `end` words.
    best: list[tuple[int, float, int] | None] = [(0, 0.0, 0)] + [None] * count
    for end in range(1, count + 1):
        for start in range(end - 1, -1, -1):
            measured = line(start, end)
            if measured > width * FILL and end - start > 1:
                break
            if best[start] is None:
                continue
            lines, cost, _start = best[start]
            cost += (width - measured) ** 2
            if end < count and (words[end - 1].endswith((",", ";", ":")) or NBSP in words[end]):
                cost -= bonus
            candidate = (lines + 1, cost, start)
            if best[end] is None or candidate[:2] < best[end][:2]:
                best[end] = candidate
    breaks, end = [], count
    while end > 0:
        start = best[end][2]
        breaks.append(" ".join(words[start:end]).replace(NBSP, " "))
        end = start
    return breaks[::-1]


# -- what the document says -----------------------------------------------------------------
def nfc(text) -> str:
    """Vietnamese typed with combining marks ("Unicode tổ hợp") as precomposed letters,
    without the control characters no .docx can carry (pasted into a form)."""
    return without_control(unicodedata.normalize("NFC", str(text or "")))


def roman(number: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, letters in numerals:
        while number >= value:
            text += letters
            number -= value
    return text


@dataclass
class FigureTable:
    title: str
    rows: list[tuple[str, str]]  # (label, "1.103")


@dataclass
class ChildTable:
    title: str
    headers: list[str]
    rows: list[tuple[str, list[str]]]
    total: list[str]
    continued: bool = False  # the next columns of the section before


@dataclass
class Content:
    superior_body: str
    issuing_body: str
    number_line: str
    date_line: str
    title: str
    title_lines: list[str]
    narrative: list[tuple[str, str]]  # (heading, paragraphs), the empty ones left out
    recipients: list[str]
    on_behalf: str
    signer_title: str
    signer_name: str
    annex_title_lines: list[str]
    annex_reference: str
    figure_tables: list[FigureTable]
    child_tables: list[ChildTable]
    landscape: bool
    labels: dict[str, str] = field(default_factory=dict)


def _short_body(issuing_body: str) -> str:
    """The name after "T/M": "ĐẢNG ỦY" for "ĐẢNG ỦY XÃ ĐÔNG SƠN"."""
    upper = issuing_body.upper()
    return next((short for short in BODIES if upper.startswith(short)), upper)


def number_line(report: Report) -> str:
    """ "Số 12-BC/ĐU", or room for the number before the symbol of the unit's body
    (36-HD Mục II điểm 1.3: số và ký hiệu văn bản)."""
    number = nfc(report.number).strip()
    if number[:3].lower() == "số ":
        number = number[3:].strip()
    if number:
        return f"Số {number}"
    return f"Số      -BC/{headings.symbol(report.unit) or '…'}"


def date_line(report: Report) -> str:
    day = report.issued_on or today()
    place = nfc(report.place).strip()
    if place:
        return format_document_date(day, place)
    return format_document_date(day, "").removeprefix(", ").capitalize()


def figures_of(report: Report) -> dict[str, dict[str, int]]:
    """The frozen figures of an approved report, the live ones otherwise."""
    if report.state == State.APPROVED and report.figures is not None:
        return report.figures
    return rollup.rollup(report.unit, report.period).values


def _paragraphs(text: str) -> str:
    return "\n".join(line.strip() for line in nfc(text).splitlines() if line.strip())


def _chunks(items: list, most: int) -> list[list]:
    """`items` in as few tables as `most` columns allow, of even widths (7 + 7, not 9 + 5)."""
    if not items:
        return []
    count = -(-len(items) // most)
    size = -(-len(items) // count)
    return [items[start : start + size] for start in range(0, len(items), size)]


def child_tables(
    unit: Unit, rows: list[rollup.ChildRow], values: dict[str, dict[str, int]], *, landscape: bool = False
) -> list[ChildTable]:
    """One table per section (split when it has more figures than a page's width
    holds), rows by child unit, the figures nobody recorded left out, the total
    being the unit's own."""
    tables = []
    most = CHILD_COLUMNS_LANDSCAPE if landscape else CHILD_COLUMNS
    for section in registry.all_sections():
        shown = [
            figure
            for figure in section.figures
            if any(row.value(section.key, figure.key) for row in rows)
            or values.get(section.key, {}).get(figure.key, 0)
        ]
        for index, chunk in enumerate(_chunks(shown, most)):
            tables.append(
                ChildTable(
                    title=nfc(section.title)
                    if index == 0
                    else _("%(section)s (continued)") % {"section": nfc(section.title)},
                    headers=[nfc(figure.label) for figure in chunk],
                    rows=[
                        (
                            nfc(row.unit.name)
                            if row.unit is not None
                            else _("%(unit)s (held itself)") % {"unit": nfc(unit.name)},
                            [format_number(row.value(section.key, figure.key)) for figure in chunk],
                        )
                        for row in rows
                    ],
                    total=[format_number(values.get(section.key, {}).get(figure.key, 0)) for figure in chunk],
                    continued=index > 0,
                )
            )
    return tables


def _is_wide(rows: list[rollup.ChildRow], values: dict[str, dict[str, int]]) -> bool:
    """Whether a section by unit has more figures to show than an upright page holds."""
    for section in registry.all_sections():
        shown = sum(
            1
            for figure in section.figures
            if any(row.value(section.key, figure.key) for row in rows)
            or values.get(section.key, {}).get(figure.key, 0)
        )
        if shown > CHILD_COLUMNS:
            return True
    return False


def subtitle(title: str) -> str:
    """The line under "BÁO CÁO": the title without a leading "Báo cáo" said twice."""
    text = nfc(title).strip()
    bare = text[8:].strip() if text[:8].lower() == "báo cáo " else text
    return bare[:1].upper() + bare[1:]


def recipient_lines(text: str) -> list[str]:
    """ "- Ban Tuyên giáo Tỉnh ủy," one per line, the last one ending in a full stop."""
    names = [line.strip().lstrip("-–+*").strip().rstrip(",;.") for line in nfc(text).splitlines()]
    names = [name for name in names if name]
    return [f"- {name}{'.' if index == len(names) - 1 else ','}" for index, name in enumerate(names)]


def _annex_reference(report: Report) -> str:
    """ "(Kèm theo Báo cáo số 46-BC/ĐU, ngày 02/10/2026 của Đảng ủy xã Đông Sơn)"."""
    issuing = nfc(report.issuing_body).strip()
    # The unit's own name, as a sentence writes it, when the report kept it.
    body = (
        headings.sentence_name(report.unit)
        if issuing.upper() == headings.issuing_body(report.unit)
        else issuing
    )
    number = nfc(report.number).strip().removeprefix("Số ").removeprefix("số ").strip()
    values = {"number": number, "date": format_date(report.issued_on or today()), "body": body}
    if number:
        return _("(Attached to Report No. %(number)s, %(date)s, of %(body)s)") % values
    return _("(Attached to the Report of %(date)s of %(body)s)") % values


def content(report: Report) -> Content:
    """Everything the .docx and the .pdf print, as text in the document's language."""
    values = figures_of(report)
    figure_tables = [
        FigureTable(
            title=nfc(section.title),
            rows=[
                (nfc(figure.label), format_number(values.get(section.key, {}).get(figure.key, 0)))
                for figure in section.figures
            ],
        )
        for section in registry.all_sections()
    ]
    has_children = Unit.objects.filter(
        path__startswith=report.unit.path, depth=report.unit.depth + 1
    ).exists()
    rows = rollup.by_child(report.unit, report.period) if has_children else []
    landscape = _is_wide(rows, values) if rows else False
    tables = child_tables(report.unit, rows, values, landscape=landscape) if rows else []
    results = "\n".join(text for text in (_paragraphs(report.summary), _paragraphs(report.results)) if text)
    narrative = [
        (pgettext("printed report", "Results"), results),
        (pgettext("printed report", "Shortcomings and their causes"), _paragraphs(report.shortcomings)),
        (pgettext("printed report", "Directions and tasks ahead"), _paragraphs(report.directions)),
        (pgettext("printed report", "Proposals and recommendations"), _paragraphs(report.proposals)),
    ]
    issuing_body = nfc(report.issuing_body).strip() or headings.issuing_body(report.unit)
    title = subtitle(report.title)
    period = nfc(report.period.label)
    annex_title = _("Figures: %(title)s") % {"title": title[:1].lower() + title[1:]}
    return Content(
        superior_body=nfc(report.superior_body).strip(),
        issuing_body=issuing_body,
        number_line=number_line(report),
        date_line=date_line(report),
        title=title,
        title_lines=break_lines(title, PORTRAIT_WIDTH, TITLE_SIZE, keep=period),
        narrative=[(heading, text) for heading, text in narrative if text],
        recipients=recipient_lines(report.recipients),
        on_behalf=f"T/M {_short_body(issuing_body)}",
        signer_title=nfc(report.signer_title).strip().upper(),
        signer_name=nfc(report.signer_name).strip(),
        annex_title_lines=break_lines(
            annex_title, LANDSCAPE_WIDTH if landscape else PORTRAIT_WIDTH, TITLE_SIZE, keep=period
        ),
        annex_reference=_annex_reference(report),
        figure_tables=figure_tables,
        child_tables=tables,
        landscape=landscape,
        labels={
            "report": _("REPORT"),
            "annex": _("ANNEX"),
            "recipients": _("Recipients:"),
            "number": _("No."),
            "figure": _("Figure"),
            "value": _("Number"),
            "unit": _("Unit"),
            "total": _("Total"),
        },
    )


def numbered(found: Content) -> list[tuple[str, str]]:
    """The narrative's headings numbered I, II, … in capitals (36-HD Phụ lục 3: tên
    mục in hoa, đứng, đậm), numbered after the empty sections were left out."""
    return [
        (f"{roman(index)}. {heading.upper()}", text)
        for index, (heading, text) in enumerate(found.narrative, 1)
    ]


def annex_tables(found: Content) -> list[tuple[str, str, object]]:
    """The annex's tables in order, as ("figures" | "children", title, table):
    "Biểu 1. …" per section of the unit's own figures, then by unit."""
    items: list[tuple[str, str, object]] = []
    number = 0
    for table in found.figure_tables:
        number += 1
        items.append(
            ("figures", _("Table %(number)s. %(title)s") % {"number": number, "title": table.title}, table)
        )
    for table in found.child_tables:
        if table.continued:
            title = _("Table %(number)s (continued)") % {"number": number}
        else:
            number += 1
            title = _("Table %(number)s. %(title)s, by unit") % {"number": number, "title": table.title}
        items.append(("children", title, table))
    return items


def heading_widths(found: Content) -> tuple[float, float]:
    """(left, right) widths in mm of the heading block: the right column holds
    "ĐẢNG CỘNG SẢN VIỆT NAM" and the place-and-date line each on one line
    (36-HD Mục II điểm 1.1.2: the heading at the top right, on the first line);
    the left one the rest of the 165 mm."""
    padding = 5  # a table cell's inner margins, both sides, and some air
    right = max(text_width(PARTY, PARTY_SIZE, "B"), text_width(found.date_line, HEAD_SIZE, "I")) + padding
    right = min(max(right, 90.0), PORTRAIT_WIDTH - 60)
    return PORTRAIT_WIDTH - right, right


# -- .docx ---------------------------------------------------------------------------------
def write_docx(found: Content) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    center, right, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY
    document = Document()
    page = document.sections[0]
    page.page_width, page.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
    page.top_margin, page.bottom_margin = Mm(TOP), Mm(BOTTOM)
    page.left_margin, page.right_margin = Mm(LEFT), Mm(RIGHT)
    page.header_distance = Mm(PAGE_NUMBER_TOP)
    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DOCX_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)

    def write(paragraph, text, *, bold=False, italic=False, size=None, align=None):
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if align is not None:
            paragraph.alignment = align
        return paragraph

    def write_lines(paragraph, lines, **style):
        """Lines broken where `break_lines` chose, in one paragraph."""
        for index, line in enumerate(lines):
            write(paragraph, line, **style)
            if index < len(lines) - 1:
                paragraph.runs[-1].add_break(WD_BREAK.LINE)
        return paragraph

    def rule_under(paragraph, indent_mm: float) -> None:
        # The line under "ĐẢNG CỘNG SẢN VIỆT NAM", as long as the heading (36-HD Mục II
        # điểm 1.1.2: đường kẻ ngang nét liền, có độ dài bằng độ dài tiêu đề): a bottom
        # border, placed in the schema's order so Word opens the file without complaint.
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for name, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
            bottom.set(qn(f"w:{name}"), value)
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().insert_element_before(
            borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"
        )
        paragraph.paragraph_format.left_indent = Mm(indent_mm)
        paragraph.paragraph_format.right_indent = Mm(indent_mm)

    def row_properties(row, *, header: bool) -> None:
        # A row never breaks across pages; a header row repeats on each page.
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if header:
            properties.append(OxmlElement("w:tblHeader"))

    def borderless(widths_mm):
        table = document.add_table(rows=1, cols=len(widths_mm))
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for column, cell, width in zip(table.columns, table.rows[0].cells, widths_mm, strict=True):
            column.width = cell.width = Mm(width)
        row_properties(table.rows[0], header=False)
        return table.rows[0].cells

    def cell_text(cell, text, *, bold=False, italic=False, size=None, align=None, first=True):
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        return write(paragraph, text, bold=bold, italic=italic, size=size, align=align)

    # The heading: issuing body on the left, the Party and the date on the right
    # (sizes and styles: 36-HD Phụ lục 3, see HEAD_SIZE).
    left_width, right_width = heading_widths(found)
    left, right_cell = borderless((left_width, right_width))
    # A body with none above it (a province's committee) starts on the first line.
    if found.superior_body:
        cell_text(left, found.superior_body, size=HEAD_SIZE, align=center)
    cell_text(
        left, found.issuing_body, bold=True, size=HEAD_SIZE, align=center, first=not found.superior_body
    )
    cell_text(left, "*", size=HEAD_SIZE, align=center, first=False)
    cell_text(left, found.number_line, size=HEAD_SIZE, align=center, first=False)
    party = right_cell.paragraphs[0]
    # Indented so that the rule is as long as the heading, with 2 mm to spare so that
    # rounding never pushes "NAM" onto a line of its own (3.8 mm: the cell's margins).
    spare = right_width - 3.8 - text_width(PARTY, PARTY_SIZE, "B") - 2
    rule_under(party, max(0.0, spare / 2))
    write(party, PARTY, bold=True, size=PARTY_SIZE, align=center)
    cell_text(right_cell, "", size=HEAD_SIZE, first=False)
    cell_text(right_cell, found.date_line, italic=True, size=HEAD_SIZE, align=center, first=False)

    title = document.add_paragraph()
    title.paragraph_format.space_before = Pt(18)
    title.paragraph_format.keep_with_next = True
    write(title, found.labels["report"], bold=True, size=KIND_SIZE, align=center)
    subtitle_paragraph = document.add_paragraph()
    subtitle_paragraph.paragraph_format.space_after = Pt(12)
    write_lines(subtitle_paragraph, found.title_lines, bold=True, size=TITLE_SIZE, align=center)

    def heading(text, *, space_before=6, italic=False, size=BODY_SIZE, align=None):
        paragraph = write(document.add_paragraph(), text, bold=True, italic=italic, size=size, align=align)
        paragraph.paragraph_format.space_before = Pt(space_before)
        paragraph.paragraph_format.space_after = Pt(3)
        paragraph.paragraph_format.keep_with_next = True  # never the last line of a page
        return paragraph

    for title_text, text in numbered(found):
        heading(title_text)
        for line in text.split("\n"):
            paragraph = write(document.add_paragraph(), line, align=justify)
            paragraph.paragraph_format.first_line_indent = Mm(10)
            paragraph.paragraph_format.space_after = Pt(6)

    # Recipients on the left, the signature on the right, on one page (the row does not split).
    document.add_paragraph().paragraph_format.keep_with_next = True
    labels = found.labels
    left, right_cell = borderless((PORTRAIT_WIDTH - 95, 95))
    cell_text(left, labels["recipients"], bold=True, italic=True, size=RECIPIENTS_LABEL_SIZE)
    for recipient in found.recipients:
        cell_text(left, recipient, size=RECIPIENT_SIZE, first=False)
    cell_text(right_cell, found.on_behalf, bold=True, size=SIGN_SIZE, align=center)
    if found.signer_title:
        cell_text(right_cell, found.signer_title, bold=True, size=SIGN_SIZE, align=center, first=False)
    for _blank in range(4):
        cell_text(right_cell, "", size=SIGN_SIZE, first=False)
    cell_text(right_cell, found.signer_name, bold=True, size=SIGN_SIZE, align=center, first=False)

    # The page number at the top, from the second page (see PAGE_NUMBER_TOP).
    page.different_first_page_header_footer = True
    number_paragraph = page.header.paragraphs[0]
    number_paragraph.alignment = center
    number = OxmlElement("w:fldSimple")
    number.set(qn("w:instr"), "PAGE")
    shown = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(PAGE_NUMBER_SIZE * 2))
    properties.append(size)
    shown.append(properties)
    placeholder = OxmlElement("w:t")
    placeholder.text = "2"  # what a reader shows until it lays the pages out
    shown.append(placeholder)
    number.append(shown)
    number_paragraph._p.append(number)

    # The annex: a page of its own after the signature, landscape when a table is wide.
    annex = document.add_section(WD_SECTION.NEW_PAGE)
    annex.different_first_page_header_footer = False  # its first page is numbered
    if found.landscape:
        annex.orientation = WD_ORIENT.LANDSCAPE
        annex.page_width, annex.page_height = Mm(PAGE_HEIGHT), Mm(PAGE_WIDTH)
    width = LANDSCAPE_WIDTH if found.landscape else PORTRAIT_WIDTH
    heading(labels["annex"], space_before=0, size=TITLE_SIZE, align=center).paragraph_format.space_after = Pt(
        0
    )
    annex_title = document.add_paragraph()
    annex_title.paragraph_format.keep_with_next = True
    write_lines(annex_title, found.annex_title_lines, bold=True, size=TITLE_SIZE, align=center)
    reference = write(
        document.add_paragraph(), found.annex_reference, italic=True, size=HEAD_SIZE, align=center
    )
    reference.paragraph_format.space_after = Pt(12)

    def grid(headers, rows, widths_mm, aligns, size, total=None):
        table = document.add_table(rows=1, cols=len(headers))
        table.style = document.styles["Table Grid"]
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for column, column_width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(column_width)
        every = [(headers, True), *((row, False) for row in rows)]
        if total is not None:
            every.append((total, True))
        for index, (values, strong) in enumerate(every):
            row = table.rows[0] if index == 0 else table.add_row()
            row_properties(row, header=index == 0)
            for cell, text, cell_width, align in zip(row.cells, values, widths_mm, aligns, strict=True):
                cell.width = Mm(cell_width)
                paragraph = cell_text(
                    cell, text, bold=strong, size=size, align=center if index == 0 else align
                )
                # Keep the rows together so that the title above stays with its first rows.
                paragraph.paragraph_format.keep_with_next = index < 2
        document.add_paragraph().paragraph_format.space_after = Pt(6)

    for kind, title_text, table in annex_tables(found):
        heading(title_text, italic=True, space_before=0)
        if kind == "figures":
            grid(
                [labels["number"], labels["figure"], labels["value"]],
                [[str(index), label, value] for index, (label, value) in enumerate(table.rows, start=1)],
                (14, PORTRAIT_WIDTH - 14 - 35, 35),  # an upright page's width, on a landscape one too
                (center, None, right),
                FIGURE_TABLE_SIZE,
            )
        else:
            unit_width = UNIT_COLUMN[found.landscape]
            figure_width = (width - unit_width) / max(len(table.headers), CHILD_COLUMNS)
            grid(
                [labels["unit"], *table.headers],
                [[name, *values] for name, values in table.rows],
                (width - figure_width * len(table.headers), *(figure_width for _header in table.headers)),
                (None, *(right for _header in table.headers)),
                CHILD_TABLE_SIZE,
                total=[labels["total"], *table.total],
            )

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- .pdf ----------------------------------------------------------------------------------
def write_pdf(found: Content) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos
    from fpdf.fonts import FontFace

    class Page(FPDF):
        def header(self):
            # The page number at the top, from the second page (see PAGE_NUMBER_TOP).
            if self.page_no() > 1:
                self.set_y(PAGE_NUMBER_TOP)
                self.set_font(FONT, "", PAGE_NUMBER_SIZE)
                self.cell(0, 6, str(self.page_no()), align="C")
                self.set_y(TOP)

    pdf = Page(orientation="P", unit="mm", format="A4")
    pdf.set_margins(left=LEFT, top=TOP, right=RIGHT)
    pdf.set_auto_page_break(True, margin=BOTTOM)
    for style, file in FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONT_DIR / file))
    pdf.set_title(found.title)
    pdf.set_creator("lamtheobac")
    pdf.add_page()
    next_line = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
    line = 6.2  # mm per line of 14 pt, as a word processor sets it single-spaced

    def lines(x, width, items, height=line):
        for text, style, size in items:
            pdf.set_font(FONT, style, size)
            pdf.set_x(x)
            pdf.multi_cell(width, height, text, align="C", **next_line)

    def room_for(height: float) -> None:
        """Start a new page unless `height` mm still fit on this one."""
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page(same=True)  # in the annex's orientation

    # The heading: issuing body on the left, the Party and the date on the right.
    top, x0 = pdf.get_y(), pdf.l_margin
    left_width, right_width = heading_widths(found)
    lines(
        x0,
        left_width,
        [
            *([(found.superior_body, "", HEAD_SIZE)] if found.superior_body else []),
            (found.issuing_body, "B", HEAD_SIZE),
            ("*", "", HEAD_SIZE),
            (found.number_line, "", HEAD_SIZE),
        ],
    )
    left_bottom = pdf.get_y()
    pdf.set_y(top)
    lines(x0 + left_width, right_width, [(PARTY, "B", PARTY_SIZE)])
    middle, half = x0 + left_width + right_width / 2, text_width(PARTY, PARTY_SIZE, "B") / 2
    rule = pdf.get_y() + 0.4
    pdf.set_line_width(0.3)
    pdf.line(middle - half, rule, middle + half, rule)
    pdf.set_y(rule + line)
    lines(x0 + left_width, right_width, [(found.date_line, "I", HEAD_SIZE)])
    pdf.set_y(max(left_bottom, pdf.get_y()) + 6)

    lines(x0, pdf.epw, [(found.labels["report"], "B", KIND_SIZE)], height=7)
    lines(x0, pdf.epw, [(text, "B", TITLE_SIZE) for text in found.title_lines])
    pdf.ln(4)

    def heading(text, style="B", size=BODY_SIZE, align="L"):
        room_for(3 * line)  # with two lines of what follows
        pdf.ln(2)
        pdf.set_font(FONT, style, size)
        pdf.multi_cell(0, line, text, align=align, **next_line)
        pdf.ln(1)

    for title_text, text in numbered(found):
        heading(title_text)
        pdf.set_font(FONT, "", BODY_SIZE)
        with pdf.text_columns(text_align="J", line_height=1.15) as columns:
            for paragraph in text.split("\n"):
                with columns.paragraph(first_line_indent=10, bottom_margin=2) as writing:
                    writing.write(paragraph)

    # Recipients on the left, the signature on the right, kept together on a page.
    labels = found.labels
    room_for(16 + 5 * max(len(found.recipients), 7))
    pdf.ln(6)
    top = pdf.get_y()
    sign_width = 95
    pdf.set_font(FONT, "BI", RECIPIENTS_LABEL_SIZE)
    pdf.set_x(x0)
    pdf.multi_cell(PORTRAIT_WIDTH - sign_width, 5.5, labels["recipients"], **next_line)
    pdf.set_font(FONT, "", RECIPIENT_SIZE)
    for recipient in found.recipients:
        pdf.set_x(x0)
        pdf.multi_cell(PORTRAIT_WIDTH - sign_width, 5, recipient, **next_line)
    pdf.set_y(top)
    signature = [(found.on_behalf, "B", SIGN_SIZE)]
    if found.signer_title:
        signature.append((found.signer_title, "B", SIGN_SIZE))
    lines(x0 + PORTRAIT_WIDTH - sign_width, sign_width, signature)
    pdf.ln(4 * line)
    lines(x0 + PORTRAIT_WIDTH - sign_width, sign_width, [(found.signer_name, "B", SIGN_SIZE)])

    # The annex: a page of its own, landscape when a table is wide.
    pdf.add_page(orientation="L" if found.landscape else "P")
    width = pdf.epw
    lines(x0, width, [(labels["annex"], "B", TITLE_SIZE)])
    lines(x0, width, [(text, "B", TITLE_SIZE) for text in found.annex_title_lines])
    lines(x0, width, [(found.annex_reference, "I", HEAD_SIZE)])
    pdf.ln(4)
    bold = FontFace(emphasis="BOLD")

    def grid(headers, rows, widths, aligns, size, total=None):
        pdf.set_font(FONT, "", size)
        with pdf.table(
            col_widths=widths,
            width=sum(widths),
            text_align=aligns,
            line_height=size * 0.45,
            headings_style=bold,
            first_row_as_headings=True,
            repeat_headings=1,  # the header row on each page; fpdf2 never splits a row
        ) as table:
            header = table.row()
            for text in headers:
                header.cell(text, align="C")
            for values in rows:
                row = table.row()
                for text in values:
                    row.cell(text)
            if total is not None:
                row = table.row(style=bold)
                for text in total:
                    row.cell(text)
        pdf.ln(3)

    for kind, title_text, table in annex_tables(found):
        heading(title_text, style="BI", size=BODY_SIZE - 1)
        if kind == "figures":
            grid(
                [labels["number"], labels["figure"], labels["value"]],
                [[str(index), label, value] for index, (label, value) in enumerate(table.rows, start=1)],
                (14, PORTRAIT_WIDTH - 14 - 35, 35),
                ("CENTER", "LEFT", "RIGHT"),
                FIGURE_TABLE_SIZE,
            )
        else:
            unit_width = UNIT_COLUMN[found.landscape]
            figure_width = (width - unit_width) / max(len(table.headers), CHILD_COLUMNS)
            grid(
                [labels["unit"], *table.headers],
                [[name, *values] for name, values in table.rows],
                (width - figure_width * len(table.headers), *(figure_width for _header in table.headers)),
                ("LEFT", *("RIGHT" for _header in table.headers)),
                CHILD_TABLE_SIZE,
                total=[labels["total"], *table.total],
            )
    return bytes(pdf.output())
