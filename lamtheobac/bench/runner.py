"""Time the roll-up, the roll-up by child and the dashboard page against the
hand-written SQL, several runs each, and check that the figures agree."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from lamtheobac.reports import rollup as rollups
from lamtheobac.reports import services

from . import sql
from .builder import BenchData

YEAR = 2025


@dataclass
class Line:
    what: str
    rows: int | None
    queries: int | None = None
    orm: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    note: str = ""
    slowest: list[tuple[float, str]] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if not self.orm or not self.bare:
            return None
        return statistics.median(self.orm) / max(statistics.median(self.bare), 1e-9)


def timed(function: Callable[[], object], runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return times, result


def _queries(function: Callable[[], object]) -> tuple[int, list[tuple[float, str]]]:
    with CaptureQueriesContext(connection) as captured:
        function()
    found = [(float(query["time"]), query["sql"]) for query in captured.captured_queries]
    return len(found), sorted(found, reverse=True)


def _known(values: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """The sections and figures the SQL computes, without zeros."""
    return {
        section: {figure: int(values.get(section, {}).get(figure) or 0) for figure in figures}
        for section, figures in sql.SECTIONS.items()
    }


def compare(label: str, orm: dict[str, dict[str, int]], bare: dict[str, dict[str, int]]) -> list[str]:
    mismatches = []
    orm, bare = _known(orm), _known(bare)
    for section, figures in sql.SECTIONS.items():
        for figure in figures:
            if orm[section][figure] != bare[section][figure]:
                mismatches.append(
                    f"{label} {section}.{figure}: roll-up {orm[section][figure]}, SQL {bare[section][figure]}"
                )
    return mismatches


def compare_children(
    orm_rows: list[rollups.ChildRow], bare: dict[str, dict[str, dict[str, int]]], within_path: str
) -> list[str]:
    orm = {(row.unit.path if row.unit is not None else within_path): row.values for row in orm_rows}
    mismatches = []
    for path in sorted(set(orm) | set(bare)):
        mismatches += compare(path, orm.get(path, {}), bare.get(path, {}))
    return mismatches


def rollup_line(what, within, period, runs, *, user=None, basis=rollups.PRELIMINARY) -> Line:
    line = Line(what=what, rows=sql.source_rows(within, period.start, period.end))
    line.orm, result = timed(lambda: rollups.rollup(within, period, user=user, basis=basis), runs)
    line.bare, values = timed(lambda: sql.rollup(within, period.start, period.end), runs)
    line.queries, line.slowest = _queries(lambda: rollups.rollup(within, period, user=user, basis=basis))
    line.mismatches = compare(what, result.values, values)
    return line


def by_child_line(what, within, period, runs, *, user=None) -> Line:
    line = Line(what=what, rows=sql.source_rows(within, period.start, period.end))
    line.orm, rows = timed(lambda: rollups.by_child(within, period, user=user), runs)
    line.bare, values = timed(lambda: sql.by_child(within, period.start, period.end), runs)
    line.queries, line.slowest = _queries(lambda: rollups.by_child(within, period, user=user))
    line.mismatches = compare_children(rows, values, within.path)
    line.note = f"{len(rows)} rows of children"
    return line


def dashboard_line(data: BenchData, runs: int) -> Line:
    line = Line(what=f"dashboard page {YEAR}", rows=None)
    client = Client()
    client.force_login(data.user)
    url = reverse("reports:dashboard")
    query = {"unit": data.root.pk, "year": YEAR}
    with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False):
        response = client.get(url, query)
        if response.status_code == 501:
            line.note = "not measured: the dashboard page is not written yet (501)"
            return line
        if response.status_code != 200:
            line.note = f"not measured: the page answered {response.status_code}"
            return line
        line.orm, _response = timed(lambda: client.get(url, query), runs)
        line.queries, line.slowest = _queries(lambda: client.get(url, query))
    line.note = "through the test client, as a province approver; no bare SQL to compare"
    return line


def run(data: BenchData, runs: int) -> list[Line]:
    year = services.period_for(str(YEAR))
    quarter = services.period_for(f"{YEAR}-Q1")
    return [
        rollup_line(f"roll-up, province, {year.key}", data.root, year, runs),
        rollup_line(f"roll-up, province, {year.key}, as its approver", data.root, year, runs, user=data.user),
        # Every quarter of every commune and the province's year are approved: the same figures.
        rollup_line(
            f"roll-up, province, {year.key}, approved basis", data.root, year, runs, basis=rollups.APPROVED
        ),
        by_child_line(f"by child, province, {year.key}", data.root, year, runs),
        rollup_line(f"roll-up, province, {quarter.key}", data.root, quarter, runs),
        rollup_line(f"roll-up, merged commune's successor, {year.key}", data.successor, year, runs),
        dashboard_line(data, runs),
    ]


def _ms(values: list[float], pick) -> str:
    return f"{pick(values) * 1000:.0f}" if values else "—"


def table(lines: list[Line]) -> str:
    header = ("what", "rows", "queries", "ORM min ms", "median", "SQL min ms", "median", "ratio", "figures")
    body = []
    for line in lines:
        body.append(
            (
                line.what,
                f"{line.rows:,}".replace(",", ".") if line.rows is not None else "—",
                str(line.queries) if line.queries is not None else "—",
                _ms(line.orm, min),
                _ms(line.orm, statistics.median),
                _ms(line.bare, min),
                _ms(line.bare, statistics.median),
                f"{line.ratio:.2f}×" if line.ratio is not None else "—",
                ("MISMATCH" if line.mismatches else "equal") if line.bare else "—",
            )
        )
    widths = [max(len(row[index]) for row in [header, *body]) for index in range(len(header))]

    def fmt(row):
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        return "  ".join(cells)

    out = [fmt(header), "  ".join("-" * width for width in widths), *(fmt(row) for row in body)]
    out.append(
        "rows: the activities, connection points, initiatives, recognitions and adoptions "
        "the figures are made of; ratio: median ORM / median SQL"
    )
    for line in lines:
        if line.note:
            out.append(f"{line.what}: {line.note}")
    return "\n".join(out)


def explain(lines: list[Line], limit: int = 3) -> str:
    """The query plans of the slowest queries of each measured line."""
    out = []
    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    for line in lines:
        for seconds, statement in line.slowest[:limit]:
            out.append(f"--- {line.what}: {seconds * 1000:.0f} ms\n{statement}")
            with connection.cursor() as cursor:
                cursor.execute(prefix + statement)
                out.extend("    " + " | ".join(str(cell) for cell in row) for row in cursor.fetchall())
    return "\n".join(out)
