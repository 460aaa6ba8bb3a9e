"""The audit trail as a person reads it: the kinds of object it names, their
changed values in words (labels for choices, dates as 18/5/2021), and links to
the pages of the objects the user may open."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
from lamtheobac.core import access
from lamtheobac.core.formatting import format_date
from lamtheobac.core.models import AuditEvent
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
from lamtheobac.reports.models import Obligation, Report, ReportDocument
from lamtheobac.units.models import Unit

# The tree path is an internal key; in the trail it tells where a unit sat.
TREE_POSITION = _("position in the tree")
# Which door a change came through.
VIA = {"web": _("web page"), "api": _("API"), "cli": _("command")}

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


def object_links(request, events) -> dict[tuple[str, str], str]:
    """Links for the objects the page mentions: one query per type, not per row."""

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
