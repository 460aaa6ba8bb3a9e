"""The page of a printed report and the measures both writers share: A4 and its
margins, the type sizes of Hướng dẫn 36-HD/VPTW (2018) Phụ lục 3, the bundled
font, and text measured with it, so that a line measured to fit here fits in
Word, in LibreOffice and in the PDF alike (see reports.printing)."""

from __future__ import annotations

import functools
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
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

# The unit column of a table by unit: beside 5 figures upright, 9 on a landscape page.
UNIT_COLUMN = {False: 55, True: 63}

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
NBSP = "\u00a0"


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


def heading_widths(date_line: str) -> tuple[float, float]:
    """(left, right) widths in mm of the heading block: the right column holds
    "ĐẢNG CỘNG SẢN VIỆT NAM" and the place-and-date line each on one line
    (36-HD Mục II điểm 1.1.2: the heading at the top right, on the first line);
    the left one the rest of the 165 mm."""
    padding = 5  # a table cell's inner margins, both sides, and some air
    right = max(text_width(PARTY, PARTY_SIZE, "B"), text_width(date_line, HEAD_SIZE, "I")) + padding
    right = min(max(right, 90.0), PORTRAIT_WIDTH - 60)
    return PORTRAIT_WIDTH - right, right
