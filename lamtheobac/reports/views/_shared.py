"""What the report pages share: the badges of states, the default periods, the
periods offered in a datalist, and binding a filter form with its defaults."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme

from lamtheobac.core import periods as calendar_periods
from lamtheobac.core.querysets import today
from lamtheobac.core.sections import all_sections
from lamtheobac.reports import rollup
from lamtheobac.reports.forms import (
    periods_in_use,
)
from lamtheobac.reports.models import State
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


def period_choices(user):
    """The periods a page once listed in a <datalist> for a typed key. The period
    select (core.forms.PeriodField) lists its own now: lazy, so that a page still
    passing it to its template queries nothing for it."""
    return periods_in_use(user).select_related(None)[:200]


def child_tables(rows: list[rollup.ChildRow]) -> list[dict]:
    """One table per section: a row per child unit, the totals of the figures that add up."""
    totals = rollup.totals(rows)
    tables = []
    for section in all_sections():
        tables.append(
            {
                "section": section,
                "figures": section.figures,
                "rows": [
                    {
                        "row": row,
                        "badge": STATE_BADGES.get(row.report.state, "status") if row.report else "",
                        "values": [
                            (figure, row.value(section.key, figure.key)) for figure in section.figures
                        ],
                    }
                    for row in rows
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
