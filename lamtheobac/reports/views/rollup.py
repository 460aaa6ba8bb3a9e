"""The roll-up page: the live figures of a subtree for a period, preliminary or
approved, and the same figures for each unit below — those that owe a report
for the period first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from lamtheobac.reports import completeness, rollup
from lamtheobac.reports.forms import RollupForm
from lamtheobac.reports.forms.triage import OWING, ShownUnitsForm
from lamtheobac.reports.views._shared import (
    RUNNING,
    bound_form,
    child_tables,
    last_ended_quarter,
    period_nav,
    period_state,
)


@login_required
def rollup_page(request):
    user = request.user
    # The last quarter that has ended: the one whose reports are coming in.
    defaults = {"basis": rollup.PRELIMINARY}
    form = bound_form(request, RollupForm, user=user, extra_defaults=defaults, period=last_ended_quarter)
    shown = ShownUnitsForm(request.GET)
    context = {"form": form, "shown": shown}
    status = 200
    if form.is_valid() and shown.is_valid():
        unit, period, basis = (form.cleaned_data[name] for name in ("unit", "period", "basis"))
        found, rows = rollup.rollup_and_children(unit, period, user=user, basis=basis)
        owing = completeness.owing(
            completeness.obligations_for(unit, period), [row.unit for row in rows if row.unit is not None]
        )
        only = shown.cleaned_data["units"] == OWING
        query = {"unit": unit.pk, "period": period.key, "basis": basis}
        url = reverse("reports:rollup")
        context.update(
            {
                "unit": unit,
                "period": period,
                "running": period_state(period) == RUNNING,
                "nav": period_nav(url, query, period),
                "basis": basis,
                "sections": found.sections(),
                "children": child_tables(rows, owing=owing, only=only),
                "has_children": bool(rows),
                "owing_count": len(owing),
                "other_count": sum(1 for row in rows if row.unit is not None) - len(owing),
                "only_owing": only,
                "switch_urls": {
                    "owing": f"{url}?{urlencode({**query, 'units': OWING})}",
                    "all": f"{url}?{urlencode(query)}",
                },
                "year": period.start.year,
                "export_url": reverse("reports:rollup_export") + "?" + urlencode(query),
                "completeness_url": reverse("reports:completeness")
                + "?"
                + urlencode({"unit": unit.pk, "period": period.key}),
            }
        )
    else:
        status = 400
    return render(request, "reports/rollup.html", context, status=status)
