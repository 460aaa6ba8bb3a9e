"""Activities over the API: the list and the record, connection points,
attachments, and the list of activity kinds the system administrator keeps."""

from typing import Annotated

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Query, Router, UploadedFile
from ninja.responses import Status

from lamtheobac.core import access
from lamtheobac.core.access import Action, get_for_user
from lamtheobac.core.api.common import ERRORS, Caption, Id, PageQuery, QueryText, paginate
from lamtheobac.core.errors import NotFound, ValidationFailed
from lamtheobac.people.models import Person
from lamtheobac.units.lookups import unit_filter, visible_unit
from lamtheobac.units.models import Unit

from .. import services
from ..models import Activity, ActivityAttachment, ActivityKind, ConnectionPoint, Topic
from .fetching import CHOOSE_VALID, days
from .schemas import (
    ActivityAttachmentOut,
    ActivityAttachmentPage,
    ActivityDetailOut,
    ActivityFilters,
    ActivityIn,
    ActivityKindFilters,
    ActivityKindIn,
    ActivityKindOut,
    ActivityKindPage,
    ActivityKindPatch,
    ActivityPage,
    ActivityPatch,
    ActivityPointFilters,
    ActivityPointIn,
    ActivityPointOut,
    ActivityPointPage,
    ActivityPointPatch,
    ActivityPointSavedOut,
)

router = Router()  # tagged where the package joins them
TOPIC_NOT_SET = _("This topic was not set for %(unit)s.")


# -- fetching ---------------------------------------------------------------------------
def visible_activity(request: HttpRequest, activity_id: Id) -> Activity:
    """The activity in the path, or 404 for missing and not-yours alike."""
    return get_for_user(
        Activity.objects.select_related("unit", "kind", "topic__unit"),
        request.auth,
        Action.VIEW,
        pk=activity_id,
    )


def visible_point(request: HttpRequest, point_id: Id) -> ConnectionPoint:
    """A connection point whose host is in the caller's scope."""
    return get_for_user(
        ConnectionPoint.objects.select_related("activity__unit", "unit"),
        request.auth,
        Action.VIEW,
        pk=point_id,
    )


def _detail(request: HttpRequest, activity_id: Id, *, warnings: list[str] | None = None) -> Activity:
    """The activity with everything its record shows: a fixed number of queries."""
    activity = get_for_user(Activity.objects.for_listing(), request.auth, Action.VIEW, pk=activity_id)
    # Committee members from above the cell: shown by name, whoever may see them otherwise.
    activity.attendees_out = list(activity.committee_attendees.order_by("search_name", "id"))
    activity.points_out = list(
        ConnectionPoint.objects.visible_to(request.auth)
        .filter(activity=activity)
        .select_related("unit", "activity")
    )
    activity.attachments_out = list(activity.attachments.order_by("uploaded_at", "id"))
    if warnings is None:
        warnings = services.headcount_warnings(activity.unit, activity.participants, activity.party_members)
    activity.warnings = warnings
    return activity


def _kind(pk: int) -> ActivityKind:
    """An entry of the kinds list; whether it is still in use is the service's check."""
    kind = ActivityKind.objects.filter(pk=pk).first()
    if kind is None:
        raise ValidationFailed(CHOOSE_VALID, field="kind")
    return kind


def _topic(pk: int | None, unit: Unit) -> Topic | None:
    """The topic named in the body, whoever set it: a province's topic is studied by cells
    that cannot see the province. Whether it holds for the unit on the day is the
    service's check; a missing id gets the same answer, so ids reveal nothing."""
    if pk is None:
        return None
    topic = Topic.objects.select_related("unit").filter(pk=pk).first()
    if topic is None:
        raise ValidationFailed(TOPIC_NOT_SET % {"unit": unit.name}, field="topic")
    return topic


def _attendees(request: HttpRequest, ids: list[int], unit: Unit, day) -> list[Person]:
    """People named as committee members attending, in one query.

    A cell's clerk names the commune's committee member, whom they cannot
    otherwise see: people who hold a committee position above the unit on the
    day are found without scope. Anyone else must be in the caller's scope, so
    that an id never reveals a stranger's name (the service's refusal names the
    person); the rest answer 404 naming the field.
    """
    if not ids:
        return []
    found = Person.objects.nameable_as_committee_member(request.auth, unit, day).in_bulk(set(ids))
    if any(pk not in found for pk in ids):
        raise NotFound(field="committee_attendees")
    return [found[pk] for pk in ids]


def _points(request: HttpRequest, rows: list[ActivityPointIn]) -> list[dict]:
    """The points of a new conference with their host units, in one query.

    A host outside the caller's scope answers 404 naming that point; one the
    caller sees but may not change is the service's 403.
    """
    hosts = access.visible(Unit.objects.all(), request.auth).in_bulk({row.unit for row in rows})
    for index, row in enumerate(rows):
        if row.unit not in hosts:
            raise NotFound(field=f"points.{index}.unit")
    return [{**row.model_dump(), "unit": hosts[row.unit]} for row in rows]


def _as_body_fields(error: ValidationFailed) -> ValidationFailed:
    """The service checks a new point as the first of a conference's list
    ("points.0.participants"); this route's body is the point itself."""
    error.fields = {name.removeprefix("points.0."): text for name, text in error.fields.items()}
    if error.field:
        error.field = error.field.removeprefix("points.0.")
    return error


# -- activities ---------------------------------------------------------------------------
@router.get("/activities", response={200: ActivityPage, **ERRORS}, summary="List activities")
def list_activities(request: HttpRequest, filters: Query[ActivityFilters], page: Query[PageQuery]):
    """Activities organised in your scope, newest first."""
    start, end = days(filters.period, filters.date_from, filters.date_to)
    activities = (
        Activity.objects.visible_to(request.auth)
        .matching(
            start=start,
            end=end,
            kind=filters.kind,
            category=filters.category or "",
            form=filters.form or "",
            topic=filters.topic,
            unit=unit_filter(filters.unit),
            q=filters.q,
        )
        .for_listing()
    )
    return paginate(activities, page)


@router.post("/activities", response={201: ActivityDetailOut, **ERRORS}, summary="Record an activity")
def record_activity(request: HttpRequest, payload: ActivityIn):
    """An online or hybrid conference takes its connection points (its attendance is their
    sum); attendance above the unit's registers is accepted with `warnings`."""
    values = payload.model_dump()
    unit = visible_unit(request, values["unit"])
    values.update(
        unit=unit,
        kind=_kind(values["kind"]),
        topic=_topic(values["topic"], unit),
        committee_attendees=_attendees(request, values["committee_attendees"], unit, values["held_on"]),
        points=_points(request, payload.points),
    )
    activity = services.record_activity(actor=request.auth, **values)
    return Status(201, _detail(request, activity.pk, warnings=activity.warnings))


@router.get(
    "/activities/{id:activity_id}", response={200: ActivityDetailOut, **ERRORS}, summary="Read an activity"
)
def get_activity(request: HttpRequest, activity_id: Id):
    return _detail(request, activity_id)


@router.patch(
    "/activities/{id:activity_id}", response={200: ActivityDetailOut, **ERRORS}, summary="Change an activity"
)
def update_activity(request: HttpRequest, activity_id: Id, payload: ActivityPatch):
    """Connection points change through `/activities/{id}/points` and `/activity-points/{id}`."""
    activity = visible_activity(request, activity_id)
    changes = payload.changes()
    unit = activity.unit
    if "unit" in changes:
        unit = changes["unit"] = visible_unit(request, changes["unit"])
    if "kind" in changes:
        changes["kind"] = _kind(changes["kind"])
    if "topic" in changes:
        changes["topic"] = _topic(changes["topic"], unit)
    if "committee_attendees" in changes:
        day = changes.get("held_on", activity.held_on)
        changes["committee_attendees"] = _attendees(request, changes["committee_attendees"], unit, day)
    activity = services.update_activity(activity, actor=request.auth, **changes)
    return _detail(request, activity.pk, warnings=activity.warnings)


@router.delete("/activities/{id:activity_id}", response={204: None, **ERRORS}, summary="Remove an activity")
def remove_activity(request: HttpRequest, activity_id: Id, reason: QueryText = ""):
    """With its points and attachments; the reason goes to the audit trail."""
    services.remove_activity(visible_activity(request, activity_id), actor=request.auth, reason=reason)
    return Status(204, None)


# -- connection points ----------------------------------------------------------------------
@router.get(
    "/activities/{id:activity_id}/points",
    response={200: ActivityPointPage, **ERRORS},
    summary="List a conference's connection points",
)
def list_points(request: HttpRequest, activity_id: Id, page: Query[PageQuery]):
    """The points of a conference you may read: all of them for its organiser's subtree (they
    make its total), only your own for a unit hosting one of them."""
    activity = visible_activity(request, activity_id)
    points = ConnectionPoint.objects.visible_to(request.auth).filter(activity=activity)
    return paginate(points.select_related("unit", "activity"), page)


@router.post(
    "/activities/{id:activity_id}/points",
    response={201: ActivityPointSavedOut, **ERRORS},
    summary="Add a connection point",
)
def add_point(request: HttpRequest, activity_id: Id, payload: ActivityPointIn):
    """A second point in one unit answers 409 `duplicate`; the conference's total follows."""
    activity = visible_activity(request, activity_id)
    values = payload.model_dump()
    values["unit"] = visible_unit(request, values["unit"])
    try:
        point = services.add_point(activity, actor=request.auth, **values)
    except ValidationFailed as error:
        raise _as_body_fields(error) from None
    return Status(201, point)


@router.get(
    "/activity-points",
    response={200: ActivityPointPage, **ERRORS},
    summary="List connection points hosted in your scope",
)
def list_hosted_points(request: HttpRequest, filters: Query[ActivityPointFilters], page: Query[PageQuery]):
    """Points your units hosted, including those of conferences organised above you."""
    start, end = days(filters.period, filters.date_from, filters.date_to)
    points = ConnectionPoint.objects.visible_to(request.auth).select_related("activity", "unit")
    if start:
        points = points.filter(activity__held_on__gte=start)
    if end:
        points = points.filter(activity__held_on__lte=end)
    unit = unit_filter(filters.unit)
    if unit is not None:
        points = points.in_subtree(unit)
    if filters.activity is not None:
        points = points.filter(activity_id=filters.activity)
    return paginate(points.order_by("-activity__held_on", "-activity_id", "unit__path"), page)


@router.get(
    "/activity-points/{id:point_id}",
    response={200: ActivityPointOut, **ERRORS},
    summary="Read a connection point",
)
def get_point(request: HttpRequest, point_id: Id):
    return visible_point(request, point_id)


@router.patch(
    "/activity-points/{id:point_id}",
    response={200: ActivityPointSavedOut, **ERRORS},
    summary="Change a connection point's attendance",
)
def update_point(request: HttpRequest, point_id: Id, payload: ActivityPointPatch):
    """The organiser or the host unit corrects it; the conference's total follows."""
    point = visible_point(request, point_id)
    return services.update_point(point, actor=request.auth, **payload.changes())


@router.delete(
    "/activity-points/{id:point_id}", response={204: None, **ERRORS}, summary="Remove a connection point"
)
def remove_point(request: HttpRequest, point_id: Id):
    """The organiser removes it; the last point stays (400 `last_point`)."""
    services.remove_point(visible_point(request, point_id), actor=request.auth)
    return Status(204, None)


# -- attachments ------------------------------------------------------------------------------
@router.get(
    "/activities/{id:activity_id}/attachments",
    response={200: ActivityAttachmentPage, **ERRORS},
    summary="List an activity's attachments",
)
def list_attachments(request: HttpRequest, activity_id: Id, page: Query[PageQuery]):
    activity = visible_activity(request, activity_id)
    return paginate(activity.attachments.order_by("uploaded_at", "id"), page)


@router.post(
    "/activities/{id:activity_id}/attachments",
    response={201: ActivityAttachmentOut, **ERRORS},
    summary="Attach minutes, a photo or slides",
)
def add_attachment(
    request: HttpRequest,
    activity_id: Id,
    file: File[UploadedFile],
    caption: Annotated[Caption, Form("")] = "",
):
    """A multipart upload; the size, the type and the content are checked."""
    activity = visible_activity(request, activity_id)
    return Status(201, services.add_attachment(activity, actor=request.auth, upload=file, caption=caption))


@router.get(
    "/activity-attachments/{id:attachment_id}",
    response=ERRORS,
    url_name="activity_attachment_download",
    summary="Download an activity's attachment",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, under its original name.",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_attachment(request: HttpRequest, attachment_id: Id):
    attachment = get_for_user(ActivityAttachment.objects.all(), request.auth, Action.VIEW, pk=attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )


@router.delete(
    "/activity-attachments/{id:attachment_id}",
    response={204: None, **ERRORS},
    summary="Remove an activity's attachment",
)
def remove_attachment(request: HttpRequest, attachment_id: Id):
    attachment = get_for_user(
        ActivityAttachment.objects.select_related("activity__unit"),
        request.auth,
        Action.VIEW,
        pk=attachment_id,
    )
    services.remove_attachment(attachment, actor=request.auth)
    return Status(204, None)


# -- the kinds list -----------------------------------------------------------------------------
@router.get("/activity-kinds", response={200: ActivityKindPage, **ERRORS}, summary="List the activity kinds")
def list_kinds(request: HttpRequest, filters: Query[ActivityKindFilters], page: Query[PageQuery]):
    """Everyone reads the list to fill in forms."""
    kinds = ActivityKind.objects.all()
    if filters.in_use is not None:
        kinds = kinds.filter(is_active=filters.in_use)
    return paginate(kinds, page)


@router.post(
    "/activity-kinds",
    response={201: ActivityKindOut, **ERRORS},
    summary="Add an activity kind (system administrators)",
)
def add_kind(request: HttpRequest, payload: ActivityKindIn):
    return Status(201, services.save_kind(actor=request.auth, **payload.model_dump()))


@router.patch(
    "/activity-kinds/{id:kind_id}",
    response={200: ActivityKindOut, **ERRORS},
    summary="Change an activity kind (system administrators)",
)
def change_kind(request: HttpRequest, kind_id: Id, payload: ActivityKindPatch):
    """A kind is never deleted: taken out of use, it stays on the activities that used it."""
    entry = ActivityKind.objects.filter(pk=kind_id).first()
    if entry is None:
        raise NotFound()
    return services.save_kind(actor=request.auth, entry=entry, **payload.changes())
