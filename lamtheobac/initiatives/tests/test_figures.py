"""What the initiative data adds up to: coverage, replication, lineage and
outcome totals. Every expected number is worked out by hand from the rows each
test writes, never by calling the function under test a second time."""

import datetime as dt
from decimal import Decimal

import pytest

from lamtheobac.core.querysets import today
from lamtheobac.core.testing import START, count_queries
from lamtheobac.initiatives import figures
from lamtheobac.initiatives.models import (
    Adoption,
    Initiative,
    InitiativeField,
    Outcome,
    OutcomeMeasure,
    Status,
)
from lamtheobac.units.models import Kind, Level, Unit
from lamtheobac.units.services import close_unit, merge_units

pytestmark = pytest.mark.django_db

D = dt.date
YEAR = 2024
MERGED_ON = D(2024, 7, 1)  # Xã Nam Hà joins Xã Tây Hồ; its last day is 30/6/2024


def add_unit(parent: Unit, code: str, name: str, *, kind: str, level: str = Level.NONE, **extra) -> Unit:
    extra.setdefault("valid_from", START)
    unit = Unit.objects.add_child(
        Unit.objects.get(pk=parent.pk), instance=Unit(code=code, name=name, level=level, kind=kind, **extra)
    )
    return Unit.objects.get(pk=unit.pk)


def add_commune(world, code: str, name: str, **extra) -> Unit:
    return add_unit(world.province, code, name, kind=Kind.PARTY_COMMITTEE, level=Level.COMMUNE, **extra)


def initiative(unit: Unit, *, year: int = YEAR, status: str = Status.IN_PROGRESS, title: str = "", **extra):
    registered = D(year, 2, 1)
    return Initiative.objects.create(
        unit=unit,
        title=title or f"Mô hình của {unit.name}",
        field=InitiativeField.objects.first(),
        year=year,
        registered_on=registered,
        status=status,
        status_since=registered,
        **extra,
    )


def adoption(source: Initiative, unit: Unit, on: dt.date) -> Adoption:
    return Adoption.objects.create(initiative=source, unit=unit, adopted_on=on, local_title=f"Ở {unit.name}")


def reload(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


# --- coverage --------------------------------------------------------------------------


@pytest.fixture
def area(world):
    """Bodies of two communes and the province, with and without initiatives in 2024.

    Covered in 2024: Xã Đông Sơn (own), Hội LHPN Đông Sơn (an adoption),
    UBND Tây Hồ (own), Công an tỉnh (own, suspended), and after the merger
    Xã Tây Hồ and MTTQ Tây Hồ (through Xã Nam Hà and its Front).
    Missing: the province (a 2023 initiative only), UBND Đông Sơn (dropped),
    MTTQ Đông Sơn (nothing), Công an Đông Sơn (2023 only), BCH Quân sự Tây Hồ
    (an adoption in 2023). Đoàn Thanh niên Tây Hồ closed in 2023: not expected.
    """
    units = {
        "ub1": add_unit(world.commune, "X1-UB", "UBND xã Đông Sơn", kind=Kind.GOVERNMENT),
        "mt1": add_unit(world.commune, "X1-MT", "MTTQ xã Đông Sơn", kind=Kind.FRONT),
        "pn1": add_unit(
            world.commune, "X1-PN", "Hội LHPN xã Đông Sơn", kind=Kind.MASS_ORG, mass_org_type="women"
        ),
        "ca1": add_unit(world.commune, "X1-CA", "Công an xã Đông Sơn", kind=Kind.POLICE),
        "ub2": add_unit(world.sibling, "X2-UB", "UBND xã Tây Hồ", kind=Kind.GOVERNMENT),
        "mt2": add_unit(world.sibling, "X2-MT", "MTTQ xã Tây Hồ", kind=Kind.FRONT),
        "dtn2": add_unit(
            world.sibling,
            "X2-DTN",
            "Đoàn TN xã Tây Hồ",
            kind=Kind.MASS_ORG,
            mass_org_type="youth",
            valid_to=D(2023, 6, 30),
        ),
        "qs2": add_unit(world.sibling, "X2-QS", "BCH Quân sự xã Tây Hồ", kind=Kind.MILITARY),
        "cat": add_unit(world.province, "T-CA", "Công an tỉnh", kind=Kind.POLICE),
        "x3": add_commune(world, "X3", "Xã Nam Hà"),
    }
    units["mt3"] = add_unit(units["x3"], "X3-MT", "MTTQ xã Nam Hà", kind=Kind.FRONT)
    units["x3_cell"] = add_unit(
        units["x3"], "X3-C1", "Chi bộ thôn Ba", kind=Kind.PARTY_CELL, level=Level.CELL
    )

    source = initiative(world.province, year=2023, status=Status.RECOGNISED, title="Ngày thứ bảy với dân")
    initiative(world.commune, status=Status.REGISTERED)
    initiative(world.cell, status=Status.IN_PROGRESS)  # a cell is not expected, nor counts for its commune
    initiative(units["ub1"], status=Status.DROPPED)
    adoption(source, units["pn1"], D(YEAR, 3, 8))
    initiative(units["ca1"], year=2023, status=Status.RECOGNISED)
    initiative(units["ub2"], status=Status.EVALUATED)
    initiative(world.sibling_cell, status=Status.IN_PROGRESS)
    initiative(units["dtn2"], year=2023)
    adoption(source, units["qs2"], D(2023, 12, 31))
    initiative(units["cat"], status=Status.SUSPENDED)
    initiative(units["x3"], status=Status.REPLICATED)
    initiative(units["mt3"], status=Status.REGISTERED)
    return units


def merge_nam_ha(world, units) -> None:
    merge_units([units["mt3"]], into=units["mt2"], on=MERGED_ON, actor=world.superuser)
    merge_units([units["x3"]], into=world.sibling, on=MERGED_ON, actor=world.superuser)


def by_kind(result: figures.Coverage) -> dict[str, tuple[int, int]]:
    return {row.kind: (row.expected, row.covered) for row in result.by_kind}


def missing(result: figures.Coverage) -> set[str]:
    return set(result.missing_units.values_list("code", flat=True))


def test_coverage_counts_each_kind_of_body_that_owns_or_adopted_an_initiative_in_the_year(world, area):
    merge_nam_ha(world, area)
    result = figures.coverage(world.province_admin, year=YEAR)
    assert by_kind(result) == {
        "party_committee": (3, 2),  # the province, Đông Sơn, Tây Hồ (Nam Hà closed in June)
        "government": (2, 1),
        "front": (2, 1),
        "mass_org": (1, 1),  # the youth union closed in 2023
        "agency": (0, 0),
        "police": (2, 1),
        "military": (1, 0),
    }
    assert (result.expected, result.covered, result.missing) == (11, 6, 5)
    assert [row.missing for row in result.by_kind] == [1, 1, 1, 0, 0, 1, 1]
    # In tree order: the province first, then each commune's bodies.
    assert [unit.code for unit in result.missing_units] == ["T", "X1-UB", "X1-MT", "X1-CA", "X2-QS"]
    assert result.year == YEAR and result.within is None
    assert str(result.by_kind[0].label)


def test_before_the_merger_the_successor_has_nothing_of_its_own(world, area):
    result = figures.coverage(world.province_admin, year=YEAR)
    # Without the merger, Nam Hà and its Front are open at the end of 2024 and cover
    # themselves; Tây Hồ and its Front own nothing (a cell's initiative does not count).
    assert by_kind(result)["party_committee"] == (4, 2)
    assert by_kind(result)["front"] == (3, 1)
    assert {"X2", "X2-MT"} <= missing(result)
    assert not {"X3", "X3-MT"} & missing(result)


def test_coverage_of_another_year_and_of_closed_units(world, area):
    merge_nam_ha(world, area)
    result = figures.coverage(world.province_admin, year=2023)
    # On 31/12/2023 Nam Hà was open; the youth union of Tây Hồ had closed in June.
    assert by_kind(result) == {
        "party_committee": (4, 1),  # the province's own 2023 initiative
        "government": (2, 0),
        "front": (3, 0),
        "mass_org": (1, 0),
        "agency": (0, 0),
        "police": (2, 1),  # Công an Đông Sơn
        "military": (1, 1),  # its adoption on 31/12/2023
    }
    assert "X2-DTN" not in missing(result)


def test_coverage_is_narrowed_to_the_users_units_and_to_a_subtree_and_kinds(world, area):
    merge_nam_ha(world, area)
    ours = {
        "party_committee": (1, 1),
        "government": (1, 0),
        "front": (1, 0),
        "mass_org": (1, 1),
        "agency": (0, 0),
        "police": (1, 0),
        "military": (0, 0),
    }
    assert by_kind(figures.coverage(world.editor, year=YEAR)) == ours
    assert by_kind(figures.coverage(world.province_admin, year=YEAR, within=world.commune)) == ours
    assert missing(figures.coverage(world.editor, year=YEAR)) == {"X1-UB", "X1-MT", "X1-CA"}
    theirs = figures.coverage(world.outsider, year=YEAR)
    assert (theirs.expected, theirs.covered) == (4, 3)  # Tây Hồ, its UBND and Front; its military is missing
    assert missing(theirs) == {"X2-QS"}
    # The sibling's editor does not see our commune, even when asking for it.
    assert figures.coverage(world.outsider, year=YEAR, within=world.commune).expected == 0
    fronts = figures.coverage(world.province_admin, year=YEAR, kinds=[Kind.FRONT, Kind.MILITARY])
    assert [(row.kind, row.expected, row.covered) for row in fronts.by_kind] == [
        ("front", 2, 1),
        ("military", 1, 0),
    ]
    assert missing(fronts) == {"X1-MT", "X2-QS"}
    assert figures.coverage(world.nobody, year=YEAR).expected == 0


def test_a_dropped_initiative_does_not_cover_but_an_adoption_in_the_year_does(world, area):
    ub1, pn1 = area["ub1"], area["pn1"]
    result = figures.coverage(world.province_admin, year=YEAR, within=world.commune)
    assert {"X1-UB"} <= missing(result) and "X1-PN" not in missing(result)
    initiative(ub1, status=Status.SUSPENDED, title="Một cửa thân thiện")
    Adoption.objects.filter(unit=pn1).update(adopted_on=D(2025, 1, 2))
    result = figures.coverage(world.province_admin, year=YEAR, within=world.commune)
    assert "X1-UB" not in missing(result) and "X1-PN" in missing(result)


def test_coverage_reads_in_a_fixed_number_of_queries(world, area):
    def read():
        result = figures.coverage(world.superuser, year=YEAR)
        list(result.missing_units)

    def measure() -> int:
        return count_queries(read)

    small = measure()
    for number in range(10):
        commune = add_commune(world, f"N{number}", f"Xã Mới {number}")
        body = add_unit(commune, f"N{number}-UB", f"UBND xã Mới {number}", kind=Kind.GOVERNMENT)
        initiative(body)
    assert measure() == small == 2


def test_the_reference_day_is_the_years_last_day_or_today():
    this_year = today().year
    assert figures.reference_day(2023) == D(2023, 12, 31)
    assert figures.reference_day(this_year) == today()
    assert figures.reference_day(this_year + 1) == D(this_year + 1, 1, 1)


# --- replication -----------------------------------------------------------------------


@pytest.fixture
def spread(world):
    """Đông Sơn's initiative, adopted by a cell of Tây Hồ, by Nam Hà and by a cell of its own."""
    nam_ha = add_commune(world, "X3", "Xã Nam Hà")
    bac_son = add_commune(world, "X4", "Xã Bắc Sơn")
    source = initiative(world.commune, status=Status.REPLICATED, title="Ngày thứ bảy với dân")
    adoption(source, world.sibling_cell, D(YEAR, 4, 1))
    adoption(source, nam_ha, D(YEAR, 4, 2))
    adoption(source, world.cell, D(YEAR, 4, 3))  # inside the owner: no commune gains
    return source, nam_ha, bac_son


def targets(result: figures.Replication) -> list[tuple[str, bool]]:
    return [(unit.code, unit.adopted) for unit in result.targets]


def test_replication_counts_the_communes_of_the_province_that_took_it_up(world, spread):
    source, _nam_ha, _bac_son = spread
    result = figures.replication(source, user=world.province_admin)
    assert result.within == world.province and result.level == Level.COMMUNE
    assert (result.adopted, result.total) == (2, 3)  # "2/3 xã": Tây Hồ through its cell, Nam Hà
    assert targets(result) == [("X2", True), ("X3", True), ("X4", False)]


def test_the_owner_and_its_ancestors_are_not_targets(world, spread):
    _source, nam_ha, _bac_son = spread
    from_a_cell = initiative(world.cell, status=Status.REPLICATED, title="Sổ tay đảng viên")
    adoption(from_a_cell, nam_ha, D(YEAR, 5, 1))
    result = figures.replication(from_a_cell, user=world.province_admin)
    assert targets(result) == [("X2", False), ("X3", True), ("X4", False)]
    from_the_province = initiative(world.province, status=Status.REPLICATED, title="Dân vận khéo")
    adoption(from_the_province, world.commune, D(YEAR, 5, 1))
    result = figures.replication(from_the_province, user=world.province_admin)
    assert (result.adopted, result.total) == (1, 4)
    assert targets(result)[0] == ("X1", True)
    # At the level of cells, the owner's own cells are targets.
    cells = figures.replication(spread[0], user=world.province_admin, level=Level.CELL)
    assert targets(cells) == [("X1-C1", True), ("X2-C1", True)]


def test_after_a_merger_an_adoption_counts_once_under_the_successor(world, spread):
    source, nam_ha, bac_son = spread
    adoption(source, bac_son, D(YEAR, 6, 1))
    merge_units([nam_ha], into=bac_son, on=D(2025, 1, 1), actor=world.superuser)
    result = figures.replication(source, user=world.province_admin)
    # Nam Hà closed and sits under Bắc Sơn: two targets, each counted once.
    assert targets(result) == [("X2", True), ("X4", True)]
    assert (result.adopted, result.total) == (2, 2)
    # On a day before the merger, Nam Hà was a target of its own (listed under Bắc Sơn now).
    before = figures.replication(source, user=world.province_admin, on=D(2024, 12, 31))
    assert targets(before) == [("X2", True), ("X4", True), ("X3", True)]
    assert (before.adopted, before.total) == (3, 3)
    # Without Bắc Sơn's own adoption, Nam Hà's still counts for its successor.
    Adoption.objects.filter(unit=bac_son).delete()
    result = figures.replication(source, user=world.province_admin)
    assert (result.adopted, result.total) == (2, 2)


def test_replication_on_a_day_leaves_out_units_not_open_then(world, spread):
    source, _nam_ha, bac_son = spread
    Unit.objects.filter(pk=bac_son.pk).update(valid_from=D(2025, 1, 1))
    assert [code for code, _ in targets(figures.replication(source, user=world.province_admin))] == [
        "X2",
        "X3",
        "X4",
    ]
    earlier = figures.replication(source, user=world.province_admin, on=D(2024, 6, 1))
    assert targets(earlier) == [("X2", True), ("X3", True)]


def test_replication_counts_only_what_the_user_may_see(world, spread):
    source, *_ = spread
    from_the_province = initiative(world.province, status=Status.REPLICATED, title="Dân vận khéo")
    adoption(from_the_province, world.cell, D(YEAR, 5, 1))
    mine = figures.replication(from_the_province, user=world.editor)
    assert targets(mine) == [("X1", True)] and (mine.adopted, mine.total) == (1, 1)
    theirs = figures.replication(source, user=world.outsider)
    assert targets(theirs) == [("X2", True)]


def test_replication_within_a_chosen_area(world, spread):
    source, *_ = spread
    result = figures.replication(source, user=world.province_admin, within=world.sibling, level=Level.CELL)
    assert targets(result) == [("X2-C1", True)]


def test_replication_reads_in_a_fixed_number_of_queries(world, spread):
    source, *_ = spread

    def read():
        result = figures.replication(source, user=world.superuser)
        (result.total, result.adopted, list(result.targets))

    def measure() -> int:
        return count_queries(read)

    small = measure()
    for number in range(10):
        adoption(source, add_commune(world, f"N{number}", f"Xã Mới {number}"), D(YEAR, 6, 1))
    # One for the owner's ancestors (the default scope), one for the counts, one for the list.
    assert measure() == small == 3


def test_the_default_scope_is_the_nearest_district_or_province(world):
    district = add_unit(
        world.province, "H1", "Huyện Bình An", kind=Kind.PARTY_COMMITTEE, level=Level.DISTRICT
    )
    commune = add_unit(district, "H1-X1", "Xã An Lạc", kind=Kind.PARTY_COMMITTEE, level=Level.COMMUNE)
    front = add_unit(commune, "H1-X1-MT", "MTTQ xã An Lạc", kind=Kind.FRONT)
    cases = {
        world.province: world.province,
        world.commune: world.province,
        world.cell: world.province,
        district: district,
        commune: district,
        front: district,
    }
    for owner, scope in cases.items():
        assert figures.default_scope(initiative(owner)) == scope, owner.name


def test_a_closed_districts_initiative_still_shows_the_communes_it_reached(world):
    district = add_unit(
        world.province, "H1", "Huyện Bình An", kind=Kind.PARTY_COMMITTEE, level=Level.DISTRICT
    )
    an_lac = add_unit(district, "H1-X1", "Xã An Lạc", kind=Kind.PARTY_COMMITTEE, level=Level.COMMUNE)
    an_thinh = add_unit(district, "H1-X2", "Xã An Thịnh", kind=Kind.PARTY_COMMITTEE, level=Level.COMMUNE)
    source = initiative(district, year=2023, status=Status.REPLICATED, title="Ngày thứ bảy với dân")
    adoption(source, an_lac, D(2023, 6, 3))
    adoption(source, an_thinh, D(2023, 6, 10))
    successor = add_commune(world, "X9", "Xã Bình An", valid_from=D(2025, 7, 1))
    merge_units([an_lac, an_thinh], into=successor, on=D(2025, 7, 1), actor=world.superuser)
    close_unit(reload(district), actor=world.superuser, on=D(2025, 6, 30))
    source = Initiative.objects.select_related("unit").get(pk=source.pk)
    result = figures.replication(source, user=world.province_admin)
    assert (result.adopted, result.total) == (2, 2)
    assert [unit.name for unit in result.targets] == ["Xã An Lạc", "Xã An Thịnh"]
    # On a day before the merge the answer is the same; the successor is never a target.
    assert figures.replication(source, user=world.province_admin, on=D(2024, 12, 31)).total == 2


# --- lineage ---------------------------------------------------------------------------


def test_lineage_goes_up_to_the_source_and_down_to_the_derivatives(world):
    source = initiative(world.province, year=2022, title="Ngày thứ bảy với dân")
    ours = initiative(world.commune, year=2023, title="Thứ bảy cùng dân Đông Sơn", derived_from=source)
    cell = initiative(world.cell, title="Thứ bảy về thôn Một", derived_from=ours)
    theirs = initiative(world.sibling, title="Thứ bảy cùng dân Tây Hồ", derived_from=ours)
    adopted = adoption(ours, world.sibling_cell, D(YEAR, 1, 6))

    seen_from_above = figures.lineage(ours, user=world.province_admin)
    assert seen_from_above.ancestors == [source]
    assert list(seen_from_above.derivatives) == [cell, theirs]
    assert list(seen_from_above.adoptions) == [adopted]
    assert figures.lineage(cell, user=world.province_admin).ancestors == [source, ours]
    assert list(figures.lineage(source, user=world.province_admin).derivatives) == [ours]

    # A commune's editor sees its part only: not the province's source, nor the sibling's rows.
    seen_from_below = figures.lineage(ours, user=world.editor)
    assert seen_from_below.ancestors == []
    assert list(seen_from_below.derivatives) == [cell]
    assert list(seen_from_below.adoptions) == []
    assert figures.lineage(cell, user=world.editor).ancestors == [ours]


def test_lineage_stops_on_a_loop(world):
    first = initiative(world.commune, title="Một")
    second = initiative(world.commune, title="Hai", derived_from=first)
    Initiative.objects.filter(pk=first.pk).update(derived_from=second)  # a loop the services refuse
    result = figures.lineage(Initiative.objects.get(pk=second.pk), user=world.province_admin)
    assert result.ancestors == [Initiative.objects.get(pk=first.pk)]


# --- outcome totals ----------------------------------------------------------------------


def test_outcome_totals_add_up_by_measure_over_a_subtree_and_a_year(world):
    money = OutcomeMeasure.objects.get(name="Tiền huy động, ủng hộ")
    land = OutcomeMeasure.objects.get(name="Diện tích đất hiến")
    ours = initiative(world.commune)
    cell = initiative(world.cell)
    old = initiative(world.commune, year=2023)
    theirs = initiative(world.sibling)
    for source, measure, value in [
        (ours, money, "1000000"),
        (ours, money, "500000"),
        (ours, land, "120.5"),
        (cell, money, "250000"),
        (old, money, "7"),
        (theirs, money, "9999999"),
        (theirs, land, "37647"),
    ]:
        Outcome.objects.create(initiative=source, measure=measure, value=Decimal(value), on=D(YEAR, 12, 31))

    def totals(user, **filters) -> list[tuple[str, Decimal, int]]:
        return [
            (row["measure__name"], row["total"], row["entries"])
            for row in figures.outcome_totals(user, **filters)
        ]

    assert totals(world.province_admin, within=world.commune, year=YEAR) == [
        (money.name, Decimal("1750000"), 3),
        (land.name, Decimal("120.5"), 1),
    ]
    assert totals(world.province_admin) == [
        (money.name, Decimal("11750006"), 5),
        (land.name, Decimal("37767.5"), 2),
    ]
    assert totals(world.province_admin, year=2023) == [(money.name, Decimal("7"), 1)]
    assert totals(world.editor) == [(money.name, Decimal("1750007"), 4), (land.name, Decimal("120.5"), 1)]
    assert totals(world.outsider, within=world.commune) == []
    row = figures.outcome_totals(world.province_admin, within=world.cell).get()
    assert (row["measure__unit_of_measure"], row["measure__decimals"]) == ("đồng", 0)


def test_outcome_totals_follow_a_merged_commune_to_its_successor(world):
    money = OutcomeMeasure.objects.get(name="Tiền huy động, ủng hộ")
    nam_ha = add_commune(world, "X3", "Xã Nam Hà")
    Outcome.objects.create(
        initiative=initiative(nam_ha), measure=money, value=Decimal("2652000000"), on=D(YEAR, 6, 1)
    )
    Outcome.objects.create(
        initiative=initiative(world.sibling), measure=money, value=Decimal("1420000000"), on=D(YEAR, 6, 1)
    )
    merge_units([nam_ha], into=world.sibling, on=MERGED_ON, actor=world.superuser)
    row = figures.outcome_totals(world.province_admin, within=reload(world.sibling), year=YEAR).get()
    assert (row["total"], row["entries"]) == (Decimal("4072000000"), 2)
