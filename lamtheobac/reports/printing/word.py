"""The printed report as a .docx (python-docx), in the layout of reports.printing."""

from __future__ import annotations

import io

from lamtheobac.reports.printing.document import CHILD_COLUMNS, Content, annex_tables, numbered
from lamtheobac.reports.printing.layout import (
    BODY_SIZE,
    BOTTOM,
    CHILD_TABLE_SIZE,
    DOCX_FONT,
    FIGURE_TABLE_SIZE,
    HEAD_SIZE,
    KIND_SIZE,
    LANDSCAPE_WIDTH,
    LEFT,
    PAGE_HEIGHT,
    PAGE_NUMBER_SIZE,
    PAGE_NUMBER_TOP,
    PAGE_WIDTH,
    PARTY,
    PARTY_SIZE,
    PORTRAIT_WIDTH,
    RECIPIENT_SIZE,
    RECIPIENTS_LABEL_SIZE,
    RIGHT,
    SIGN_SIZE,
    TITLE_SIZE,
    TOP,
    UNIT_COLUMN,
    heading_widths,
    text_width,
)


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
    left_width, right_width = heading_widths(found.date_line)
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
