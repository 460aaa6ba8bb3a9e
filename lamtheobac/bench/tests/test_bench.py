"""The benchmark at a tiny scale: the command works, and the roll-up's figures
equal those of the hand-written SQL (not a timed test)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lamtheobac.activities.models import Activity, ConnectionPoint
from lamtheobac.bench import builder, runner, sql
from lamtheobac.initiatives.models import Adoption, Initiative, Recognition
from lamtheobac.reports import rollup, services
from lamtheobac.units.models import Level, Unit

pytestmark = pytest.mark.django_db

SCALE = 0.01


@pytest.fixture
def bench():
    return builder.build(SCALE)


def test_it_builds_a_small_province_with_a_merged_commune_and_online_conferences(bench):
    root = bench.root
    subtree = Unit.objects.filter(path__startswith=root.path)
    assert subtree.filter(level=Level.COMMUNE, valid_to__isnull=True).count() == bench.sizes.communes
    assert subtree.filter(level=Level.CELL).count() == (
        bench.sizes.communes * bench.sizes.cells_per_commune + bench.sizes.merged_cells
    )
    merged = bench.merged
    assert merged.merged_into_id == bench.successor.pk
    assert merged.valid_to == builder.LAST_OLD_DAY
    assert merged.path.startswith(bench.successor.path)
    assert Activity.objects.filter(unit__path__startswith=root.path).count() == bench.counts["activities"]
    assert bench.counts["activities"] >= bench.sizes.activities
    assert not Activity.objects.filter(
        unit__path__startswith=merged.path, held_on__gt=builder.LAST_OLD_DAY
    ).exists()
    # Provincial online conferences over every commune and two cells of each.
    points = ConnectionPoint.objects.filter(activity__unit=root)
    assert points.values("activity").distinct().count() == bench.sizes.province_online
    assert points.count() > bench.sizes.province_online * bench.sizes.communes
    assert Initiative.objects.filter(unit__path__startswith=root.path).count() == bench.sizes.initiatives
    assert Recognition.objects.filter(initiative__unit__path__startswith=root.path).exists()
    assert Adoption.objects.filter(unit__path__startswith=root.path).exists()


@pytest.mark.parametrize("key", ["2025", "2025-Q1", "2024-H2"])
def test_the_rollup_equals_the_hand_written_sql(bench, key):
    period = services.period_for(key)
    for within in (bench.root, bench.successor, bench.merged):
        found = rollup.rollup(within, period)
        bare = sql.rollup(within, period.start, period.end)
        assert runner.compare(within.name, found.values, bare) == []
    figures = rollup.rollup(bench.root, period).values
    assert figures["activities"]["cell_meetings"] > 0
    assert figures["initiatives"]["initiatives_running"] > 0
    if key == "2025":
        assert figures["activities"]["online_conferences"] > 0
        assert figures["activities"]["committee_attended_meetings"] > 0


def test_the_rollup_by_child_equals_the_grouped_sql(bench):
    period = services.period_for("2025")
    rows = rollup.by_child(bench.root, period)
    bare = sql.by_child(bench.root, period.start, period.end)
    assert runner.compare_children(rows, bare, bench.root.path) == []
    # The merged commune counts once, inside its successor's row.
    assert bench.merged.path not in bare
    assert bench.successor.path in bare


def test_the_command_measures_and_rolls_back():
    out = StringIO()
    call_command("bench", "report", "--scale", str(SCALE), "--runs", "1", "--here", stdout=out)
    text = out.getvalue()
    assert "roll-up, province, 2025" in text
    assert "by child, province, 2025" in text
    assert "dashboard page 2025" in text
    assert "The roll-up's figures equal the SQL's." in text
    assert "MISMATCH" not in text
    assert not Unit.objects.filter(code=builder.ROOT_CODE).exists()
    assert not Activity.objects.exists()


def test_the_command_reports_a_mismatch(monkeypatch):
    real = sql.rollup

    def off_by_one(within, start, end):
        values = real(within, start, end)
        values["activities"]["talks"] += 1
        return values

    monkeypatch.setattr(sql, "rollup", off_by_one)
    out = StringIO()
    with pytest.raises(CommandError, match="differ"):
        call_command("bench", "report", "--scale", str(SCALE), "--runs", "1", "--here", stdout=out)
    assert "MISMATCH" in out.getvalue()
    assert "activities.talks" in out.getvalue()
    assert not Unit.objects.filter(code=builder.ROOT_CODE).exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--scale", "0"], "--scale"),
        (["--runs", "0"], "--runs"),
        (["--here", "--database-url", "sqlite:///x.sqlite3"], "--database-url"),
    ],
)
def test_bad_options_are_refused_and_nothing_is_built(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("bench", "report", *arguments, stdout=StringIO())
    assert not Unit.objects.filter(code=builder.ROOT_CODE).exists()


def test_it_refuses_to_build_a_second_province(bench):
    before = Unit.objects.count()
    with pytest.raises(builder.BenchError):
        builder.build(SCALE)
    assert Unit.objects.count() == before
