"""The printed report as a .pdf (fpdf2), set in the bundled Liberation Serif, in
the same layout as the .docx (reports.printing)."""

from __future__ import annotations

from lamtheobac.reports.printing.document import CHILD_COLUMNS, Content, annex_tables, numbered
from lamtheobac.reports.printing.layout import (
    BODY_SIZE,
    BOTTOM,
    CHILD_TABLE_SIZE,
    FIGURE_TABLE_SIZE,
    FONT,
    FONT_DIR,
    FONT_FILES,
    HEAD_SIZE,
    KIND_SIZE,
    LEFT,
    PAGE_NUMBER_SIZE,
    PAGE_NUMBER_TOP,
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
    left_width, right_width = heading_widths(found.date_line)
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
