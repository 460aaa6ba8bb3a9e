"""Shared view machinery, the home page and the audit trail page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lamtheobac.units.forms import UnitChoiceField, offer_branch_units

from . import access
from .errors import DomainError
from .formatting import format_date
from .models import AuditEvent

PAGE_SIZE = 50
# The tree path is an internal key; in the trail it tells where a unit sat.
TREE_POSITION = _("position in the tree")


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: on the named inputs, else at the top."""
    named = {name: message for name, message in error.fields.items() if name in form.fields}
    if not named:
        form.add_error(None, str(error.message))
    for name, message in named.items():
        form.add_error(name, str(message))


def run_service(form: forms.Form, call: Callable[[], Any]) -> tuple[bool, Any]:
    """Run `call`; (True, result), or (False, None) with the DomainError on the form.

    Services run in their own transaction, so a refusal has written nothing.
    """
    try:
        return True, call()
    except DomainError as error:
        add_domain_error(form, error)
        return False, None


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@login_required
def home(request):
    from lamtheobac.accounts.models import Role
    from lamtheobac.people.models import Person
    from lamtheobac.units.models import Unit

    user = request.user
    roles = list(Role.objects.filter(user=user).select_related("unit").order_by("unit__path", "kind"))
    context = {
        "roles": roles,
        "unit_count": Unit.objects.visible_to(user).count(),
        "person_count": Person.objects.visible_to(user).count(),
        "can_audit": access.scope_paths(user, access.Action.ADMIN) != [],
    }
    return render(request, "core/home.html", context)


OBJECT_TYPES = [
    ("units.unit", _("Unit")),
    ("people.person", _("Person")),
    ("people.position", _("Position")),
    ("accounts.role", _("Role")),
]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("By"), required=False)
    object_type = forms.ChoiceField(
        label=_("Object type"), required=False, choices=[("", _("All")), *OBJECT_TYPES]
    )
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    unit = UnitChoiceField(label=_("Unit (with the units below it)"), required=False, queryset=None)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = access.units_for_choice(user, access.Action.ADMIN, open_only=False)
        offer_branch_units(self.fields["unit"], self.data.get("unit"))


def _display(field, value) -> str:
    """One audited value as a person reads it: labels for choices, dates as 18/5/2021."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if field is None:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return format_date(dt.date.fromisoformat(value[:10]))
        except ValueError:
            return value
    if field.is_relation:
        return f"#{value}"
    return str(value)


def readable_changes(event: AuditEvent) -> list[tuple[str, str, str]]:
    """(label, before, after) of the fields an event changed, without a query."""
    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, before, after in event.changes():
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        label = TREE_POSITION if name == "path" else (field.verbose_name if field else name)
        rows.append((str(label), _display(field, before), _display(field, after)))
    return rows


def _object_links(request, events) -> dict[tuple[str, str], str]:
    """Links for the units and people the page mentions: one query per type, not per row."""
    from lamtheobac.people.models import Person
    from lamtheobac.units.models import Unit

    wanted: dict[str, set[int]] = {"units.unit": set(), "people.person": set()}
    for event in events:
        if event.object_type in wanted and event.object_id.isdigit():
            wanted[event.object_type].add(int(event.object_id))
    links = {}
    for object_type, model, name in (
        ("units.unit", Unit, "units:detail"),
        ("people.person", Person, "people:detail"),
    ):
        if not wanted[object_type]:
            continue
        ids = model.objects.visible_to(request.user).filter(pk__in=wanted[object_type])
        for pk in ids.values_list("pk", flat=True):
            links[(object_type, str(pk))] = reverse(name, args=[pk])
    return links


@login_required
def audit_trail(request):
    user = request.user
    # The trail is for unit admins; anyone else meets the same 404 as for
    # anything outside their units.
    if access.scope_paths(user, access.Action.ADMIN) == []:
        raise Http404(_("Not found, or outside your units."))
    events = AuditEvent.objects.visible_to(user, access.Action.ADMIN).select_related("unit")
    form = AuditFilterForm(request.GET or None, user=user)
    if form.is_bound and form.is_valid():
        events = events.matching(**{name: value for name, value in form.cleaned_data.items() if value})
    elif form.is_bound:
        events = events.none()
    page = paginate(request, events)
    labels = dict(OBJECT_TYPES)
    links = _object_links(request, page.object_list)
    rows = [
        {
            "event": event,
            "type_label": labels.get(event.object_type, event.object_type),
            "link": links.get((event.object_type, event.object_id)),
            "changes": readable_changes(event),
        }
        for event in page.object_list
    ]
    return render(request, "core/audit.html", {"form": form, "page": page, "rows": rows})
