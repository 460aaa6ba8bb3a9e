"""The completeness page: who of a subtree owes, sent (on time or late) or has
not sent a period's report, and reminding the missing ones."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lamtheobac.core import access
from lamtheobac.core.access import Action
from lamtheobac.core.errors import DomainError
from lamtheobac.core.formatting import format_number, format_ratio
from lamtheobac.reports import completeness as completeness_module
from lamtheobac.reports import services
from lamtheobac.reports.forms import (
    CompletenessForm,
)
from lamtheobac.reports.views._shared import STATE_BADGES, bound_form, last_ended_quarter, period_choices

STATUS_LABELS = {
    completeness_module.ON_TIME: gettext_lazy("On time"),
    completeness_module.LATE: gettext_lazy("Late"),
    completeness_module.DUE: gettext_lazy("Not yet due"),
    completeness_module.OVERDUE: gettext_lazy("Overdue"),
}


def _completeness_context(request, form, **extra) -> dict:
    user = request.user
    context = {"form": form, "periods": period_choices(user), **extra}
    if not form.is_valid():
        return context
    unit, period = form.cleaned_data["unit"], form.cleaned_data["period"]
    found = completeness_module.completeness(unit, period, user=user)
    expected = found.expected
    entries = [
        {
            "entry": entry,
            "status": entry.status,
            "status_label": STATUS_LABELS[entry.status],
            "badge": STATE_BADGES.get(entry.state, "status") if entry.report else "",
        }
        for entry in found.entries
    ]
    counts = found.as_dict()
    context.update(
        {
            "unit": unit,
            "period": period,
            "found": found,
            "counts": counts,
            "rates": [
                (_("Submitted"), format_ratio(counts["submitted"], expected)),
                (_("On time"), format_ratio(counts["on_time"], expected)),
                (_("Approved"), format_ratio(counts["approved"], expected)),
            ],
            "entries": entries,
            "missing": [
                row
                for row in entries
                if row["status"] in (completeness_module.DUE, completeness_module.OVERDUE)
            ],
            "can_remind": access.can(user, Action.APPROVE, unit),
            "obligations": completeness_module.obligations_for(unit, period),
            "rollup_url": reverse("reports:rollup")
            + "?"
            + urlencode({"unit": unit.pk, "period": period.key}),
        }
    )
    return context


@login_required
def completeness_page(request):
    form = bound_form(request, CompletenessForm, user=request.user, period=last_ended_quarter)
    context = _completeness_context(request, form)
    return render(request, "reports/completeness.html", context, status=200 if form.is_valid() else 400)


@login_required
@require_POST
def completeness_remind(request):
    user = request.user
    form = CompletenessForm(request.POST, user=user)
    chosen = request.POST.getlist("units")
    status = 400
    if any(not value.isdigit() for value in chosen):
        messages.error(request, _("Choose units from the list."))
    elif request.POST.get("choosing") == "1" and not chosen:
        # From the page's ticks: none ticked is not "everyone".
        messages.error(request, _("Choose the units to remind."))
    elif form.is_valid():
        unit, period = form.cleaned_data["unit"], form.cleaned_data["period"]
        try:
            # The service keeps only the missing units of the subtree among those chosen.
            count = services.remind_missing(
                actor=user, within=unit, period=period, units=[int(value) for value in chosen] or None
            )
        except DomainError as error:
            messages.error(request, str(error.message))
            status = error.status
        else:
            messages.success(
                request, _("Reminders sent to %(count)s people.") % {"count": format_number(count)}
            )
            return redirect(
                reverse("reports:completeness") + "?" + urlencode({"unit": unit.pk, "period": period.key})
            )
    context = _completeness_context(request, form)
    return render(request, "reports/completeness.html", context, status=status)
