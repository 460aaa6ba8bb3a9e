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

# The modules: `layout` (page, sizes, font, measuring), `document` (what it says),
# `word` and `pdf` (the two writers). What the rest of the app uses is here.
from lamtheobac.reports.printing.document import (
    CHILD_COLUMNS,
    ChildTable,
    Content,
    FigureTable,
    annex_tables,
    child_tables,
    content,
    figures_of,
    nfc,
    numbered,
)
from lamtheobac.reports.printing.layout import (
    FILL,
    HEAD_SIZE,
    PARTY,
    PARTY_SIZE,
    PORTRAIT_WIDTH,
    TITLE_SIZE,
    break_lines,
    heading_widths,
    text_width,
)
from lamtheobac.reports.printing.pdf import write_pdf
from lamtheobac.reports.printing.word import write_docx

__all__ = [
    "CHILD_COLUMNS",
    "FILL",
    "HEAD_SIZE",
    "PARTY",
    "PARTY_SIZE",
    "PORTRAIT_WIDTH",
    "TITLE_SIZE",
    "ChildTable",
    "Content",
    "FigureTable",
    "annex_tables",
    "break_lines",
    "child_tables",
    "content",
    "figures_of",
    "heading_widths",
    "nfc",
    "numbered",
    "text_width",
    "write_docx",
    "write_pdf",
]
