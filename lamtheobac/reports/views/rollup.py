"""The roll-up page: the live figures of a subtree for a period, preliminary or
approved, and the same figures for each unit below."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from lamtheobac.reports import rollup
from lamtheobac.reports.forms import (
    RollupForm,
)
from lamtheobac.reports.views._shared import bound_form, child_tables, period_choices


@login_required
def rollup_page(request):
    user = request.user
    form = bound_form(request, RollupForm, user=user, extra_defaults={"basis": rollup.PRELIMINARY})
    context = {"form": form, "periods": period_choices(user)}
    status = 200
    if form.is_valid():
        unit, period, basis = (form.cleaned_data[name] for name in ("unit", "period", "basis"))
        found, rows = rollup.rollup_and_children(unit, period, user=user, basis=basis)
        query = urlencode({"unit": unit.pk, "period": period.key, "basis": basis})
        context.update(
            {
                "unit": unit,
                "period": period,
                "basis": basis,
                "sections": found.sections(),
                "children": child_tables(rows),
                "has_children": bool(rows),
                "year": period.start.year,
                "export_url": reverse("reports:rollup_export") + "?" + query,
                "completeness_url": reverse("reports:completeness")
                + "?"
                + urlencode({"unit": unit.pk, "period": period.key}),
            }
        )
    else:
        status = 400
    return render(request, "reports/rollup.html", context, status=status)
