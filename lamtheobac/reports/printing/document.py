"""What a printed report says, as text in the document's language: the heading
block, the title broken into lines, the narrative sections that are not empty,
the recipients and the signature, and the annex's figure tables (see
reports.printing for the layout, and layout for the measures)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lamtheobac.core import sections as registry
from lamtheobac.core.formatting import format_date, format_document_date, format_number
from lamtheobac.core.querysets import today
from lamtheobac.core.text import without_control
from lamtheobac.reports import rollup
from lamtheobac.reports.models import Report, State
from lamtheobac.reports.printing.layout import LANDSCAPE_WIDTH, PORTRAIT_WIDTH, TITLE_SIZE, break_lines
from lamtheobac.units import headings
from lamtheobac.units.models import Unit

# Figure columns of one table by unit: upright beside a 55 mm unit column, or, when
# a section has more, on a landscape annex beside a 63 mm one (layout.UNIT_COLUMN).
CHILD_COLUMNS = 5
CHILD_COLUMNS_LANDSCAPE = 9

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
    """The figures frozen when the report was approved, else the live ones up to its cut-off."""
    if report.state == State.APPROVED and report.figures is not None:
        return report.figures
    return rollup.of_report(report).values


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
    # Up to the cut-off; once approved, what the approval covered.
    basis = rollup.APPROVED if report.state == State.APPROVED else rollup.PRELIMINARY
    rows = rollup.by_child(report.unit, report.period, basis=basis, end=report.cutoff) if has_children else []
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
    if report.is_early:
        annex_title = _("%(title)s (figures up to %(day)s)") % {
            "title": annex_title,
            "day": format_date(report.cutoff),
        }
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
