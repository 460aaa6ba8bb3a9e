"""Pages of the unit tree: browse, search, and change the tree through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheobac.accounts import services as account_services
from lamtheobac.accounts.forms import GrantRoleForm
from lamtheobac.accounts.models import Role
from lamtheobac.core import access
from lamtheobac.core.access import Action
from lamtheobac.core.formatting import format_date
from lamtheobac.core.views import paginate, run_service
from lamtheobac.people.models import Person

from . import headings, services
from .forms import CloseForm, MergeForm, MoveForm, UnitFilterForm, UnitForm
from .models import Unit, UnitChange

PEOPLE_ON_UNIT_PAGE = 20
HISTORY_ON_UNIT_PAGE = 50


def _get_unit(request, pk, action=Action.VIEW) -> Unit:
    return access.get_for_user(Unit.objects.select_related("merged_into"), request.user, action, pk=pk)


def _show_closed(request) -> bool:
    return request.GET.get("closed") in ("1", "on", "true")


# --- browsing ----------------------------------------------------------------


@login_required
def unit_tree(request):
    """The roots of the user's scope, expanded node by node; or a flat, filtered list."""
    form = UnitFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    if request.GET.get("view") == "list" or data.get("q"):
        return _unit_list(request, form, data)
    paths = access.scope_paths(request.user, Action.VIEW)
    if paths is None:
        roots = Unit.objects.get_root_nodes()
        if not _show_closed(request):
            roots = roots.open_now()
    else:
        # The units of the user's roles, nested grants collapsed by scope_paths.
        roots = Unit.objects.visible_to(request.user).filter(path__in=paths)
    context = {"form": form, "roots": roots, "show_closed": _show_closed(request)}
    return render(request, "units/tree.html", context)


def breadcrumbs(units: list[Unit]) -> dict[int, list[Unit]]:
    """Each unit's ancestors, for a whole page of units in one query."""
    wanted = {path for unit in units for path in unit.ancestor_paths()}
    by_path = {ancestor.path: ancestor for ancestor in Unit.objects.filter(path__in=wanted)} if wanted else {}
    return {unit.pk: [by_path[path] for path in unit.ancestor_paths() if path in by_path] for unit in units}


def _unit_list(request, form, data):
    units = Unit.objects.visible_to(request.user)
    if data.get("q"):
        units = units.search(data["q"])
    if data.get("level"):
        units = units.filter(level=data["level"])
    if data.get("kind"):
        units = units.filter(kind=data["kind"])
    if not data.get("closed"):
        units = units.open_now()
    page = paginate(request, units.order_by("path"))
    results = list(page.object_list)
    crumbs = breadcrumbs(results)
    rows = [{"unit": unit, "crumbs": crumbs[unit.pk]} for unit in results]
    context = {"form": form, "page": page, "rows": rows, "show_closed": bool(data.get("closed"))}
    return render(request, "units/list.html", context)


@login_required
def unit_children(request, pk):
    """The children of one node, as a fragment that HTMX swaps into the tree."""
    unit = _get_unit(request, pk)
    children = Unit.objects.get_children(unit)
    if not _show_closed(request):
        children = children.open_now()
    context = {"children": children, "show_closed": _show_closed(request)}
    return render(request, "units/_children.html", context)


def _describe(change: UnitChange, unit: Unit, user) -> str:
    """One line of a unit's history, told from this unit's side."""

    def name(other: Unit | None) -> str:
        if other is None:
            return "—"
        if access.can(user, Action.VIEW, other):
            return format_html('<a href="{}">{}</a>', reverse("units:detail", args=[other.pk]), other.name)
        return format_html("{}", other.name)

    date = format_date(change.on)
    this = change.unit_id == unit.pk
    K = UnitChange.Kind
    if change.kind == K.CREATED:
        if not this:
            return _fill(
                _("%(unit)s was created under this unit on %(date)s"), unit=name(change.unit), date=date
            )
        if change.new_parent_id:
            return _fill(_("Created under %(parent)s on %(date)s"), parent=name(change.new_parent), date=date)
        return _fill(_("Created on %(date)s"), date=date)
    if change.kind == K.MOVED:
        if this:
            text = _("Moved from %(old)s to %(new)s on %(date)s")
            return _fill(text, old=name(change.old_parent), new=name(change.new_parent), date=date)
        if change.new_parent_id == unit.pk:
            text = _("%(unit)s moved here from %(old)s on %(date)s")
            return _fill(text, unit=name(change.unit), old=name(change.old_parent), date=date)
        text = _("%(unit)s moved to %(new)s on %(date)s")
        return _fill(text, unit=name(change.unit), new=name(change.new_parent), date=date)
    if change.kind == K.CLOSED:
        if this:
            return _fill(_("Closed on %(date)s"), date=date)
        return _fill(_("%(unit)s closed on %(date)s"), unit=name(change.unit), date=date)
    if change.kind == K.MERGED:
        if this:
            return _fill(_("Merged into %(other)s from %(date)s"), other=name(change.other), date=date)
        return _fill(_("%(unit)s merged into this unit from %(date)s"), unit=name(change.unit), date=date)
    return format_html("{}", str(change))


def _fill(text: str, **values) -> str:
    """Put escaped values (links allowed) into a translated "%(name)s" sentence."""
    return mark_safe(conditional_escape(text) % {k: conditional_escape(v) for k, v in values.items()})


def _detail_context(request, unit: Unit, grant_form=None) -> dict:
    user = request.user
    children = sorted(Unit.objects.get_children(unit), key=lambda child: (not child.is_open, child.path))
    people = Person.objects.visible_to(user).in_subtree(unit).select_related("unit")
    roles = Role.objects.visible_to(user).filter(unit=unit).select_related("user").order_by("user__username")
    history = list(
        UnitChange.objects.visible_to(user)
        .filter(Q(unit=unit) | Q(other=unit) | Q(new_parent=unit) | Q(old_parent=unit))
        .select_related("unit", "old_parent", "new_parent", "other")[: HISTORY_ON_UNIT_PAGE + 1]
    )
    ancestors = list(unit.ancestors())
    is_admin = access.can(user, Action.ADMIN, unit)
    return {
        "unit": unit,
        "ancestors": [(ancestor, access.can(user, Action.VIEW, ancestor)) for ancestor in ancestors],
        "children": children,
        "people": people[:PEOPLE_ON_UNIT_PAGE],
        "people_count": people.count(),
        "roles": roles,
        "history": [(change, _describe(change, unit, user)) for change in history[:HISTORY_ON_UNIT_PAGE]],
        "history_truncated": len(history) > HISTORY_ON_UNIT_PAGE,
        "history_limit": HISTORY_ON_UNIT_PAGE,
        "merged_from": Unit.objects.visible_to(user).filter(merged_into=unit),
        "merged_into_visible": unit.merged_into_id and access.can(user, Action.VIEW, unit.merged_into),
        "is_admin": is_admin,
        "grant_form": grant_form if grant_form is not None else (GrantRoleForm() if is_admin else None),
    }


@login_required
def unit_detail(request, pk):
    unit = _get_unit(request, pk)
    return render(request, "units/detail.html", _detail_context(request, unit))


# --- changing the tree ------------------------------------------------------------


def _form_page(request, template, form, unit, **extra):
    return render(request, template, {"form": form, "unit": unit, **extra})


@login_required
def unit_create(request):
    parent_pk = request.GET.get("parent", "")
    if not parent_pk.isdigit():
        raise Http404(_("Not found, or outside your units."))
    parent = _get_unit(request, int(parent_pk), Action.ADMIN)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, unit = run_service(
            form,
            lambda: services.create_unit(
                actor=request.user, parent=parent, is_demo=parent.is_demo, **form.cleaned_data
            ),
        )
        if ok:
            messages.success(request, _("%(unit)s was created.") % {"unit": unit.name})
            return redirect("units:detail", pk=unit.pk)
    return _form_page(request, "units/form.html", form, parent, creating=True)


@login_required
def unit_edit(request, pk):
    unit = _get_unit(request, pk, Action.ADMIN)
    initial = {name: getattr(unit, name) for name in services.EDITABLE_FIELDS}
    blank = Unit(**{field: getattr(unit, field) for field in ("name", "level", "kind", "path", "depth")})
    form = UnitForm(request.POST or None, initial=initial, derived=headings.heading(blank))
    if request.method == "POST" and form.is_valid():
        ok, _result = run_service(
            form, lambda: services.update_unit(unit, actor=request.user, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("%(unit)s was saved.") % {"unit": unit.name})
            return redirect("units:detail", pk=unit.pk)
    return _form_page(request, "units/form.html", form, unit, creating=False)


@login_required
def unit_close(request, pk):
    unit = _get_unit(request, pk, Action.ADMIN)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _unit = run_service(
            form, lambda: services.close_unit(unit, actor=request.user, **form.cleaned_data)
        )
        if ok:
            messages.success(
                request,
                _("%(unit)s is closed from the end of %(date)s.")
                % {"unit": unit.name, "date": format_date(form.cleaned_data["on"])},
            )
            return redirect("units:detail", pk=unit.pk)
    return _form_page(request, "units/close.html", form, unit)


@login_required
def unit_move(request, pk):
    unit = _get_unit(request, pk, Action.ADMIN)
    form = MoveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        ok, _unit = run_service(
            form, lambda: services.move_unit(unit, actor=request.user, **form.cleaned_data)
        )
        if ok:
            messages.success(
                request,
                _("%(unit)s now belongs to %(parent)s.")
                % {"unit": unit.name, "parent": form.cleaned_data["new_parent"].name},
            )
            return redirect("units:detail", pk=unit.pk)
    return _form_page(request, "units/move.html", form, unit)


@login_required
def unit_merge(request, pk):
    unit = _get_unit(request, pk, Action.ADMIN)
    form = MergeForm(request.POST or None, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sources = [unit, *data["sources"]]
        ok, into = run_service(
            form,
            lambda: services.merge_units(
                sources, into=data["into"], on=data["on"], note=data["note"], actor=request.user
            ),
        )
        if ok:
            messages.success(
                request,
                _("Merged into %(unit)s from %(date)s.")
                % {"unit": into.name, "date": format_date(data["on"])},
            )
            return redirect("units:detail", pk=into.pk)
    return _form_page(request, "units/merge.html", form, unit)


@login_required
@require_POST
def unit_grant_role(request, pk):
    unit = _get_unit(request, pk, Action.ADMIN)
    form = GrantRoleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        ok, role = run_service(
            form,
            lambda: account_services.grant_role(
                actor=request.user,
                user=account_services.find_active_user(data["username"]),
                unit=unit,
                kind=data["kind"],
            ),
        )
        if ok:
            messages.success(
                request,
                _("%(user)s now has the role %(role)s at %(unit)s.")
                % {"user": role.user.get_username(), "role": role.get_kind_display(), "unit": unit.name},
            )
            return redirect("units:detail", pk=unit.pk)
    return render(request, "units/detail.html", _detail_context(request, unit, grant_form=form))
