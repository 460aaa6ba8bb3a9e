"""What the report pages share: the badges of states, the default periods, the
periods offered in a datalist, and binding a filter form with its defaults."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from lamtheobac.core import periods as calendar_periods
from lamtheobac.core.querysets import today
from lamtheobac.core.sections import all_sections
from lamtheobac.reports import rollup
from lamtheobac.reports.models import PeriodKind, State
from lamtheobac.units.lookups import home_unit

# The badge class of each state (app.css colours).
STATE_BADGES = {
    State.DRAFT: "status",
    State.SUBMITTED: "status submitted",
    State.RETURNED: "status returned",
    State.APPROVED: "status approved",
}


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def this_quarter() -> str:
    day = today()
    return calendar_periods.quarter(day.year, (day.month - 1) // 3 + 1).key


def last_ended_quarter() -> str:
    """Reports come after their period ends: whether they came is a question about
    the quarter before this one, not about one still running."""
    return calendar_periods.parse(this_quarter()).previous().key


def owing_first(rows: list, owing: set[int] | None, *, only: bool = False) -> list[tuple]:
    """(row, owes) in the order a by-unit table shows them: the units that owe a
    report first, then the others (left out when `only`), then the row of what
    the unit records itself. Without `owing` (nothing is asked for the period):
    the rows as they come, none marked. Rows have a `unit` (None for "itself")."""
    if not owing:
        return [(row, None) for row in rows]
    units = [row for row in rows if row.unit is not None]
    first = [(row, True) for row in units if row.unit.pk in owing]
    rest = [] if only else [(row, False) for row in units if row.unit.pk not in owing]
    return [*first, *rest, *((row, None) for row in rows if row.unit is None)]


def child_tables(
    rows: list[rollup.ChildRow], *, owing: set[int] | None = None, only: bool = False
) -> list[dict]:
    """One table per section: a row per child unit, the totals of the figures that
    add up (over every row, those `only` leaves out included). With `owing`, the
    units that owe a report come first, each row marked (see owing_first)."""
    totals = rollup.totals(rows)
    shown = owing_first(rows, owing, only=only)
    tables = []
    for section in all_sections():
        tables.append(
            {
                "section": section,
                "figures": section.figures,
                "rows": [
                    {
                        "row": row,
                        "owes": owes,
                        # The first of the units that owe nothing: the table says so above it.
                        "starts_rest": owes is False and (index == 0 or shown[index - 1][1] is not False),
                        "badge": STATE_BADGES.get(row.report.state, "status") if row.report else "",
                        "values": [
                            (figure, row.value(section.key, figure.key)) for figure in section.figures
                        ],
                    }
                    for index, (row, owes) in enumerate(shown)
                ],
                "totals": [
                    totals[section.key].get(figure.key) if figure.additive else None
                    for figure in section.figures
                ],
            }
        )
    return tables


# -- roll-up and completeness ------------------------------------------------------------------
def bound_form(request, form_class, *, user, extra_defaults=None, period=this_quarter):
    """The form bound to the query; what it leaves out is the user's top unit and
    `period()` (this quarter unless said otherwise)."""
    data = request.GET.copy()
    if not data.get("unit"):
        unit = home_unit(user)
        data["unit"] = str(unit.pk) if unit else ""
    if not data.get("period"):
        data["period"] = period()
    for name, value in (extra_defaults or {}).items():
        data.setdefault(name, value)
    return form_class(data, user=user)


# -- the period a read page shows ----------------------------------------------------------------
ENDED, RUNNING, NOT_BEGUN = "ended", "running", "not_begun"


def period_state(period) -> str:
    """Whether `period` (anything with a start and an end) has ended, runs today or is to come."""
    day = today()
    if period.end < day:
        return ENDED
    return RUNNING if period.start <= day else NOT_BEGUN


def _running_like(kind: str, day) -> calendar_periods.Period:
    """The period of `kind` (month, quarter, half, year) that holds `day`."""
    if kind == "month":
        return calendar_periods.month(day.year, day.month)
    if kind == "quarter":
        return calendar_periods.quarter(day.year, (day.month - 1) // 3 + 1)
    if kind == "half":
        return calendar_periods.half(day.year, (day.month - 1) // 6 + 1)
    return calendar_periods.year(day.year)


def period_nav(url: str, query: dict, period) -> dict | None:
    """Links to the period before and after a calendar `period` (none past the one
    running) and to the running one when it is not among them, each marked
    running or not; None for a custom period, which has no neighbours."""
    if period.kind == PeriodKind.CUSTOM:
        return None
    here = calendar_periods.parse(period.key)
    running = _running_like(here.kind, today())

    def link(item: calendar_periods.Period) -> dict:
        return {
            "label": item.label,
            "url": f"{url}?{urlencode({**query, 'period': item.key})}",
            "running": period_state(item) == RUNNING,
        }

    following = here.next()
    shown = {here.key, here.previous().key, following.key}
    return {
        "previous": link(here.previous())
        if here.previous().start.year >= calendar_periods.FIRST_YEAR
        else None,
        "next": link(following) if period_state(following) != NOT_BEGUN else None,
        "running": link(running) if running.key not in shown else None,
    }
