import datetime as dt
from decimal import Decimal

from lamtheobac.core.formatting import (
    format_date,
    format_document_date,
    format_number,
    format_percent,
    format_ratio,
)
from lamtheobac.core.text import fold


def test_numbers_use_dots_for_thousands_and_commas_for_decimals():
    assert format_number(1103) == "1.103"
    assert format_number(35992) == "35.992"
    assert format_number(2652000000) == "2.652.000.000"
    assert format_number(312) == "312"
    assert format_number(Decimal("95.617")) == "95,617"
    assert format_number(-1234.5, 1) == "-1.234,5"
    assert format_number(None) == ""


def test_percentages_are_written_as_officials_write_them():
    assert format_percent(Decimal("85.88")) == "85,88%"
    assert format_percent(100) == "100%"
    assert format_ratio(73, 85) == "73/85 (85,88%)"
    assert format_ratio(9, 13) == "9/13 (69,23%)"
    assert format_ratio(0, 0) == "0/0"


def test_dates_have_no_leading_zeros_in_text_but_the_document_line_pads_small_days_and_january_february():
    assert format_date(dt.date(2021, 5, 18)) == "18/5/2021"
    assert format_document_date(dt.date(2024, 1, 18), "Cao Bằng") == "Cao Bằng, ngày 18 tháng 01 năm 2024"
    assert format_document_date(dt.date(2018, 4, 3), "Hà Nội") == "Hà Nội, ngày 03 tháng 4 năm 2018"
    assert format_document_date(dt.date(2021, 2, 9), "Sơn La") == "Sơn La, ngày 09 tháng 02 năm 2021"
    assert format_document_date(dt.date(2021, 12, 31), "Sơn La") == "Sơn La, ngày 31 tháng 12 năm 2021"


def test_fold_removes_vietnamese_diacritics():
    assert fold("Đông Sơn") == "dong son"
    assert fold("  Phường  Chiềng Lề ") == "phuong chieng le"
    assert fold("NGỌC CHIẾN") == "ngoc chien"
