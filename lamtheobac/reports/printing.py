"""The printed report in the party's layout (Hướng dẫn 36-HD/VPTW): what the
document says (`content`) and how it is written as a .docx and a .pdf."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from lamtheobac.core import sections as registry
from lamtheobac.core.formatting import format_document_date, format_number
from lamtheobac.core.querysets import today
from lamtheobac.core.text import without_control
from lamtheobac.reports import rollup
from lamtheobac.reports.models import Report, State
from lamtheobac.units.models import Unit

FONT_DIR = Path(__file__).resolve().parent / "fonts"


# Figure columns in one table by unit: more would not fit an A4 page upright.
CHILD_COLUMNS = 5


PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"


# The short name of the issuing body after "T/M" and the symbol of its documents.
BODIES = (
    ("BAN THƯỜNG VỤ", "BAN THƯỜNG VỤ", ""),
    ("BAN CHẤP HÀNH", "BAN CHẤP HÀNH", ""),
    ("TỈNH ỦY", "TỈNH ỦY", "TU"),
    ("THÀNH ỦY", "THÀNH ỦY", "ThU"),
    ("HUYỆN ỦY", "HUYỆN ỦY", "HU"),
    ("QUẬN ỦY", "QUẬN ỦY", "QU"),
    ("THỊ ỦY", "THỊ ỦY", "TU"),
    ("ĐẢNG ỦY", "ĐẢNG ỦY", "ĐU"),
    ("ĐẢNG BỘ", "ĐẢNG ỦY", "ĐU"),
    ("CHI BỘ", "CHI BỘ", "CB"),
    ("CHI ỦY", "CHI ỦY", "CB"),
)


# -- what the document says ---------------------------------------------------------------
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


@dataclass
class Content:
    superior_body: str
    issuing_body: str
    number_line: str
    date_line: str
    title: str
    summary: str
    figure_heading: str
    figure_tables: list[FigureTable]
    child_heading: str
    child_tables: list[ChildTable]
    narrative: list[tuple[str, str]]
    recipients: list[str]
    on_behalf: str
    signer_title: str
    signer_name: str
    labels: dict[str, str] = field(default_factory=dict)


def _body(issuing_body: str) -> tuple[str, str]:
    """(short name after "T/M", symbol) of an issuing body such as "ĐẢNG ỦY XÃ ĐÔNG SƠN"."""
    upper = issuing_body.upper()
    for prefix, short, symbol in BODIES:
        if upper.startswith(prefix):
            return short, symbol
    return upper, ""


def number_line(report: Report) -> str:
    number = nfc(report.number).strip()
    if number[:3].lower() == "số ":
        number = number[3:].strip()
    if number:
        return f"Số {number}"
    _short, symbol = _body(nfc(report.issuing_body))
    return f"Số      -BC/{symbol or '…'}"


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


def child_tables(
    unit: Unit, rows: list[rollup.ChildRow], values: dict[str, dict[str, int]]
) -> list[ChildTable]:
    """One table per section (split every CHILD_COLUMNS figures), rows by child
    unit, the figures nobody recorded left out, the total being the unit's own."""
    tables = []
    for section in registry.all_sections():
        shown = [
            figure
            for figure in section.figures
            if any(row.value(section.key, figure.key) for row in rows)
            or values.get(section.key, {}).get(figure.key, 0)
        ]
        for start in range(0, len(shown), CHILD_COLUMNS):
            chunk = shown[start : start + CHILD_COLUMNS]
            tables.append(
                ChildTable(
                    title=nfc(section.title)
                    if start == 0
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
                )
            )
    return tables


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
    tables = (
        child_tables(report.unit, rollup.by_child(report.unit, report.period), values) if has_children else []
    )
    narrative = [
        (_("Results"), _paragraphs(report.results)),
        (_("Shortcomings and limitations"), _paragraphs(report.shortcomings)),
        (_("Directions and tasks ahead"), _paragraphs(report.directions)),
        (_("Proposals and recommendations"), _paragraphs(report.proposals)),
    ]
    issuing_body = nfc(report.issuing_body).strip() or nfc(report.unit.name).upper()
    short, _symbol = _body(issuing_body)
    return Content(
        superior_body=nfc(report.superior_body).strip(),
        issuing_body=issuing_body,
        number_line=number_line(report),
        date_line=date_line(report),
        title=subtitle(report.title),
        summary=_paragraphs(report.summary),
        figure_heading=_("Figures of the period"),
        figure_tables=figure_tables,
        child_heading=_("Figures by unit"),
        child_tables=tables,
        narrative=[(heading, text) for heading, text in narrative if text],
        recipients=recipient_lines(report.recipients),
        on_behalf=f"T/M {short}",
        signer_title=nfc(report.signer_title).strip().upper(),
        signer_name=nfc(report.signer_name).strip(),
        labels={
            "report": _("REPORT"),
            "recipients": _("Recipients:"),
            "number": _("No."),
            "figure": _("Figure"),
            "value": _("Number"),
            "unit": _("Unit"),
            "total": _("Total"),
        },
    )


def parts(found: Content) -> list[tuple[str, object]]:
    """The body in order, numbered I, II, …: ("heading", text), ("text", text),
    ("figures", FigureTable), ("children", ChildTable)."""
    body: list[tuple[str, object]] = []
    number = 0

    def heading(text: str) -> None:
        nonlocal number
        number += 1
        body.append(("heading", f"{roman(number)}. {text}"))

    heading(found.figure_heading)
    if found.summary:
        body.append(("text", found.summary))
    for index, table in enumerate(found.figure_tables, start=1):
        body.append(("subheading", f"{index}. {table.title}"))
        body.append(("figures", table))
    if found.child_tables:
        heading(found.child_heading)
        for table in found.child_tables:
            body.append(("subheading", table.title))
            body.append(("children", table))
    for title, text in found.narrative:
        heading(title)
        body.append(("text", text))
    return body


# -- .docx ---------------------------------------------------------------------------------
def write_docx(found: Content) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    center, right, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY
    document = Document()
    page = document.sections[0]
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.top_margin, page.bottom_margin = Mm(20), Mm(20)
    page.left_margin, page.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")
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

    def rule_under(paragraph, indent_mm: float) -> None:
        # The short line under "ĐẢNG CỘNG SẢN VIỆT NAM": a bottom border, placed
        # in the schema's order so Word opens the file without complaint.
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

    def borderless(widths_mm):
        table = document.add_table(rows=1, cols=len(widths_mm))
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for column, cell, width in zip(table.columns, table.rows[0].cells, widths_mm, strict=True):
            column.width = cell.width = Mm(width)
        return table.rows[0].cells

    def cell_text(cell, text, *, bold=False, italic=False, size=None, align=None, first=True):
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        return write(paragraph, text, bold=bold, italic=italic, size=size, align=align)

    # The heading: issuing body on the left, the Party and the date on the right.
    # The right column holds "ĐẢNG CỘNG SẢN VIỆT NAM" on one line at 15 pt bold (about 76 mm).
    left, right_cell = borderless((70, 95))
    cell_text(left, found.superior_body, size=14, align=center)
    cell_text(left, found.issuing_body, bold=True, size=14, align=center, first=False)
    cell_text(left, "*", size=14, align=center, first=False)
    cell_text(left, found.number_line, size=14, align=center, first=False)
    party = right_cell.paragraphs[0]
    rule_under(party, 8)
    write(party, PARTY, bold=True, size=15, align=center)
    cell_text(right_cell, "", first=False)
    cell_text(right_cell, found.date_line, italic=True, size=14, align=center, first=False)

    title = document.add_paragraph()
    title.paragraph_format.space_before = Pt(18)
    write(title, found.labels["report"], bold=True, size=16, align=center)
    subtitle = document.add_paragraph()
    subtitle.paragraph_format.space_after = Pt(12)
    write(subtitle, found.title, bold=True, size=14, align=center)

    def grid(headers, rows, widths_mm, aligns, size, total=None):
        table = document.add_table(rows=1, cols=len(headers))
        table.style = document.styles["Table Grid"]
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        every = [(headers, True), *((row, False) for row in rows)]
        if total is not None:
            every.append((total, True))
        for index, (values, strong) in enumerate(every):
            cells = table.rows[0].cells if index == 0 else table.add_row().cells
            for cell, text, width, align in zip(cells, values, widths_mm, aligns, strict=True):
                cell.width = Mm(width)
                cell_text(cell, text, bold=strong, size=size, align=center if index == 0 else align)
        document.add_paragraph()

    labels = found.labels
    for kind, item in parts(found):
        if kind == "heading":
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_before = Pt(6)
            write(paragraph, item, bold=True)
        elif kind == "subheading":
            write(document.add_paragraph(), item, bold=True, italic=True)
        elif kind == "text":
            for line in item.split("\n"):
                paragraph = write(document.add_paragraph(), line, align=justify)
                paragraph.paragraph_format.first_line_indent = Mm(10)
                paragraph.paragraph_format.space_after = Pt(6)
        elif kind == "figures":
            grid(
                [labels["number"], labels["figure"], labels["value"]],
                [[str(index), label, value] for index, (label, value) in enumerate(item.rows, start=1)],
                (14, 116, 35),
                (center, None, right),
                13,
            )
        elif kind == "children":
            width = 110 / len(item.headers)
            grid(
                [labels["unit"], *item.headers],
                [[name, *values] for name, values in item.rows],
                (55, *(width for _header in item.headers)),
                (None, *(right for _header in item.headers)),
                11,
                total=[labels["total"], *item.total],
            )

    # Recipients on the left, the signature on the right.
    document.add_paragraph()
    # The right column holds "ĐẢNG CỘNG SẢN VIỆT NAM" on one line at 15 pt bold (about 76 mm).
    left, right_cell = borderless((70, 95))
    cell_text(left, labels["recipients"], bold=True, italic=True, size=12)
    for recipient in found.recipients:
        cell_text(left, recipient, size=11, first=False)
    cell_text(right_cell, found.on_behalf, bold=True, size=14, align=center)
    if found.signer_title:
        cell_text(right_cell, found.signer_title, bold=True, size=14, align=center, first=False)
    for _blank in range(4):
        cell_text(right_cell, "", first=False)
    cell_text(right_cell, found.signer_name, bold=True, size=14, align=center, first=False)

    # The page number in the footer.
    footer = page.footer.paragraphs[0]
    footer.alignment = center
    number = OxmlElement("w:fldSimple")
    number.set(qn("w:instr"), "PAGE")
    shown = OxmlElement("w:r")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"  # what a reader shows until it lays the pages out
    shown.append(placeholder)
    number.append(shown)
    footer._p.append(number)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- .pdf ----------------------------------------------------------------------------------
FONT = "DejaVuSerif"


def write_pdf(found: Content) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos
    from fpdf.fonts import FontFace

    class Page(FPDF):
        def footer(self):
            self.set_y(-14)
            self.set_font(FONT, "", 10)
            self.cell(0, 6, str(self.page_no()), align="C")

    pdf = Page(orientation="P", unit="mm", format="A4")
    pdf.set_margins(left=30, top=20, right=15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSerif.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSerif-Bold.ttf"))
    pdf.add_font(FONT, "I", str(FONT_DIR / "DejaVuSerif-Italic.ttf"))
    pdf.add_font(FONT, "BI", str(FONT_DIR / "DejaVuSerif-BoldItalic.ttf"))
    pdf.set_title(found.title)
    pdf.set_creator("lamtheobac")
    pdf.add_page()
    next_line = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}

    def lines(x, width, items, height=6):
        for text, style, size in items:
            pdf.set_font(FONT, style, size)
            pdf.set_x(x)
            pdf.multi_cell(width, height, text, align="C", **next_line)

    # The heading: issuing body on the left, the Party and the date on the right.
    top, x0 = pdf.get_y(), pdf.l_margin
    left_width, right_width = 68, pdf.epw - 68
    lines(
        x0,
        left_width,
        [
            (found.superior_body, "", 11),
            (found.issuing_body, "B", 11),
            ("*", "", 11),
            (found.number_line, "", 11),
        ],
    )
    left_bottom = pdf.get_y()
    pdf.set_y(top)
    lines(x0 + left_width, right_width, [(PARTY, "B", 12)])
    pdf.set_font(FONT, "B", 12)
    middle, half = x0 + left_width + right_width / 2, pdf.get_string_width(PARTY) / 2
    rule = pdf.get_y() + 0.6
    pdf.set_line_width(0.3)
    pdf.line(middle - half, rule, middle + half, rule)
    pdf.set_y(rule + 3)
    lines(x0 + left_width, right_width, [(found.date_line, "I", 11)])
    pdf.set_y(max(left_bottom, pdf.get_y()) + 8)

    lines(x0, pdf.epw, [(found.labels["report"], "B", 14)], height=7)
    lines(x0, pdf.epw, [(found.title, "B", 12)], height=6)
    pdf.ln(4)

    labels = found.labels
    bold = FontFace(emphasis="BOLD")

    def grid(headers, rows, widths, aligns, size, total=None):
        pdf.set_font(FONT, "", size)
        with pdf.table(
            col_widths=widths,
            text_align=aligns,
            line_height=size * 0.5,
            headings_style=bold,
            first_row_as_headings=True,
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

    for kind, item in parts(found):
        if kind == "heading":
            pdf.ln(1)
            pdf.set_font(FONT, "B", 12)
            pdf.multi_cell(0, 6.5, item, **next_line)
        elif kind == "subheading":
            pdf.set_font(FONT, "BI", 11.5)
            pdf.multi_cell(0, 6.5, item, **next_line)
        elif kind == "text":
            pdf.set_font(FONT, "", 11.5)
            for line in item.split("\n"):
                pdf.multi_cell(0, 6.5, f"        {line}", align="J", **next_line)
                pdf.ln(1.5)
        elif kind == "figures":
            grid(
                [labels["number"], labels["figure"], labels["value"]],
                [[str(index), label, value] for index, (label, value) in enumerate(item.rows, start=1)],
                (12, 118, 35),
                ("CENTER", "LEFT", "RIGHT"),
                11,
            )
        elif kind == "children":
            grid(
                [labels["unit"], *item.headers],
                [[name, *values] for name, values in item.rows],
                (55, *(110 / len(item.headers) for _header in item.headers)),
                ("LEFT", *("RIGHT" for _header in item.headers)),
                9,
                total=[labels["total"], *item.total],
            )

    # Recipients on the left, the signature on the right, kept together on a page.
    needed = 14 + 5 * max(len(found.recipients), 6)
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(6)
    top = pdf.get_y()
    pdf.set_font(FONT, "BI", 10.5)
    pdf.set_x(x0)
    pdf.multi_cell(left_width + 7, 5.5, labels["recipients"], **next_line)
    pdf.set_font(FONT, "", 9.5)
    for recipient in found.recipients:
        pdf.set_x(x0)
        pdf.multi_cell(left_width + 7, 5, recipient, **next_line)
    pdf.set_y(top)
    signature = [(found.on_behalf, "B", 12)]
    if found.signer_title:
        signature.append((found.signer_title, "B", 12))
    lines(x0 + left_width, right_width, signature)
    pdf.ln(20)
    lines(x0 + left_width, right_width, [(found.signer_name, "B", 12)])
    return bytes(pdf.output())
