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
from lamtheobac.reports.forms import CompletenessForm
from lamtheobac.reports.forms.triage import TriageForm
from lamtheobac.reports.views._shared import (
    RUNNING,
    STATE_BADGES,
    bound_form,
    last_ended_quarter,
    period_nav,
    period_state,
)

MISSING = (completeness_module.DUE, completeness_module.OVERDUE)
STATUS_LABELS = {
    completeness_module.ON_TIME: gettext_lazy("On time"),
    completeness_module.LATE: gettext_lazy("Late"),
    completeness_module.DUE: gettext_lazy("Not yet due"),
    completeness_module.OVERDUE: gettext_lazy("Overdue"),
}


def _completeness_context(request, form, **extra) -> dict:
    user = request.user
    triage = TriageForm(request.GET)
    context = {"form": form, "triage": triage, **extra}
    if not (form.is_valid() and triage.is_valid()):
        return context
    unit, period = form.cleaned_data["unit"], form.cleaned_data["period"]
    found = completeness_module.completeness(unit, period, user=user)
    expected = found.expected

    def row(entry) -> dict:
        return {
            "entry": entry,
            "status": entry.status,
            "status_label": STATUS_LABELS[entry.status],
            "badge": STATE_BADGES.get(entry.state, "status") if entry.report else "",
        }

    status, sort = triage.cleaned_data["status"], triage.cleaned_data["sort"]
    missing = [row(entry) for entry in found.triage(sort="status") if entry.status in MISSING]
    counts = found.as_dict()
    query = {"unit": unit.pk, "period": period.key}
    context.update(
        {
            "unit": unit,
            "period": period,
            "running": period_state(period) == RUNNING,
            "nav": period_nav(reverse("reports:completeness"), query, period),
            "found": found,
            "counts": counts,
            "is_due": found.is_due,
            "rates": [
                (_("Submitted"), format_ratio(counts["submitted"], expected)),
                (_("On time"), format_ratio(counts["on_time"], expected)),
                (_("Approved"), format_ratio(counts["approved"], expected)),
            ],
            "entries": [row(entry) for entry in found.triage(status=status, sort=sort)],
            "filtered": bool(status),
            "missing": missing,
            "can_remind": access.can(user, Action.APPROVE, unit),
            "obligations": completeness_module.obligations_for(unit, period),
            "rollup_url": reverse("reports:rollup") + "?" + urlencode(query),
        }
    )
    return context


@login_required
def completeness_page(request):
    form = bound_form(request, CompletenessForm, user=request.user, period=last_ended_quarter)
    context = _completeness_context(request, form)
    valid = form.is_valid() and context["triage"].is_valid()
    return render(request, "reports/completeness.html", context, status=200 if valid else 400)


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
