"""Document headings derived from a unit's level and kind (lamtheobac/units/headings.py),
whatever the wording of its name, and the per-unit overrides."""

from __future__ import annotations

import pytest

from lamtheobac.units import headings
from lamtheobac.units.models import Kind, Level, Unit

COMMITTEE, CELL = Kind.PARTY_COMMITTEE, Kind.PARTY_CELL


@pytest.mark.parametrize(
    ("name", "level", "kind", "issuer", "organisation", "place", "symbol"),
    [
        # A province however its name is worded.
        (
            "Tỉnh Cao Bằng",
            Level.PROVINCE,
            COMMITTEE,
            "TỈNH ỦY CAO BẰNG",
            "ĐẢNG BỘ TỈNH CAO BẰNG",
            "Cao Bằng",
            "TU",
        ),
        (
            "Đảng bộ tỉnh Cao Bằng",
            Level.PROVINCE,
            COMMITTEE,
            "TỈNH ỦY CAO BẰNG",
            "ĐẢNG BỘ TỈNH CAO BẰNG",
            "Cao Bằng",
            "TU",
        ),
        (
            "Tỉnh ủy Cao Bằng",
            Level.PROVINCE,
            COMMITTEE,
            "TỈNH ỦY CAO BẰNG",
            "ĐẢNG BỘ TỈNH CAO BẰNG",
            "Cao Bằng",
            "TU",
        ),
        (
            "Tỉnh uỷ Cao Bằng",
            Level.PROVINCE,
            COMMITTEE,
            "TỈNH ỦY CAO BẰNG",
            "ĐẢNG BỘ TỈNH CAO BẰNG",
            "Cao Bằng",
            "TU",
        ),
        (
            "Cao Bằng",
            Level.PROVINCE,
            COMMITTEE,
            "TỈNH ỦY CAO BẰNG",
            "ĐẢNG BỘ TỈNH CAO BẰNG",
            "Cao Bằng",
            "TU",
        ),
        (
            "Tỉnh Sơn Hà (dữ liệu minh họa)",
            Level.PROVINCE,
            COMMITTEE,
            "TỈNH ỦY SƠN HÀ",
            "ĐẢNG BỘ TỈNH SƠN HÀ",
            "Sơn Hà",
            "TU",
        ),
        (
            "Thành phố Hà Nội",
            Level.PROVINCE,
            COMMITTEE,
            "THÀNH ỦY HÀ NỘI",
            "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI",
            "Hà Nội",
            "TU",
        ),
        (
            "Đảng bộ Thành phố Hồ Chí Minh",
            Level.PROVINCE,
            COMMITTEE,
            "THÀNH ỦY HỒ CHÍ MINH",
            "ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH",
            "Hồ Chí Minh",
            "TU",
        ),
        # Districts, before 1/7/2025.
        (
            "Huyện Bảo Lạc",
            Level.DISTRICT,
            COMMITTEE,
            "HUYỆN ỦY BẢO LẠC",
            "ĐẢNG BỘ HUYỆN BẢO LẠC",
            "Bảo Lạc",
            "HU",
        ),
        (
            "Đảng bộ huyện Bình Lục",
            Level.DISTRICT,
            COMMITTEE,
            "HUYỆN ỦY BÌNH LỤC",
            "ĐẢNG BỘ HUYỆN BÌNH LỤC",
            "Bình Lục",
            "HU",
        ),
        (
            "Quận Ba Đình",
            Level.DISTRICT,
            COMMITTEE,
            "QUẬN ỦY BA ĐÌNH",
            "ĐẢNG BỘ QUẬN BA ĐÌNH",
            "Ba Đình",
            "QU",
        ),
        (
            "Thị xã Sơn Tây",
            Level.DISTRICT,
            COMMITTEE,
            "THỊ ỦY SƠN TÂY",
            "ĐẢNG BỘ THỊ XÃ SƠN TÂY",
            "Sơn Tây",
            "TU",
        ),
        (
            "Thành phố Hạ Long",
            Level.DISTRICT,
            COMMITTEE,
            "THÀNH ỦY HẠ LONG",
            "ĐẢNG BỘ THÀNH PHỐ HẠ LONG",
            "Hạ Long",
            "ThU",
        ),
        # Communes, wards, towns.
        (
            "Xã Đông Sơn",
            Level.COMMUNE,
            COMMITTEE,
            "ĐẢNG ỦY XÃ ĐÔNG SƠN",
            "ĐẢNG BỘ XÃ ĐÔNG SƠN",
            "Đông Sơn",
            "ĐU",
        ),
        (
            "Đảng bộ xã Đông Sơn",
            Level.COMMUNE,
            COMMITTEE,
            "ĐẢNG ỦY XÃ ĐÔNG SƠN",
            "ĐẢNG BỘ XÃ ĐÔNG SƠN",
            "Đông Sơn",
            "ĐU",
        ),
        (
            "Đảng ủy xã Đông Sơn",
            Level.COMMUNE,
            COMMITTEE,
            "ĐẢNG ỦY XÃ ĐÔNG SƠN",
            "ĐẢNG BỘ XÃ ĐÔNG SƠN",
            "Đông Sơn",
            "ĐU",
        ),
        (
            "Phường Hòa Chung",
            Level.COMMUNE,
            COMMITTEE,
            "ĐẢNG ỦY PHƯỜNG HÒA CHUNG",
            "ĐẢNG BỘ PHƯỜNG HÒA CHUNG",
            "Hòa Chung",
            "ĐU",
        ),
        (
            "Thị trấn Bình An",
            Level.COMMUNE,
            COMMITTEE,
            "ĐẢNG ỦY THỊ TRẤN BÌNH AN",
            "ĐẢNG BỘ THỊ TRẤN BÌNH AN",
            "Bình An",
            "ĐU",
        ),
        ("Phường 1", Level.COMMUNE, COMMITTEE, "ĐẢNG ỦY PHƯỜNG 1", "ĐẢNG BỘ PHƯỜNG 1", "Phường 1", "ĐU"),
        # A grassroots committee outside the administrative tree.
        (
            "Đảng bộ Công an tỉnh",
            Level.NONE,
            COMMITTEE,
            "ĐẢNG ỦY CÔNG AN TỈNH",
            "ĐẢNG BỘ CÔNG AN TỈNH",
            "",
            "ĐU",
        ),
        # Cells.
        ("Chi bộ thôn Một", Level.CELL, CELL, "CHI BỘ THÔN MỘT", "CHI BỘ THÔN MỘT", "", "CB"),
        ("Thôn Hai", Level.CELL, CELL, "CHI BỘ THÔN HAI", "CHI BỘ THÔN HAI", "", "CB"),
        # Not of the Party: its own name.
        ("Hội Nông dân tỉnh", Level.NONE, Kind.MASS_ORG, "HỘI NÔNG DÂN TỈNH", "HỘI NÔNG DÂN TỈNH", "", ""),
        ("Sở Y tế", Level.NONE, Kind.AGENCY, "SỞ Y TẾ", "SỞ Y TẾ", "", ""),
    ],
)
def test_it_names_each_level_and_kind_as_party_documents_do(
    name, level, kind, issuer, organisation, place, symbol
):
    unit = Unit(name=name, level=level, kind=kind)
    found = headings.heading(unit, ancestors=[])
    assert found == headings.Heading(issuer, organisation, place, symbol)


def test_the_units_own_fields_override_each_derived_name():
    unit = Unit(
        name="Đảng bộ tỉnh Cao Bằng",
        level=Level.PROVINCE,
        kind=COMMITTEE,
        heading_name="Ban Thường vụ Tỉnh ủy Cao Bằng",
        organisation_name="Đảng bộ tỉnh Cao Bằng (khóa XIX)",
        place_name="TP. Cao Bằng",
        symbol="BTV",
    )
    assert headings.heading(unit, ancestors=[]) == headings.Heading(
        "BAN THƯỜNG VỤ TỈNH ỦY CAO BẰNG", "ĐẢNG BỘ TỈNH CAO BẰNG (KHÓA XIX)", "TP. Cao Bằng", "BTV"
    )


@pytest.mark.django_db
def test_a_cell_or_an_agency_writes_the_place_of_the_nearest_unit_above_that_has_one(world):
    assert headings.place_name(world.cell) == "Đông Sơn"
    assert headings.place_name(world.commune) == "Đông Sơn"
    assert headings.place_name(world.province) == "Thử"
    Unit.objects.filter(pk=world.commune.pk).update(place_name="Xã Đông Sơn")
    assert headings.place_name(world.cell) == "Xã Đông Sơn"
    agency = Unit(name="Văn phòng Tỉnh ủy", level=Level.NONE, kind=Kind.AGENCY)
    assert headings.place_name(agency, ancestors=[world.province]) == "Thử"


@pytest.mark.django_db
def test_the_place_asks_one_query_at_most(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        headings.place_name(world.cell)
    with django_assert_num_queries(0):
        headings.place_name(world.commune)
