"""The obligations a level sets for the units below it, and the custom reporting
periods it defines for its subtree."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lamtheobac.core import access
from lamtheobac.core.access import Action
from lamtheobac.core.errors import DomainError
from lamtheobac.core.views import add_domain_error, paginate
from lamtheobac.reports import services
from lamtheobac.reports.forms import (
    ObligationFilterForm,
    ObligationForm,
    PeriodForm,
    periods_in_use,
)
from lamtheobac.reports.models import Obligation
from lamtheobac.reports.services.checks import requirable_choices
from lamtheobac.units.models import Kind, Level


# -- obligations --------------------------------------------------------------------------------
@login_required
def obligation_list(request):
    user = request.user
    form = ObligationFilterForm(request.GET or None, user=user)
    obligations = form.filter(Obligation.objects.visible_to(user).select_related("unit", "period"))
    page = paginate(request, obligations.order_by("-period__start", "deadline", "unit__path", "pk"))
    kinds, levels, parts = dict(Kind.choices), dict(Level.choices), dict(requirable_choices())
    rows = [
        {
            "obligation": obligation,
            "kinds": [str(kinds.get(kind, kind)) for kind in obligation.unit_kinds],
            "levels": [str(levels.get(level, level)) for level in obligation.levels],
            "required": [parts.get(name, name) for name in obligation.required_fields],
            "can_change": access.can(user, Action.APPROVE, obligation.unit),
            "completeness_url": reverse("reports:completeness")
            + "?"
            + urlencode({"unit": obligation.unit_id, "period": obligation.period.key}),
        }
        for obligation in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "form": form,
        "can_set": access.scope_paths(user, Action.APPROVE) != [],
    }
    return render(request, "reports/obligations.html", context)


@login_required
def obligation_create(request):
    user = request.user
    initial = {"unit": request.GET.get("unit", ""), "period": request.GET.get("period", "")}
    # A level asks for the same parts each time: start from what it required last.
    last = Obligation.objects.visible_to(user, Action.APPROVE).order_by("-created_at", "-pk").first()
    if last is not None:
        initial["required_fields"] = last.required_fields
    form = ObligationForm(request.POST or None, user=user, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                obligation = services.set_obligation(
                    actor=user,
                    unit=data["unit"],
                    period=data["period"],
                    title=data["title"],
                    unit_kinds=data["unit_kinds"],
                    levels=data["levels"],
                    deadline=data["deadline"],
                    note=data["note"],
                    required_fields=data["required_fields"],
                )
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(
                    request, _("The obligation “%(title)s” was set.") % {"title": obligation.title}
                )
                return redirect("reports:obligations")
        else:
            status = 400
    context = {"form": form, "obligation": None}
    return render(request, "reports/obligation_form.html", context, status=status)


def _obligation(request, pk) -> Obligation:
    queryset = Obligation.objects.select_related("unit", "period")
    return access.get_for_user(queryset, request.user, Action.APPROVE, pk=pk)


@login_required
def obligation_edit(request, pk):
    user = request.user
    obligation = _obligation(request, pk)
    initial = {name: getattr(obligation, name) for name in services.OBLIGATION_FIELDS}
    form = ObligationForm(request.POST or None, user=user, obligation=obligation, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_obligation(obligation, actor=user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(
                    request, _("The obligation “%(title)s” was saved.") % {"title": obligation.title}
                )
                return redirect("reports:obligations")
        else:
            status = 400
    context = {"form": form, "obligation": obligation}
    return render(request, "reports/obligation_form.html", context, status=status)


@login_required
def obligation_remove(request, pk):
    obligation = _obligation(request, pk)
    if request.method == "POST":
        try:
            services.remove_obligation(obligation, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error.message))
            return render(
                request, "reports/obligation_remove.html", {"obligation": obligation}, status=error.status
            )
        messages.success(request, _("The obligation “%(title)s” was removed.") % {"title": obligation.title})
        return redirect("reports:obligations")
    reports = obligation.reports.count()
    return render(request, "reports/obligation_remove.html", {"obligation": obligation, "reports": reports})


# -- periods ------------------------------------------------------------------------------------
@login_required
def period_list(request):
    user = request.user
    page = paginate(request, periods_in_use(user).select_related("defined_by"))
    context = {"page": page, "can_define": access.scope_paths(user, Action.APPROVE) != []}
    return render(request, "reports/periods.html", context)


@login_required
def period_create(request):
    user = request.user
    form = PeriodForm(request.POST or None, user=user, initial={"unit": request.GET.get("unit", "")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                period = services.define_period(actor=user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(request, _("The period “%(name)s” was defined.") % {"name": period.name})
                return redirect("reports:periods")
        else:
            status = 400
    return render(request, "reports/period_form.html", {"form": form}, status=status)
