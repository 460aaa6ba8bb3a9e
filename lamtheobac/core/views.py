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
    from lamtheobac.reports import todo
    from lamtheobac.units.models import Unit

    user = request.user
    roles = list(Role.objects.filter(user=user).select_related("unit").order_by("unit__path", "kind"))
    context = {
        "roles": roles,
        "todo": todo.for_user(user),
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
    ("initiatives.initiative", _("Initiative")),
    ("initiatives.adoption", _("Adoption")),
    ("initiatives.evaluation", _("Evaluation")),
    ("initiatives.recognition", _("Recognition")),
    ("initiatives.outcome", _("Outcome")),
    ("initiatives.resultentry", _("Result entry")),
    ("initiatives.attachment", _("Attachment")),
    ("activities.activity", _("Activity")),
    ("activities.connectionpoint", _("Connection point")),
    ("activities.activityattachment", _("Attachment of an activity")),
    ("activities.topic", _("Yearly topic")),
    ("activities.attendancerule", _("Attendance rule")),
    ("activities.assignment", _("Assignment to a cell")),
    ("activities.activitykind", _("Kind of activity")),
    ("activities.importjob", _("Import of activities")),
    ("reports.report", _("Report")),
    ("reports.obligation", _("Reporting obligation")),
    ("reports.reportingperiod", _("Reporting period")),
    ("reports.reportdocument", _("Report document")),
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
        if field is not None and field.auto_created and not field.concrete:
            # A reverse relation kept in the snapshot (an activity's "points"): it has
            # no verbose name of its own, the related model's plural names it.
            label, field = field.related_model._meta.verbose_name_plural, None
        else:
            label = TREE_POSITION if name == "path" else (field.verbose_name if field else name)
        rows.append((str(label), _display(field, before), _display(field, after)))
    return rows


def _object_links(request, events) -> dict[tuple[str, str], str]:
    """Links for the objects the page mentions: one query per type, not per row."""
    from lamtheobac.initiatives.models import (
        Adoption,
        Attachment,
        Evaluation,
        Initiative,
        Outcome,
        Recognition,
        ResultEntry,
    )
    from lamtheobac.people.models import Person
    from lamtheobac.units.models import Unit

    user = request.user
    # object type -> (rows the user may open, page, the id that page takes)
    targets = {
        "units.unit": (Unit.objects.visible_to(user), "units:detail", "pk"),
        "people.person": (Person.objects.visible_to(user), "people:detail", "pk"),
        "initiatives.initiative": (Initiative.objects.visible_to(user), "initiatives:detail", "pk"),
        # An adoption belongs to the adopting unit, but its page is the initiative's:
        # link it only when that initiative is the user's to see.
        "initiatives.adoption": (
            Adoption.objects.filter(access.scope_q(user, access.Action.VIEW, "initiative__unit__path")),
            "initiatives:detail",
            "initiative_id",
        ),
    }
    for object_type, model in (
        ("initiatives.evaluation", Evaluation),
        ("initiatives.recognition", Recognition),
        ("initiatives.outcome", Outcome),
        ("initiatives.resultentry", ResultEntry),
        ("initiatives.attachment", Attachment),
    ):
        targets[object_type] = (model.objects.visible_to(user), "initiatives:detail", "initiative_id")
    targets.update(_activity_targets(user))
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.object_type in targets and event.object_id.isdigit():
            wanted.setdefault(event.object_type, set()).add(int(event.object_id))
    links = {}
    for object_type, ids in wanted.items():
        rows, name, target = targets[object_type]
        if target is None:  # a page without an id: the list the object sits in
            for pk in rows.filter(pk__in=ids).values_list("pk", flat=True):
                links[(object_type, str(pk))] = reverse(name)
            continue
        for pk, target_pk in rows.filter(pk__in=ids).values_list("pk", target):
            links[(object_type, str(pk))] = reverse(name, args=[target_pk])
    return links


def _activity_targets(user) -> dict:
    """Audit links of the activity models: (visible rows, page name, the id the page takes)."""
    from lamtheobac.activities.models import (
        Activity,
        ActivityAttachment,
        ActivityKind,
        Assignment,
        AttendanceRule,
        ConnectionPoint,
        ImportJob,
        Topic,
    )
    from lamtheobac.reports.models import Obligation, Report, ReportDocument

    view = access.Action.VIEW
    candidates = {
        "activities.activity": (Activity.objects.visible_to(user), "activities:detail", "pk"),
        # A point belongs to its host, but its page is the conference's: link it
        # only when the conference is the user's to see.
        "activities.connectionpoint": (
            ConnectionPoint.objects.filter(activity__in=Activity.objects.visible_to(user, view)),
            "activities:detail",
            "activity_id",
        ),
        "activities.activityattachment": (
            ActivityAttachment.objects.visible_to(user),
            "activities:detail",
            "activity_id",
        ),
        "activities.topic": (
            Topic.objects.visible_to(user, access.Action.CHANGE),
            "activities:topic_edit",
            "pk",
        ),
        "activities.attendancerule": (AttendanceRule.objects.visible_to(user), "activities:rules", None),
        "activities.assignment": (
            Assignment.objects.visible_to(user, access.Action.CHANGE),
            "activities:assignment_edit",
            "pk",
        ),
        "activities.importjob": (ImportJob.objects.visible_to(user), "activities:import_job", "pk"),
        "reports.report": (Report.objects.visible_to(user), "reports:detail", "pk"),
        "reports.obligation": (
            Obligation.objects.visible_to(user, access.Action.APPROVE),
            "reports:obligation_edit",
            "pk",
        ),
        "reports.reportdocument": (ReportDocument.objects.visible_to(user), "reports:document", "pk"),
    }
    if access.is_unrestricted(user):
        candidates["activities.activitykind"] = (ActivityKind.objects.all(), "activities:kinds", None)
    return candidates


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
