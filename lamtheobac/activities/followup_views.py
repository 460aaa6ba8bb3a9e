"""Pages of the year's topics, the attendance rules, the committee members'
assignments to cells, the compliance view and the activity figures.

Every object, and every unit named in a querystring, is fetched through
access.get_for_user first (404 for missing and for not-yours); every change
goes through a service, whose refusal comes back as a form error.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheobac.core import access, periods
from lamtheobac.core.access import Action
from lamtheobac.core.formatting import format_date, format_number
from lamtheobac.core.querysets import today
from lamtheobac.core.views import PAGE_SIZE, paginate, run_service
from lamtheobac.units.lookups import home_unit, units_for_choice
from lamtheobac.units.models import Unit
from lamtheobac.units.views import breadcrumbs

from . import figures, services
from .forms import (
    AssignmentEditForm,
    AssignmentFilterForm,
    AssignmentForm,
    ConfirmForm,
    FiguresForm,
    RemoveWithReasonForm,
    ReportForm,
    RuleForm,
    TopicFilterForm,
    TopicForm,
    UnitPickForm,
)
from .models import Assignment, AttendanceRule, RulePeriod, Topic


# -- shared helpers ---------------------------------------------------------------------
def _not_found() -> Http404:
    return Http404(_("Not found, or outside your units."))


def _unit_from_query(request, name: str = "unit", action: Action = Action.VIEW) -> Unit | None:
    """The unit a querystring names: None when it names none, 404 when it is not the user's."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise _not_found()
    return access.get_for_user(Unit.objects.all(), request.user, action, pk=int(raw))


def _roots(user) -> list[Unit]:
    """The top units of the user's scope: where their roles are (nested ones collapsed)."""
    paths = access.scope_paths(user, Action.VIEW)
    if paths is None:
        return list(Unit.objects.get_root_nodes().open_now())
    if not paths:
        return []
    return list(Unit.objects.filter(path__in=paths).order_by("path"))


def _posted(request):
    # A confirmation posts no field: an empty POST is still a submission.
    return request.POST if request.method == "POST" else None


def _require_scope(user, action: Action) -> None:
    # Someone who may do `action` nowhere meets the same 404 as for anything
    # outside their units, rather than a form they could never send.
    if access.scope_paths(user, action) == []:
        raise _not_found()


def _query(request, drop: tuple[str, ...] = (), **changes) -> str:
    """This page's querystring with some values changed; pages are reset."""
    params = request.GET.copy()
    for name in ("page", "missed_page", "met_page", *drop):
        params.pop(name, None)
    for name, value in changes.items():
        params[name] = value
    return f"?{params.urlencode()}"


def _pager(request, items, param: str) -> dict:
    """One of several paginated lists on a page, each with its own page number."""
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get(param))
    params = request.GET.copy()

    def link(number):
        params[param] = number
        return f"?{params.urlencode()}"

    return {
        "page": page,
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
    }


def rule_text(times: int, per: str) -> str:
    """(2, "quarter") -> "2 lần/quý"."""
    return _("%(times)s times per %(per)s") % {"times": format_number(times), "per": RulePeriod(per).label}


def window_label(start: dt.date, end: dt.date) -> str:
    """A stretch of whole months as officials name it: tháng 3/2025, quý I/2025, năm 2025."""
    if (start.year, start.month) == (end.year, end.month):
        return periods.month(start.year, start.month).label
    if start.month % 3 == 1 and end == periods.quarter(start.year, start.month // 3 + 1).end:
        return periods.quarter(start.year, start.month // 3 + 1).label
    if start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31):
        return periods.year(start.year).label
    return _("months %(first)s to %(last)s") % {
        "first": f"{start.month}/{start.year}",
        "last": f"{end.month}/{end.year}",
    }


# -- the yearly topic ---------------------------------------------------------------------
@login_required
def topic_list(request):
    user = request.user
    form = TopicFilterForm(request.GET or None, user=user)
    within = _unit_from_query(request)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = data.get("year")
    shown_year = year or today().year
    holding = []
    for root in _roots(user):
        topic = services.topic_for(root, shown_year)
        inherited = topic.unit if topic is not None and topic.unit_id != root.pk else None
        holding.append({"unit": root, "topic": topic, "inherited_from": inherited})
    topics = Topic.objects.visible_to(user).select_related("unit").order_by("-year", "unit__path", "id")
    if form.is_bound and not form.is_valid():
        topics = topics.none()
    if within is not None:
        topics = topics.in_subtree(within)
    if year:
        topics = topics.filter(year=year)
    page = paginate(request, topics)
    rows = [{"topic": topic, "can_change": access.can(user, Action.CHANGE, topic.unit)} for topic in page]
    context = {
        "form": form,
        "shown_year": shown_year,
        "holding": holding,
        "page": page,
        "rows": rows,
        "can_add": access.scope_paths(user, Action.CHANGE) != [],
    }
    return render(request, "activities/topic_list.html", context)


def _topics_url(year: int) -> str:
    return f"{reverse('activities:topics')}?year={year}"


@login_required
def topic_create(request):
    user = request.user
    _require_scope(user, Action.CHANGE)
    unit = _unit_from_query(request, action=Action.CHANGE) or home_unit(user, Action.CHANGE)
    initial = {"year": today().year, "unit": unit.pk if unit else None}
    form = TopicForm(_posted(request), user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, topic = run_service(form, lambda: services.set_topic(actor=user, **form.cleaned_data))
        if ok:
            messages.success(
                request,
                _("The topic of %(unit)s for %(year)s was saved.")
                % {"unit": topic.unit.name, "year": topic.year},
            )
            return redirect(_topics_url(topic.year))
    return render(request, "activities/topic_form.html", {"form": form, "topic": None})


@login_required
def topic_edit(request, pk):
    user = request.user
    topic = access.get_for_user(Topic.objects.select_related("unit"), user, Action.CHANGE, pk=pk)
    initial = {
        name: getattr(topic, name) for name in ("year", "title", "document_number", "document_date", "note")
    }
    form = TopicForm(_posted(request), user=user, topic=topic, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, topic = run_service(form, lambda: services.update_topic(topic, actor=user, **form.cleaned_data))
        if ok:
            messages.success(
                request,
                _("The topic of %(unit)s for %(year)s was saved.")
                % {"unit": topic.unit.name, "year": topic.year},
            )
            return redirect(_topics_url(topic.year))
    return render(request, "activities/topic_form.html", {"form": form, "topic": topic})


@login_required
def topic_remove(request, pk):
    user = request.user
    topic = access.get_for_user(Topic.objects.select_related("unit"), user, Action.CHANGE, pk=pk)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        ok, _result = run_service(form, lambda: services.remove_topic(topic, actor=user))
        if ok:
            messages.success(request, _("The topic was removed."))
            return redirect(_topics_url(topic.year))
    return render(request, "activities/topic_remove.html", {"form": form, "topic": topic})


# -- attendance rules ---------------------------------------------------------------------
def _rules_url(unit: Unit) -> str:
    return f"{reverse('activities:rules')}?unit={unit.pk}"


@login_required
def rule_list(request):
    user = request.user
    unit = _unit_from_query(request) or home_unit(user)
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
    unit = _unit_from_query(request, action=Action.ADMIN)
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
    within = _unit_from_query(request)
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
    within = _unit_from_query(request, "within")
    initial = {"start_date": today()}
    if request.method == "GET":
        cell = _unit_from_query(request, action=Action.CHANGE)
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


# -- compliance ---------------------------------------------------------------------------
def _link(request, period: periods.Period) -> str:
    # A period replaces any dates the figures page was given.
    return _query(request, drop=("date_from", "date_to"), period=period.key)


def _period_links(request, period: periods.Period) -> dict:
    """Previous and next, and the month, quarter and year around the period's start."""
    start = period.start
    around = [
        periods.month(start.year, start.month),
        periods.quarter(start.year, (start.month - 1) // 3 + 1),
        periods.year(start.year),
    ]
    return {
        "previous": {"label": period.previous().label, "url": _link(request, period.previous())},
        "next": {"label": period.next().label, "url": _link(request, period.next())},
        "kinds": [
            {"label": item.label, "url": _link(request, item), "current": item.key == period.key}
            for item in around
        ],
    }


def _compliance_rows(member) -> list[dict]:
    return [
        {
            "cell": row.assignment.unit,
            "rule": rule_text(row.times, row.per),
            "required": row.required,
            "attended": row.attended,
            "met": row.met,
            "missed": [
                {
                    "label": window_label(window.start, window.end),
                    "attended": window.attended,
                    "required": window.required,
                }
                for window in row.missed_windows
            ],
        }
        for row in member.rows
    ]


def _report_data(request, unit: Unit | None, default: periods.Period) -> dict:
    """The querystring, with the unit and period the page shows when it names none."""
    data = request.GET.copy()
    if unit is not None and not data.get("unit"):
        data["unit"] = str(unit.pk)
    if not any(data.get(name) for name in ("period", "date_from", "date_to")):
        data["period"] = default.key
    return data


@login_required
def compliance_page(request):
    user = request.user
    unit = _unit_from_query(request) or home_unit(user)
    form = ReportForm(_report_data(request, unit, periods.month(today().year, today().month)), user=user)
    period = form.cleaned_data["period"] if form.is_valid() else None
    context = {"form": form, "unit": unit, "period": period, "result": None}
    if unit is not None and period is not None:
        result = services.compliance(unit, period, user=user)
        members = result.members
        not_met = [{"member": m, "rows": _compliance_rows(m)} for m in members if not m.met]
        met = [{"member": m, "rows": _compliance_rows(m)} for m in members if m.met]
        cells = paginate(request, result.unvisited_cells)
        crumbs = breadcrumbs(list(cells.object_list))
        context.update(
            result=result,
            met_count=len(met),
            not_met_count=len(not_met),
            missed=_pager(request, not_met, "missed_page"),
            met=_pager(request, met, "met_page"),
            cells=cells,
            cell_rows=[
                {
                    "unit": cell,
                    "crumbs": crumbs[cell.pk],
                    "can_assign": access.can(user, Action.CHANGE, cell),
                }
                for cell in cells.object_list
            ],
            links=_period_links(request, period),
        )
    return render(request, "activities/compliance.html", context)


# -- figures -------------------------------------------------------------------------------
# The figures a report prints, grouped as a report groups them.
FIGURE_SECTIONS = (
    (
        gettext_lazy("Study conferences"),
        (
            ("in_person_conferences", gettext_lazy("In-person conferences")),
            ("in_person_attendances", gettext_lazy("Attendances at in-person conferences")),
            ("online_conferences", gettext_lazy("Online conferences")),
            ("online_points", gettext_lazy("Connection points of online conferences")),
            ("online_attendances", gettext_lazy("Attendances at online conferences")),
            ("talks", gettext_lazy("Talks")),
            ("talk_attendances", gettext_lazy("Attendances at talks")),
        ),
    ),
    (
        gettext_lazy("Cell meetings"),
        (
            ("cell_meetings", gettext_lazy("Cell meetings")),
            ("cell_meetings_with_topic", gettext_lazy("Cell meetings with topic content")),
            ("thematic_cell_meetings", gettext_lazy("Thematic cell meetings")),
            (
                "committee_attended_meetings",
                gettext_lazy("Cell meetings attended by a higher-level committee member"),
            ),
        ),
    ),
    (
        gettext_lazy("Other activities"),
        (
            ("flag_ceremonies", gettext_lazy("Flag ceremonies")),
            ("days_with_people", gettext_lazy("Days with the people")),
            ("other_activities", gettext_lazy("Other activities")),
        ),
    ),
)


@login_required
def figures_page(request):
    user = request.user
    unit = _unit_from_query(request) or home_unit(user)
    form = FiguresForm(_report_data(request, unit, periods.year(today().year)), user=user)
    context = {"form": form, "unit": unit, "result": None}
    if unit is not None and form.is_valid():
        data = form.cleaned_data
        period = None
        if data.get("date_from"):
            start, end = data["date_from"], data["date_to"]
            label = _("from %(start)s to %(end)s") % {"start": format_date(start), "end": format_date(end)}
        else:
            period = data["period"]
            start, end, label = period.start, period.end, period.label
        result = figures.activity_figures(unit, start, end, user=user)
        values = result.as_dict()
        context.update(
            result=result,
            label=label,
            sections=[
                {
                    "title": title,
                    "rows": [{"label": text, "value": format_number(values[name])} for name, text in rows],
                }
                for title, rows in FIGURE_SECTIONS
            ],
            sentence=result.sentence(),
            links=_period_links(request, period) if period is not None else None,
        )
    return render(request, "activities/figures.html", context)
