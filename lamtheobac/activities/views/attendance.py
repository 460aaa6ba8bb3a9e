"""Pages of the attendance rules (set at a unit, inherited down) and of the
assignments of committee members to cells.

Every object, and every unit named in a querystring, is fetched through the
access helpers first (404 for missing and for not-yours); every change goes
through a service, whose refusal comes back as a form error.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lamtheobac.core import access
from lamtheobac.core.access import Action
from lamtheobac.core.formatting import format_date, format_number
from lamtheobac.core.querysets import today
from lamtheobac.core.views import paginate, run_service
from lamtheobac.units.lookups import home_unit, unit_from_query, units_for_choice
from lamtheobac.units.models import Unit
from lamtheobac.units.views import breadcrumbs

from .. import services
from ..forms import (
    AssignmentEditForm,
    AssignmentFilterForm,
    AssignmentForm,
    ConfirmForm,
    RemoveWithReasonForm,
    RuleForm,
    UnitPickForm,
)
from ..models import Assignment, AttendanceRule, RulePeriod
from ._shared import _posted, _require_scope


def rule_text(times: int, per: str) -> str:
    """(2, "quarter") -> "2 lần/quý"."""
    return _("%(times)s times per %(per)s") % {"times": format_number(times), "per": RulePeriod(per).label}


# -- attendance rules ---------------------------------------------------------------------
def _rules_url(unit: Unit) -> str:
    return f"{reverse('activities:rules')}?unit={unit.pk}"


@login_required
def rule_list(request):
    user = request.user
    unit = unit_from_query(request) or home_unit(user)
    holding = None
    if unit is not None:
        times, per, set_at = services.rule_for(unit)
        holding = {"unit": unit, "text": rule_text(times, per), "set_at": set_at}
    picker = UnitPickForm(user=user, initial={"unit": unit.pk if unit else None})
    rules = AttendanceRule.objects.visible_to(user).select_related("unit").order_by("unit__path")
    page = paginate(request, rules)
    rows = [
        {
            "rule": rule,
            "text": rule_text(rule.times, rule.per),
            "can_admin": access.can(user, Action.ADMIN, rule.unit),
        }
        for rule in page
    ]
    context = {
        "unit": unit,
        "holding": holding,
        "picker": picker,
        "page": page,
        "rows": rows,
        "can_set": unit is not None and access.can(user, Action.ADMIN, unit),
    }
    return render(request, "activities/rule_list.html", context)


@login_required
def rule_set(request):
    """Set or change the rule of a unit; a unit admin's act."""
    user = request.user
    _require_scope(user, Action.ADMIN)
    unit = unit_from_query(request, action=Action.ADMIN)
    initial = {"times": services.DEFAULT_RULE[0], "per": services.DEFAULT_RULE[1]}
    if unit is not None:
        # Start from what holds there now: its own rule or the one inherited.
        times, per, _set_at = services.rule_for(unit)
        own = AttendanceRule.objects.filter(unit=unit).first()
        initial.update(unit=unit.pk, times=times, per=per, note=own.note if own else "")
    form = RuleForm(_posted(request), user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, rule = run_service(form, lambda: services.save_rule(actor=user, **form.cleaned_data))
        if ok:
            messages.success(
                request,
                _("The attendance rule of %(unit)s is now %(rule)s.")
                % {"unit": rule.unit.name, "rule": rule_text(rule.times, rule.per)},
            )
            return redirect(_rules_url(rule.unit))
    return render(request, "activities/rule_form.html", {"form": form, "unit": unit})


@login_required
def rule_remove(request, pk):
    user = request.user
    rule = access.get_for_user(AttendanceRule.objects.select_related("unit"), user, Action.ADMIN, pk=pk)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        ok, _result = run_service(form, lambda: services.remove_rule(rule, actor=user))
        if ok:
            times, per, _set_at = services.rule_for(rule.unit)
            messages.success(
                request,
                _("The attendance rule of %(unit)s was removed: %(rule)s now holds there.")
                % {"unit": rule.unit.name, "rule": rule_text(times, per)},
            )
            return redirect(_rules_url(rule.unit))
    context = {"form": form, "rule": rule, "text": rule_text(rule.times, rule.per)}
    return render(request, "activities/rule_remove.html", context)


# -- assignments --------------------------------------------------------------------------
@login_required
def assignment_list(request):
    user = request.user
    within = unit_from_query(request)
    form = AssignmentFilterForm(request.GET or None, user=user)
    rows = Assignment.objects.visible_to(user).select_related("person", "unit")
    rows = rows.order_by("unit__path", "person__search_name", "start_date", "id")
    if form.is_bound and not form.is_valid():
        rows = rows.none()
    on = form.cleaned_data.get("active_on") if form.is_bound and form.is_valid() else None
    if within is not None:
        rows = rows.in_subtree(within)
    if on is not None:
        rows = rows.active_between(on, on)
    page = paginate(request, rows)
    assignments = list(page.object_list)
    crumbs = breadcrumbs([assignment.unit for assignment in assignments])
    items = [
        {
            "assignment": assignment,
            # The unit the cell belongs to (the commune), to tell cells of one name apart.
            "above": (crumbs[assignment.unit.pk] or [None])[-1],
            "can_change": access.can(user, Action.CHANGE, assignment.unit),
        }
        for assignment in assignments
    ]
    context = {
        "form": form,
        "page": page,
        "items": items,
        "can_add": access.scope_paths(user, Action.CHANGE) != [],
        "within": within,
    }
    return render(request, "activities/assignment_list.html", context)


@login_required
def assignment_create(request):
    user = request.user
    _require_scope(user, Action.CHANGE)
    within = unit_from_query(request, "within")
    initial = {"start_date": today()}
    if request.method == "GET":
        cell = unit_from_query(request, action=Action.CHANGE)
        initial["unit"] = cell.pk if cell else None
        for name in ("start_date", "person"):
            if request.GET.get(name):
                initial[name] = request.GET[name]
    form = AssignmentForm(_posted(request), user=user, within=within, initial=initial)
    if request.method == "GET" and request.headers.get("HX-Request"):
        # The cell or the date changed: offer the committee members above that cell then.
        return render(request, "activities/assignment_person_field.html", {"field": form["person"]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, assignment = run_service(
            form,
            lambda: services.assign(
                actor=user,
                person=data["person"],
                cell=data["unit"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                note=data["note"],
            ),
        )
        if ok:
            messages.success(
                request,
                _("%(name)s follows %(cell)s from %(day)s.")
                % {
                    "name": assignment.person.full_name,
                    "cell": assignment.unit.name,
                    "day": format_date(assignment.start_date),
                },
            )
            return redirect(f"{reverse('activities:assignments')}?unit={assignment.unit_id}")
    context = {"form": form, "within": within, "too_many_cells": form.too_many_cells}
    if form.too_many_cells:
        # The units that hold cells, to list the cells of one of them.
        branches = units_for_choice(user, Action.CHANGE).filter(numchild__gt=0)
        context["within_choices"] = branches.only("pk", "name")
    return render(request, "activities/assignment_form.html", context)


def _get_assignment(request, pk) -> Assignment:
    queryset = Assignment.objects.select_related("person", "unit")
    return access.get_for_user(queryset, request.user, Action.CHANGE, pk=pk)


@login_required
def assignment_edit(request, pk):
    user = request.user
    assignment = _get_assignment(request, pk)
    initial = {"end_date": assignment.end_date, "note": assignment.note}
    form = AssignmentEditForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _result = run_service(
            form, lambda: services.update_assignment(assignment, actor=user, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("The assignment was saved."))
            return redirect("activities:assignments")
    return render(request, "activities/assignment_edit.html", {"form": form, "assignment": assignment})


@login_required
def assignment_remove(request, pk):
    user = request.user
    assignment = _get_assignment(request, pk)
    form = RemoveWithReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        ok, _result = run_service(
            form,
            lambda: services.remove_assignment(assignment, actor=user, reason=form.cleaned_data["reason"]),
        )
        if ok:
            messages.success(request, _("The assignment was removed."))
            return redirect("activities:assignments")
    return render(request, "activities/assignment_remove.html", {"form": form, "assignment": assignment})
