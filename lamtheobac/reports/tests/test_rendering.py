"""The printed reports as a reader lays them out: the .docx converted to PDF by
LibreOffice (headless) and the app's own PDF, read back line by line with
pdftotext -layout, their fonts listed by pdffonts (lamtheobac/reports/printing/).

One conversion for the whole module: a commune's quarterly report and the
province's (whose table by unit runs over several pages), written once.
Without soffice, pdftotext or pdffonts these tests skip, unless
LAMTHEOBAC_DOCS_REQUIRED=1 (CI sets it), which makes them fail instead."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation

from lamtheobac.core.testing import build_world, grow_communes
from lamtheobac.reports import printing, services
from lamtheobac.reports.tests.helpers import conference

# The tests read files; the mark has the test database created for the module's fixture.
pytestmark = pytest.mark.django_db

TOOLS = {name: shutil.which(name) for name in ("soffice", "pdftotext", "pdffonts")}
DATE_LINE = "Đông Sơn, ngày 02 tháng 10 năm 2023"
COMMUNE = {
    "number": "46-BC/ĐU",
    "issued_on": dt.date(2023, 10, 2),
    "signer_name": "Nguyễn Văn Đức",
    "recipients": "Ban Tuyên giáo Tỉnh ủy\nLưu Văn phòng Đảng ủy",
    "summary": "Trong quý III/2023, toàn Đảng bộ xã tổ chức 2 hội nghị học tập chuyên đề.",
    "results": "Các chi bộ tổ chức học tập chuyên đề đầy đủ, nghiêm túc.",
    "shortcomings": "Một số chi bộ chưa cụ thể hóa nội dung làm theo.",
    "directions": "Tiếp tục đưa nội dung học tập và làm theo Bác vào sinh hoạt chi bộ.",
    "proposals": "Đề nghị Ban Tuyên giáo Tỉnh ủy tiếp tục mở lớp bồi dưỡng.",
}


def _require_tools() -> None:
    missing = [name for name, path in TOOLS.items() if not path]
    if not missing:
        return
    message = f"{', '.join(missing)} missing: apt-get install libreoffice-writer-nogui poppler-utils"
    if os.environ.get("LAMTHEOBAC_DOCS_REQUIRED") == "1":
        pytest.fail(f"{message} (LAMTHEOBAC_DOCS_REQUIRED=1)", pytrace=False)
    pytest.skip(message)


def _written(directory: Path) -> dict[str, Path]:
    """Write the two reports' .docx and .pdf; the database work is rolled back."""
    files = {}
    with transaction.atomic(), translation.override("vi"):
        world = build_world()
        conference(world.cell, dt.date(2023, 8, 4), 1000, actor=world.superuser)
        conference(world.commune, dt.date(2023, 9, 12), 103, actor=world.superuser)
        for number, _commune, (cell,) in grow_communes(world, 70):
            conference(cell, dt.date(2023, 7, 1), 10 + number, actor=world.superuser)
        quarter = services.period_for("2023-Q3")
        reports = {
            "commune": services.start_report(
                actor=world.superuser, unit=world.commune, period=quarter, **COMMUNE
            ),
            "province": services.start_report(actor=world.superuser, unit=world.province, period=quarter),
        }
        for name, report in reports.items():
            found = printing.content(report)
            files[f"{name}.docx"] = directory / f"{name}.docx"
            files[f"{name}.docx"].write_bytes(printing.write_docx(found))
            files[f"{name}.pdf"] = directory / f"{name}.pdf"
            files[f"{name}.pdf"].write_bytes(printing.write_pdf(found))
        transaction.set_rollback(True)
    return files


def _pages(pdf: Path) -> list[list[str]]:
    """Each page's lines as laid out, blank ones dropped, spaces squeezed."""
    text = subprocess.run(
        [TOOLS["pdftotext"], "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = [
        [" ".join(line.split()) for line in page.splitlines() if line.strip()] for page in text.split("\f")
    ]
    return pages[:-1] if pages and not pages[-1] else pages


def _fonts(pdf: Path) -> list[str]:
    listing = subprocess.run([TOOLS["pdffonts"], str(pdf)], check=True, capture_output=True, text=True).stdout
    return [line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, django_db_setup, django_db_blocker) -> dict[str, Path]:
    _require_tools()
    directory = tmp_path_factory.mktemp("rendering")
    with django_db_blocker.unblock():
        files = _written(directory)
    # A profile of its own: another LibreOffice running on the machine cannot block this one.
    profile = (directory / "profile").as_uri()
    subprocess.run(
        [
            TOOLS["soffice"],
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(directory / "lo"),
            str(files["commune.docx"]),
            str(files["province.docx"]),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    files["commune.lo.pdf"] = directory / "lo" / "commune.pdf"
    files["province.lo.pdf"] = directory / "lo" / "province.pdf"
    return files


READERS = ["commune.lo.pdf", "commune.pdf"]  # as LibreOffice lays out the .docx, and the app's PDF


@pytest.mark.parametrize("name", READERS)
def test_the_party_heading_and_the_place_and_date_are_each_one_line(rendered, name):
    first = _pages(rendered[name])[0]
    assert any(line.endswith("ĐẢNG CỘNG SẢN VIỆT NAM") for line in first[:2]), first[:3]
    assert not any(re.search(r"VIỆT$", line) for line in first), first[:3]
    assert any(line.endswith(DATE_LINE) for line in first[:6]), first[:6]
    assert "ĐẢNG ỦY XÃ ĐÔNG SƠN" in " ".join(first[:3])
    assert any("Số 46-BC/ĐU" in line for line in first[:6])


@pytest.mark.parametrize("name", READERS)
def test_the_title_is_broken_where_a_person_would(rendered, name):
    first = _pages(rendered[name])[0]
    start = first.index("BÁO CÁO")
    assert first[start + 1 : start + 3] == [
        "Kết quả học tập và làm theo tư tưởng, đạo đức,",
        "phong cách Hồ Chí Minh quý III/2023",
    ]


@pytest.mark.parametrize("name", READERS)
def test_the_narrative_then_the_signature_then_the_annex_on_a_page_of_its_own(rendered, name):
    pages = _pages(rendered[name])
    first = pages[0]
    headings = [line for line in first if re.match(r"^[IV]+\. ", line)]
    assert headings == [
        "I. KẾT QUẢ",
        "II. HẠN CHẾ VÀ NGUYÊN NHÂN",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    assert first[0] != "1"  # no number on the first page
    signed = next(index for index, page in enumerate(pages) if any("T/M ĐẢNG ỦY" in line for line in page))
    annex = next(index for index, page in enumerate(pages) if "PHỤ LỤC" in page)
    assert annex > signed
    assert pages[annex][:2] == [str(annex + 1), "PHỤ LỤC"]  # the page number at the top, then the annex
    assert not any("Biểu " in line for page in pages[: signed + 1] for line in page)
    assert any("Xã Đông Sơn (tự tổ chức)" in line for page in pages[annex:] for line in page)


@pytest.mark.parametrize("name", ["province.lo.pdf", "province.pdf"])
def test_a_long_table_by_unit_repeats_its_header_row_on_each_page(rendered, name):
    pages = _pages(rendered[name])
    annex = next(index for index, page in enumerate(pages) if "PHỤ LỤC" in page)
    table_pages = [page for page in pages[annex:] if any(line.startswith("Xã Mới ") for line in page)]
    assert len(table_pages) >= 2
    for page in table_pages:
        rows = next(index for index, line in enumerate(page) if line.startswith("Xã Mới "))
        assert any(line.startswith("Đơn vị") for line in page[:rows]), page[:rows]
    first = _pages(rendered[name])[0]
    assert first[0].startswith("TỈNH ỦY THỬ")  # no body above the province's: its name on the first line


@pytest.mark.parametrize("name", ["commune.lo.pdf", "commune.pdf", "province.pdf"])
def test_the_pdf_is_set_in_the_times_metric_liberation_serif(rendered, name):
    fonts = _fonts(rendered[name])
    assert fonts and all(font.startswith("LiberationSerif") for font in fonts), fonts
