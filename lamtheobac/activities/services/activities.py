"""Activities, their connection points and attachments, the kinds list, and the
checks of the headcounts they report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access, audit, files
from lamtheobac.core.access import Action
from lamtheobac.core.errors import Conflict, Forbidden, Refusals, ValidationFailed
from lamtheobac.core.formatting import format_number
from lamtheobac.core.locks import ensure_unlocked
from lamtheobac.core.text import clean_text
from lamtheobac.people.models import Person
from lamtheobac.units.models import Unit

from ..models import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    Category,
    ConnectionPoint,
    Form,
    Topic,
)
from ._checks import _check_committee_members, _check_day, check_open

ACTIVITY_FIELDS = (
    "unit",
    "kind",
    "held_on",
    "title",
    "topic",
    "form",
    "participants",
    "party_members",
    "topic_content",
    "notes",
)
POINT_FIELDS = ("activity", "unit", "participants", "party_members", "note")
ATTACHMENT_FIELDS = ("activity", "name", "kind", "size", "caption")
MAX_COUNT = 1_000_000


def parse_count(raw, *, field: str) -> int:
    """A whole number of people, 0 or more; "1.103" is read as officials write it."""
    if raw is None or raw == "":
        return 0
    if isinstance(raw, bool):
        raise ValidationFailed(_("Enter a whole number."), field=field)
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValidationFailed(_("Enter a whole number."), field=field)
        raw = int(raw)
    if isinstance(raw, str):
        text = raw.strip().replace(" ", "").replace(".", "")
        if text.startswith("-") and text[1:].isdigit():
            raise ValidationFailed(_("The number of people cannot be negative."), field=field)
        if not text.isdigit():
            raise ValidationFailed(_("Enter a whole number."), field=field)
        raw = int(text)
    if not isinstance(raw, int):
        raise ValidationFailed(_("Enter a whole number."), field=field)
    if raw < 0:
        raise ValidationFailed(_("The number of people cannot be negative."), field=field)
    if raw > MAX_COUNT:
        raise ValidationFailed(
            _("At most %(count)s people.") % {"count": format_number(MAX_COUNT)}, field=field
        )
    return raw


def check_attendance(participants, party_members, *, prefix: str = "") -> tuple[int, int]:
    """Both counts read, each refusal said at once; then the one rule between them."""
    refusals = Refusals()
    participants = refusals.check(parse_count, participants, field=f"{prefix}participants")
    party_members = refusals.check(parse_count, party_members, field=f"{prefix}party_members")
    refusals.raise_any()
    if party_members > participants:
        raise ValidationFailed(
            _("Party members cannot outnumber the people taking part."), field=f"{prefix}party_members"
        )
    return participants, party_members


def _refuse(message, *, field: str):
    raise ValidationFailed(message, field=field)


# -- activities ---------------------------------------------------------------------------
def headcount_warnings(unit: Unit, participants: int, party_members: int) -> list[str]:
    """Attendance above what the unit's registers hold is accepted, with a warning.

    Attendances at a conference are person-times and may include guests, so
    this never refuses; it tells the clerk to check the figure.
    """
    if not participants:
        return []
    counts = Person.objects.in_subtree(unit).aggregate(
        people=Count("pk"), members=Count("pk", filter=Q(is_party_member=True))
    )
    warnings = []
    if counts["people"] and participants > counts["people"]:
        warnings.append(
            str(
                _("%(count)s people taking part, more than the %(people)s people registered in %(unit)s.")
                % {
                    "count": format_number(participants),
                    "people": format_number(counts["people"]),
                    "unit": unit.name,
                }
            )
        )
    if counts["members"] and party_members > counts["members"]:
        warnings.append(
            str(
                _("%(count)s party members taking part, more than the %(members)s registered in %(unit)s.")
                % {
                    "count": format_number(party_members),
                    "members": format_number(counts["members"]),
                    "unit": unit.name,
                }
            )
        )
    return warnings


@dataclass
class PointInput:
    unit: Unit
    participants: object = 0
    party_members: object = 0
    note: str = ""


@dataclass
class _CheckedActivity:
    values: dict
    points: list[dict] = field(default_factory=list)
    attendees: list[Person] = field(default_factory=list)


def _check_kind(kind) -> ActivityKind:
    if not isinstance(kind, ActivityKind):
        raise ValidationFailed(_("Choose the kind of activity."), field="kind")
    if not kind.is_active:
        raise ValidationFailed(
            _("The kind “%(name)s” is no longer in use.") % {"name": kind.name}, field="kind"
        )
    return kind


def _check_points(actor, points: Iterable, *, form: str, day: dt.date, check_lock: bool = True) -> list[dict]:
    checked, seen = [], set()
    for index, point in enumerate(points):
        if isinstance(point, dict):
            point = PointInput(**point)
        prefix = f"points.{index}."
        host = point.unit
        if not isinstance(host, Unit):
            raise ValidationFailed(_("Choose the host unit of the connection point."), field=f"{prefix}unit")
        if not access.can(actor, Action.CHANGE, host):
            raise Forbidden(_("%(unit)s is outside your units.") % {"unit": host.name})
        if host.pk in seen:
            raise ValidationFailed(
                _("%(unit)s has two connection points in this conference.") % {"unit": host.name},
                field=f"{prefix}unit",
            )
        seen.add(host.pk)
        check_open(host, day, field=f"{prefix}unit")
        if check_lock:
            # A point's attendance counts in its host's figures: the host's period must be open too.
            ensure_unlocked(host, day, field=f"{prefix}unit")
        participants, party_members = check_attendance(point.participants, point.party_members, prefix=prefix)
        note = clean_text(point.note, field=f"{prefix}note", message="", max_length=300, required=False)
        checked.append(
            {"unit": host, "participants": participants, "party_members": party_members, "note": note}
        )
    if form in (Form.ONLINE, Form.HYBRID) and not checked:
        raise ValidationFailed(
            _("An online conference needs its connection points, the main venue included."), field="points"
        )
    if form == Form.IN_PERSON and checked:
        raise ValidationFailed(_("Connection points belong to online or hybrid conferences."), field="points")
    return checked


def _topic_holds(topic, unit: Unit, day: dt.date) -> bool:
    """Set by the unit or above it, on the day (before a merger: by the old commune too)."""
    if not isinstance(topic, Topic):
        return False
    return unit.path.startswith(topic.unit.path) or topic.unit.path in unit.paths_above_on(day)


def check_activity(
    actor,
    values: dict,
    *,
    points=None,
    attendees=None,
    current: Activity | None = None,
    check_lock: bool = True,
):
    """Validate a whole activity (new, or `current` with `values` changed).

    `check_lock=False` is for the .xlsx import only: it checks the period lock
    of all its rows at once (imports.locked_rows) instead of a query per row.
    """
    merged = {name: getattr(current, name) for name in ACTIVITY_FIELDS} if current else {}
    merged.update(values)
    unit = merged.get("unit")
    if not isinstance(unit, Unit):
        raise ValidationFailed(_("Choose the unit."), field="unit")
    access.require(actor, Action.CHANGE, unit)
    # What does not depend on another field is checked together, so that every
    # wrong field is said at once; what depends on them comes after.
    refusals = Refusals()
    kind = merged.get("kind")
    if current is None or "kind" in values:
        kind = refusals.check(_check_kind, kind)
    day = refusals.check(_check_day, merged.get("held_on"))
    title = refusals.check(
        clean_text, merged.get("title"), field="title", message=_("Enter a title."), max_length=300
    )
    form = merged.get("form") or Form.IN_PERSON
    if form not in Form.values:
        refusals.check(_refuse, _("Choose in person, online or both."), field="form")
    if form == Form.IN_PERSON:
        refusals.check(check_attendance, merged.get("participants"), merged.get("party_members"))
    refusals.raise_any()
    check_open(unit, day)
    # Neither the new place and day nor the old ones may lie in an approved report's period.
    if check_lock:
        ensure_unlocked(unit, day, field="held_on")
    if current is not None:
        ensure_unlocked(current.unit, current.held_on, field="held_on")
    if form != Form.IN_PERSON and kind.category not in (Category.CONFERENCE, Category.TALK):
        raise ValidationFailed(_("Only conferences and talks are held online."), field="form")
    topic = merged.get("topic")
    if topic is not None and not _topic_holds(topic, unit, day):
        raise ValidationFailed(_("This topic was not set for %(unit)s.") % {"unit": unit.name}, field="topic")
    checked = _CheckedActivity(
        values={
            "unit": unit,
            "kind": kind,
            "held_on": day,
            "title": title,
            "topic": topic,
            "form": form,
            "topic_content": (merged.get("topic_content") or "").strip(),
            "notes": (merged.get("notes") or "").strip(),
        }
    )
    if points is None and current is not None and form != Form.IN_PERSON:
        points = None  # kept as they are
    elif points is not None or current is None or form == Form.IN_PERSON:
        checked.points = _check_points(actor, points or [], form=form, day=day, check_lock=check_lock)
    if form == Form.IN_PERSON:
        participants, party_members = check_attendance(
            merged.get("participants"), merged.get("party_members")
        )
    else:
        source = checked.points if points is not None or current is None else list(current.points.values())
        participants = sum(point["participants"] for point in source)
        party_members = sum(point["party_members"] for point in source)
    checked.values["participants"] = participants
    checked.values["party_members"] = party_members
    if attendees is None and current is not None:
        # Kept attendees are checked again when what they depend on changes (a meeting made a conference).
        recheck = {"unit", "held_on", "kind"} & set(values)
        attendees = list(current.committee_attendees.all()) if recheck else None
    if attendees is not None:
        if attendees and kind.category != Category.CELL_MEETING:
            raise ValidationFailed(
                _("Committee members attending are recorded for cell meetings."), field="committee_attendees"
            )
        checked.attendees = _check_committee_members(attendees, unit, day, field="committee_attendees")
    else:
        checked.attendees = None
    return checked


def _snapshot(activity: Activity) -> dict:
    data = audit.snapshot(activity, ACTIVITY_FIELDS)
    data["committee_attendees"] = sorted(activity.committee_attendees.values_list("pk", flat=True))
    return data


@transaction.atomic
def record_activity(
    *,
    actor,
    unit: Unit,
    kind: ActivityKind,
    held_on: dt.date,
    title: str,
    form: str = Form.IN_PERSON,
    participants=0,
    party_members=0,
    topic: Topic | None = None,
    topic_content: str = "",
    notes: str = "",
    committee_attendees: Iterable[Person] = (),
    points: Iterable = (),
) -> Activity:
    """Record an activity; `activity.warnings` lists what the clerk should check."""
    checked = check_activity(
        actor,
        {
            "unit": unit,
            "kind": kind,
            "held_on": held_on,
            "title": title,
            "form": form,
            "participants": participants,
            "party_members": party_members,
            "topic": topic,
            "topic_content": topic_content,
            "notes": notes,
        },
        points=list(points),
        attendees=list(committee_attendees),
    )
    activity = Activity.objects.create(**checked.values, created_by=audit.acting_user(actor))
    ConnectionPoint.objects.bulk_create(
        [ConnectionPoint(activity=activity, **point) for point in checked.points]
    )
    if checked.attendees:
        activity.committee_attendees.set(checked.attendees)
    after = _snapshot(activity)
    after["points"] = [
        {
            "unit": point["unit"].pk,
            "participants": point["participants"],
            "party_members": point["party_members"],
        }
        for point in checked.points
    ]
    audit.record(actor=actor, action="create", obj=activity, unit=activity.unit, after=after)
    activity.warnings = headcount_warnings(activity.unit, activity.participants, activity.party_members)
    return activity


@transaction.atomic
def update_activity(activity: Activity, *, actor, committee_attendees=None, **changes) -> Activity:
    """Change an activity's fields (and attendees); its points change one by one."""
    allowed = set(ACTIVITY_FIELDS)
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    access.require(actor, Action.CHANGE, activity.unit)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if "form" in changes and changes["form"] != activity.form:
        going_in_person = changes["form"] == Form.IN_PERSON
        if going_in_person and activity.points.exists():
            raise ValidationFailed(_("Remove the connection points first."), field="form")
        if not going_in_person and activity.form == Form.IN_PERSON:
            raise ValidationFailed(
                _("Record the online conference anew with its connection points."), field="form"
            )
    attendees = list(committee_attendees) if committee_attendees is not None else None
    checked = check_activity(actor, changes, attendees=attendees, current=activity)
    if checked.values["held_on"] != activity.held_on:
        # The points' hosts must have existed on the new day too; their attendance
        # leaves the old day and comes to the new one: neither may be locked.
        for point in activity.points.select_related("unit"):
            check_open(point.unit, checked.values["held_on"], field="held_on")
            ensure_unlocked(point.unit, activity.held_on, checked.values["held_on"], field="held_on")
    if checked.values["unit"] != activity.unit:
        access.require(actor, Action.CHANGE, checked.values["unit"])
    before = _snapshot(activity)
    for name, value in checked.values.items():
        setattr(activity, name, value)
    activity.save()
    if checked.attendees is not None:
        activity.committee_attendees.set(checked.attendees)
    after = _snapshot(activity)
    if after != before:
        audit.record(
            actor=actor, action="update", obj=activity, unit=activity.unit, before=before, after=after
        )
    activity.warnings = headcount_warnings(activity.unit, activity.participants, activity.party_members)
    return activity


def _ensure_activity_unlocked(activity: Activity, *hosts: Unit, field: str | None = None) -> None:
    """The organiser's data on the activity's day, and the given hosts' on that day, must be open."""
    ensure_unlocked(activity.unit, activity.held_on, field=field)
    for host in dict.fromkeys(hosts):
        if host.pk != activity.unit_id:
            ensure_unlocked(host, activity.held_on, field=field)


@transaction.atomic
def remove_activity(activity: Activity, *, actor, reason: str = "") -> None:
    access.require(actor, Action.CHANGE, activity.unit)
    activity = Activity.objects.select_for_update(of=("self",)).select_related("unit").get(pk=activity.pk)
    hosts = Unit.objects.filter(pk__in=activity.points.values("unit"))
    _ensure_activity_unlocked(activity, *hosts, field="held_on")
    before = _snapshot(activity)
    before["points"] = list(activity.points.values("unit", "participants", "party_members"))
    stored = [attachment.file.name for attachment in activity.attachments.all()]
    storage = ActivityAttachment._meta.get_field("file").storage
    audit.record(actor=actor, action="delete", obj=activity, unit=activity.unit, before=before, note=reason)
    activity.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in stored])


def _sync_totals(activity: Activity) -> None:
    totals = activity.points.aggregate(participants=Sum("participants"), party_members=Sum("party_members"))
    activity.participants = totals["participants"] or 0
    activity.party_members = totals["party_members"] or 0
    activity.save(update_fields=["participants", "party_members", "updated_at"])


@transaction.atomic
def add_point(
    activity: Activity, *, actor, unit: Unit, participants=0, party_members=0, note: str = ""
) -> ConnectionPoint:
    access.require(actor, Action.CHANGE, activity.unit)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.form == Form.IN_PERSON:
        raise ValidationFailed(_("Connection points belong to online or hybrid conferences."), field="points")
    # The organiser's totals change with the point; the host is checked with the point below.
    _ensure_activity_unlocked(activity)
    (checked,) = _check_points(
        actor, [PointInput(unit, participants, party_members, note)], form=activity.form, day=activity.held_on
    )
    if activity.points.filter(unit=checked["unit"]).exists():
        raise Conflict(
            _("%(unit)s has two connection points in this conference.") % {"unit": checked["unit"].name},
            code="duplicate",
            field="unit",
        )
    point = ConnectionPoint.objects.create(activity=activity, **checked)
    audit.record(
        actor=actor, action="create", obj=point, unit=point.unit, after=audit.snapshot(point, POINT_FIELDS)
    )
    _sync_totals(activity)
    point.warnings = headcount_warnings(point.unit, point.participants, point.party_members)
    return point


@transaction.atomic
def update_point(point: ConnectionPoint, *, actor, **changes) -> ConnectionPoint:
    """The organiser, or the host unit itself, corrects a point's attendance."""
    if not (
        access.can(actor, Action.CHANGE, point.activity.unit) or access.can(actor, Action.CHANGE, point.unit)
    ):
        raise Forbidden()
    unknown = set(changes) - {"participants", "party_members", "note"}
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    point = ConnectionPoint.objects.select_for_update().select_related("activity", "unit").get(pk=point.pk)
    # The host's figures and the organiser's totals both change.
    _ensure_activity_unlocked(point.activity, point.unit)
    participants, party_members = check_attendance(
        changes.get("participants", point.participants), changes.get("party_members", point.party_members)
    )
    before = audit.snapshot(point, POINT_FIELDS)
    point.participants, point.party_members = participants, party_members
    if "note" in changes:
        point.note = clean_text(changes["note"], field="note", message="", max_length=300, required=False)
    point.save()
    after = audit.snapshot(point, POINT_FIELDS)
    if after != before:
        audit.record(actor=actor, action="update", obj=point, unit=point.unit, before=before, after=after)
    _sync_totals(point.activity)
    point.warnings = headcount_warnings(point.unit, point.participants, point.party_members)
    return point


@transaction.atomic
def remove_point(point: ConnectionPoint, *, actor) -> None:
    access.require(actor, Action.CHANGE, point.activity.unit)
    activity = Activity.objects.select_for_update().get(pk=point.activity_id)
    point = ConnectionPoint.objects.get(pk=point.pk)  # the audit records what is stored, not a stale copy
    _ensure_activity_unlocked(activity, point.unit)
    if activity.points.count() <= 1:
        raise ValidationFailed(
            _("An online conference keeps at least one connection point."), field="points", code="last_point"
        )
    audit.record(
        actor=actor, action="delete", obj=point, unit=point.unit, before=audit.snapshot(point, POINT_FIELDS)
    )
    point.delete()
    _sync_totals(activity)


# -- attachments ----------------------------------------------------------------------------
@transaction.atomic
def add_attachment(
    activity: Activity, *, actor, upload: UploadedFile, caption: str = ""
) -> ActivityAttachment:
    access.require(actor, Action.CHANGE, activity.unit)
    # The photos and minutes are the evidence of the reported activity: locked with it.
    _ensure_activity_unlocked(Activity.objects.select_related("unit").get(pk=activity.pk))
    return files.store_attachment(
        ActivityAttachment,
        actor=actor,
        upload=upload,
        caption=caption,
        unit=activity.unit,
        fields=ATTACHMENT_FIELDS,
        activity=activity,
    )


@transaction.atomic
def remove_attachment(attachment: ActivityAttachment, *, actor) -> None:
    access.require(actor, Action.CHANGE, attachment.activity.unit)
    _ensure_activity_unlocked(Activity.objects.select_related("unit").get(pk=attachment.activity_id))
    files.discard_attachment(attachment, actor=actor, unit=attachment.activity.unit, fields=ATTACHMENT_FIELDS)


# -- the kinds list ------------------------------------------------------------------------
KIND_FIELDS = ("name", "category", "thematic", "position", "is_active")


@transaction.atomic
def save_kind(*, actor, entry: ActivityKind | None = None, **values) -> ActivityKind:
    """Add or change an activity kind; only the system administrator may."""
    if not access.is_unrestricted(actor):
        raise Forbidden()
    unknown = set(values) - set(KIND_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    if "name" in values or entry is None:
        values["name"] = clean_text(
            values.get("name"), field="name", message=_("Enter a name."), max_length=200
        )
        others = (
            ActivityKind.objects.exclude(pk=entry.pk) if entry is not None else ActivityKind.objects.all()
        )
        folded = values["name"].casefold()
        if any(name.casefold() == folded for name in others.values_list("name", flat=True)):
            raise Conflict(_("This name is already in the list."), code="duplicate", field="name")
    if ("category" in values or entry is None) and values.get("category") not in Category.values:
        raise ValidationFailed(_("Choose what the kind is counted as."), field="category")
    if "position" in values:
        try:
            values["position"] = int(values["position"])
        except (TypeError, ValueError):
            raise ValidationFailed(_("The order must be 0 to 10000."), field="position") from None
        if not 0 <= values["position"] <= 10_000:
            raise ValidationFailed(_("The order must be 0 to 10000."), field="position")
    for flag in ("thematic", "is_active"):
        if flag in values and not isinstance(values[flag], bool):
            raise ValidationFailed(_("Yes or no."), field=flag)
    if entry is None:
        entry = ActivityKind.objects.create(**values)
        audit.record(actor=actor, action="create", obj=entry, after=audit.snapshot(entry, KIND_FIELDS))
        return entry
    before = audit.snapshot(entry, KIND_FIELDS)
    for name, value in values.items():
        setattr(entry, name, value)
    entry.save()
    after = audit.snapshot(entry, KIND_FIELDS)
    if after != before:
        audit.record(actor=actor, action="update", obj=entry, before=before, after=after)
    return entry
