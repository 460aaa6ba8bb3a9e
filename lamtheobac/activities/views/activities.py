"""Pages of activities: the filtered list, the month view, the activity page
with its connection points and attachments, the forms that call the services,
and the system administrator's list of kinds. Every object is fetched through
access.get_for_user (or the same scope rule) first; nothing is written here."""

from __future__ import annotations

import calendar
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lamtheobac.core import access
from lamtheobac.core.access import Action
from lamtheobac.core.errors import DomainError
from lamtheobac.core.formatting import format_number
from lamtheobac.core.querysets import today
from lamtheobac.core.views import add_domain_error, paginate, run_service
from lamtheobac.units.lookups import home_unit

from .. import services
from ..forms import (
    ActivityFilterForm,
    ActivityForm,
    AttachmentForm,
    KindForm,
    MonthForm,
    PointEditForm,
    PointForm,
    PointFormSet,
    RemoveActivityForm,
    this_month,
)
from ..models import Activity, ActivityAttachment, ActivityKind, Category, ConnectionPoint, Form
from ._shared import _not_found

# Activities shown in one day of the month view; the rest are a link to the list.
PER_DAY = 4

# Pages of the other activity screens, linked from the list when they exist.
# (url name, label, needs a role that may change something)
RELATED_PAGES = [
    ("activities:topics", gettext_lazy("Yearly topics"), False),
    ("activities:assignments", gettext_lazy("Assignments"), False),
    ("activities:compliance", gettext_lazy("Attendance at cells"), False),
    ("activities:figures", gettext_lazy("Figures"), False),
    ("activities:bulk", gettext_lazy("Bulk entry"), True),
]


def _get(request, pk, action: Action = Action.VIEW) -> Activity:
    queryset = Activity.objects.select_related("unit", "kind", "topic__unit", "created_by")
    return access.get_for_user(queryset, request.user, action, pk=pk)


def _to_detail(activity_id: int):
    return redirect("activities:detail", pk=activity_id)


def _point(request, pk, *, host_may: bool) -> ConnectionPoint:
    """A point the user may change: as the organiser, or (when `host_may`) as its host.

    ConnectionPoint is scoped by its host; the organiser reaches it through the
    activity. Both answer 404 for everyone else, like get_for_user.
    """
    user = request.user
    allowed = access.scope_q(user, Action.CHANGE, "activity__unit__path")
    if host_may:
        allowed |= access.scope_q(user, Action.CHANGE, "unit__path")
    point = (
        ConnectionPoint.objects.select_related("activity__unit", "activity__kind", "unit")
        .filter(allowed, pk=pk)
        .first()
    )
    if point is None:
        raise _not_found()
    return point


def file_size(size: int) -> str:
    """1.536 -> "1,5 KB": sizes as a person reads them."""
    if size < 1024:
        return f"{format_number(size)} B"
    if size < 1024 * 1024:
        return f"{format_number(Decimal(size) / 1024, 1)} KB"
    return f"{format_number(Decimal(size) / (1024 * 1024), 1)} MB"


def _warn(request, warnings) -> None:
    for warning in warnings or ():
        messages.warning(request, warning)


def related_pages(user) -> list[tuple[str, str]]:
    """(label, url) of the other activity pages the user can use."""
    writer = access.scope_paths(user, Action.CHANGE) != []
    return [(str(label), reverse(name)) for name, label, writes in RELATED_PAGES if writer or not writes]


# -- the list and the month ------------------------------------------------------------
@login_required
def activity_list(request):
    user = request.user
    form = ActivityFilterForm(request.GET, user=user)
    page = paginate(request, form.activities())
    month_query = {}
    if form.is_valid():
        data = form.cleaned_data
        if data["period"] is not None and data["period"].kind == "month":
            month_query["month"] = data["period"].key
        if data["unit"] is not None:
            month_query["unit"] = data["unit"].pk
    context = {
        "form": form,
        "page": page,
        "can_add": access.scope_paths(user, Action.CHANGE) != [],
        "is_unrestricted": access.is_unrestricted(user),
        "month_url": reverse("activities:month") + (f"?{urlencode(month_query)}" if month_query else ""),
        "related": related_pages(user),
    }
    return render(request, "activities/list.html", context)


@login_required
def month_view(request):
    user = request.user
    form = MonthForm(request.GET or None, user=user)
    if form.is_bound and not form.is_valid():
        period, unit, category = None, None, ""
    elif form.is_bound:
        period, unit, category = (form.cleaned_data[name] for name in ("month", "unit", "category"))
    else:
        period, unit, category = this_month(), None, ""
        form = MonthForm(user=user, initial={"month": period.key})
    weeks, total = [], 0
    if period is not None:
        rows = Activity.objects.visible_to(user).matching(
            start=period.start, end=period.end, unit=unit, category=category
        )
        counts = dict(rows.order_by().values_list("held_on").annotate(count=Count("pk")))
        total = sum(counts.values())
        # The first few of each day in one query, whatever the size of the subtree.
        first = (
            rows.select_related("unit", "kind")
            .annotate(
                rank=Window(RowNumber(), partition_by=[F("held_on")], order_by=[F("unit__path"), F("pk")])
            )
            .filter(rank__lte=PER_DAY)
            .order_by("held_on", "rank")
        )
        by_day: dict = {}
        for activity in first:
            by_day.setdefault(activity.held_on, []).append(activity)
        weeks = _weeks(period, by_day, counts, unit)
    query = {"unit": unit.pk} if unit is not None else {}
    if category:
        query["category"] = category
    context = {
        "form": form,
        "period": period,
        "weeks": weeks,
        "total": total,
        "weekdays": [WEEKDAYS[number] for number in range(7)],
        "previous_url": _month_url(period.previous(), query) if period else "",
        "next_url": _month_url(period.next(), query) if period else "",
        "list_url": reverse("activities:list")
        + "?"
        + urlencode({**query, **({"period": period.key} if period else {})}),
        "can_add": access.scope_paths(user, Action.CHANGE) != [],
        "new_url": reverse("activities:create") + (f"?unit={unit.pk}" if unit is not None else ""),
    }
    return render(request, "activities/month.html", context)


def _month_url(period, query: dict) -> str:
    return reverse("activities:month") + "?" + urlencode({"month": period.key, **query})


def _weeks(period, by_day: dict, counts: dict, unit) -> list[list[dict]]:
    """The month as weeks from Monday to Sunday, as Vietnamese calendars print it."""
    list_url = reverse("activities:list")
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(period.start.year, period.start.month):
        days = []
        for day in week:
            shown = by_day.get(day, [])
            count = counts.get(day, 0)
            query = {"start": day.isoformat(), "end": day.isoformat()}
            if unit is not None:
                query["unit"] = unit.pk
            days.append(
                {
                    "day": day,
                    "weekday": WEEKDAYS[day.weekday()],
                    "outside": day.month != period.start.month,
                    "is_today": day == today(),
                    "activities": shown,
                    "count": count,
                    "more": count - len(shown),
                    "more_url": f"{list_url}?{urlencode(query)}",
                }
            )
        weeks.append(days)
    return weeks


# -- the activity page --------------------------------------------------------------------
def _detail_context(request, activity: Activity, **extra) -> dict:
    user = request.user
    can_change = access.can(user, Action.CHANGE, activity.unit)
    # The points the user may read (a host reads its own, not its siblings'); the
    # conference's totals are of all of them.
    points = [
        {"point": point, "can_edit": can_change or access.can(user, Action.CHANGE, point.unit)}
        for point in ConnectionPoint.objects.visible_to(user).filter(activity=activity).select_related("unit")
    ]
    # Counted only where points may lie beyond what the user reads.
    point_count = activity.points.count() if activity.is_online else len(points)
    totals = {"participants": activity.participants, "party_members": activity.party_members}
    attachments = [
        (attachment, file_size(attachment.size))
        for attachment in ActivityAttachment.objects.filter(activity=activity)
    ]
    context = {
        "activity": activity,
        "can_change": can_change,
        "can_audit": access.can(user, Action.ADMIN, activity.unit),
        "points": points,
        "point_count": point_count,
        "points_elsewhere": point_count - len(points),
        "totals": totals,
        "attendees": activity.committee_attendees.select_related("unit").order_by("full_name", "pk"),
        "attachments": attachments,
        "point_form": PointForm(user=user) if can_change and activity.is_online else None,
    }
    context.update(extra)
    return context


@login_required
def activity_detail(request, pk):
    activity = _get(request, pk)
    return render(request, "activities/detail.html", _detail_context(request, activity))


def _apply_error(form, formset, point_forms: list, error: DomainError) -> None:
    """A service refusal on the input it names: "points.2.unit" is the third filled row's host."""
    leftover = {}
    for name, message in error.fields.items():
        parts = name.split(".")
        if parts[0] == "points" and formset is not None:
            if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(point_forms):
                row = point_forms[int(parts[1])]
                row.add_error(parts[2] if parts[2] in row.fields else None, str(message))
            else:
                formset.non_form_errors().append(str(message))
        else:
            leftover[name] = message
    if leftover or not error.fields:
        add_domain_error(form, DomainError(error.message, fields=leftover))


def _points_data(point_forms: list) -> list[dict]:
    return [
        {
            "unit": row.cleaned_data["unit"],
            "participants": row.cleaned_data["participants"],
            "party_members": row.cleaned_data["party_members"],
            "note": row.cleaned_data["note"],
        }
        for row in point_forms
    ]


def _unit_fields(request, form):
    # The unit or the date changed: offer the topics and committee members that fit.
    return render(request, "activities/_unit_fields.html", {"form": form})


def _unit_values(request, initial: dict) -> dict:
    """The form's current values sent by htmx, read as initial values: no errors yet."""
    values = {**initial, **request.GET.dict()}
    values["committee_attendees"] = request.GET.getlist("committee_attendees")
    return values


def _attendees(form) -> list:
    # Attendees belong to cell meetings: for another kind the (hidden) ticks are dropped.
    kind = form.cleaned_data.get("kind")
    if kind is None or kind.category != Category.CELL_MEETING:
        return []
    return list(form.cleaned_data["committee_attendees"])


@login_required
def activity_create(request):
    user = request.user
    initial = {"held_on": today(), "form": Form.IN_PERSON}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = int(request.GET["unit"])
    elif (unit := home_unit(user, Action.CHANGE)) is not None:
        initial["unit"] = unit.pk
    url = reverse("activities:create")
    if request.method == "GET" and request.headers.get("HX-Request"):
        return _unit_fields(
            request, ActivityForm(user=user, initial=_unit_values(request, initial), fields_url=url)
        )
    form = ActivityForm(request.POST or None, user=user, initial=initial, fields_url=url)
    # A post without the points' management inputs (in person, from a script) has no points.
    posted_points = request.method == "POST" and "points-TOTAL_FORMS" in request.POST
    formset = PointFormSet(request.POST if posted_points else None, user=user, prefix="points")
    if request.method == "POST":
        online = form.is_online()
        form_ok = form.is_valid()
        points_ok = formset.is_valid() if online and posted_points else True
        if form_ok and points_ok:
            values = {
                name: value
                for name, value in form.cleaned_data.items()
                if name != "committee_attendees"
                and not (online and name in ("participants", "party_members"))
            }
            point_forms = formset.filled_forms() if online and posted_points else []
            try:
                activity = services.record_activity(
                    actor=user,
                    committee_attendees=_attendees(form),
                    points=_points_data(point_forms),
                    **values,
                )
            except DomainError as error:
                _apply_error(form, formset, point_forms, error)
            else:
                messages.success(
                    request, _("The activity “%(title)s” was recorded.") % {"title": activity.title}
                )
                _warn(request, activity.warnings)
                return _to_detail(activity.pk)
    context = {"form": form, "formset": formset, "activity": None}
    return render(request, "activities/form.html", context)


def _changed(activity: Activity, data: dict) -> dict:
    """Only the fields the user changed: an unchanged link is not checked again."""
    changes = {}
    for name, value in data.items():
        field = Activity._meta.get_field(name)
        current = getattr(activity, field.attname)
        new = value.pk if field.is_relation and value is not None else value
        if name in ("participants", "party_members"):
            # Sent as typed ("1.103"); the service reads it. Unchanged text is no change.
            if str(value).strip() == str(current):
                continue
        elif new == current:
            continue
        changes[name] = value
    return changes


@login_required
def activity_edit(request, pk):
    user = request.user
    activity = _get(request, pk, Action.CHANGE)
    initial = {name: getattr(activity, name) for name in services.ACTIVITY_FIELDS}
    initial["unit"], initial["kind"], initial["topic"] = activity.unit_id, activity.kind_id, activity.topic_id
    initial["committee_attendees"] = [person.pk for person in activity.committee_attendees.all()]
    url = reverse("activities:edit", args=[activity.pk])
    if request.method == "GET" and request.headers.get("HX-Request"):
        values = _unit_values(request, initial)
        return _unit_fields(
            request, ActivityForm(user=user, activity=activity, initial=values, fields_url=url)
        )
    form = ActivityForm(request.POST or None, user=user, activity=activity, initial=initial, fields_url=url)
    if request.method == "POST" and form.is_valid():
        attendees = _attendees(form)
        values = {name: value for name, value in form.cleaned_data.items() if name != "committee_attendees"}
        changes = _changed(activity, values)
        ok, saved = run_service(
            form,
            lambda: services.update_activity(activity, actor=user, committee_attendees=attendees, **changes),
        )
        if ok:
            messages.success(request, _("The activity “%(title)s” was saved.") % {"title": saved.title})
            _warn(request, saved.warnings)
            return _to_detail(activity.pk)
    return render(request, "activities/form.html", {"form": form, "formset": None, "activity": activity})


@login_required
def activity_delete(request, pk):
    activity = _get(request, pk, Action.CHANGE)
    form = RemoveActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _result = run_service(
            form,
            lambda: services.remove_activity(
                activity, actor=request.user, reason=form.cleaned_data["reason"]
            ),
        )
        if ok:
            messages.success(request, _("The activity “%(title)s” was removed.") % {"title": activity.title})
            return redirect("activities:list")
    return render(request, "activities/delete.html", {"form": form, "activity": activity})


# -- connection points ----------------------------------------------------------------------
def _action_page(request, form, activity: Activity, context: dict, status: int = 200):
    return render(
        request, "activities/action.html", {"form": form, "activity": activity, **context}, status=status
    )


@login_required
def point_create(request, pk):
    activity = _get(request, pk, Action.CHANGE)
    form = PointForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.add_point(activity, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            # The service names the row's inputs "points.0.unit": here they are "unit".
            fields = {name.rsplit(".", 1)[-1]: message for name, message in error.fields.items()}
            add_domain_error(form, DomainError(error.message, fields=fields))
        else:
            messages.success(
                request, _("The connection point at %(unit)s was added.") % {"unit": point.unit.name}
            )
            _warn(request, point.warnings)
            return _to_detail(activity.pk)
    context = {
        "heading": _("Add a connection point"),
        "possible": activity.is_online,
        "impossible": _("Connection points belong to online or hybrid conferences."),
        "submit_label": _("Add the point"),
    }
    return _action_page(request, form, activity, context)


@login_required
def point_edit(request, pk):
    point = _point(request, pk, host_may=True)
    initial = {"participants": point.participants, "party_members": point.party_members, "note": point.note}
    form = PointEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, saved = run_service(
            form, lambda: services.update_point(point, actor=request.user, **form.cleaned_data)
        )
        if ok:
            messages.success(
                request, _("The connection point at %(unit)s was saved.") % {"unit": point.unit.name}
            )
            _warn(request, saved.warnings)
            # A host reads the conference through its point, so the page is theirs to see.
            return _to_detail(point.activity_id)
    return render(request, "activities/point_form.html", {"form": form, "point": point})


@login_required
@require_POST
def point_remove(request, pk):
    point = _point(request, pk, host_may=False)
    activity = point.activity
    try:
        services.remove_point(point, actor=request.user)
    except DomainError as error:
        # The last point stays: say why on the activity page, with a 4xx.
        messages.error(request, str(error.message))
        activity = _get(request, activity.pk)
        return render(request, "activities/detail.html", _detail_context(request, activity), status=400)
    messages.success(request, _("The connection point at %(unit)s was removed.") % {"unit": point.unit.name})
    return _to_detail(activity.pk)


# -- attachments -----------------------------------------------------------------------------
@login_required
def attachment_create(request, pk):
    activity = _get(request, pk, Action.CHANGE)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, attachment = run_service(
            form,
            lambda: services.add_attachment(
                activity,
                actor=request.user,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            ),
        )
        if ok:
            messages.success(request, _("%(name)s was attached.") % {"name": attachment.name})
            return _to_detail(activity.pk)
    context = {
        "heading": _("Attach a file"),
        "possible": True,
        "multipart": True,
        "submit_label": _("Upload"),
    }
    return _action_page(request, form, activity, context)


@login_required
@require_POST
def attachment_remove(request, pk):
    queryset = ActivityAttachment.objects.select_related("activity__unit")
    attachment = access.get_for_user(queryset, request.user, Action.CHANGE, pk=pk)
    try:
        services.remove_attachment(attachment, actor=request.user)
    except DomainError as error:
        # A file of an activity in an approved period stays: say why on the activity page, with a 4xx.
        messages.error(request, str(error.message))
        activity = _get(request, attachment.activity_id)
        return render(request, "activities/detail.html", _detail_context(request, activity), status=400)
    messages.success(request, _("The file was removed."))
    return _to_detail(attachment.activity_id)


@login_required
def attachment_download(request, pk):
    attachment = access.get_for_user(ActivityAttachment.objects.all(), request.user, Action.VIEW, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from the storage.")) from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )


# -- the system administrator's list of kinds -------------------------------------------------
def _kind_initial(kind: ActivityKind) -> dict:
    return {name: getattr(kind, name) for name in KindForm.base_fields}


@login_required
def kind_settings(request):
    user = request.user
    if not access.is_unrestricted(user):
        raise _not_found()
    bound = None  # (entry id or "", form) of a refused submission
    if request.method == "POST":
        entry_id = request.POST.get("id", "")
        entry = None
        if entry_id:
            entry = ActivityKind.objects.filter(pk=entry_id).first() if entry_id.isdigit() else None
            if entry is None:
                raise _not_found()
        form = KindForm(request.POST, auto_id=f"kind-{entry_id or 'new'}-%s")
        if form.is_valid():
            ok, saved = run_service(
                form, lambda: services.save_kind(actor=user, entry=entry, **form.cleaned_data)
            )
            if ok:
                messages.success(request, _("“%(name)s” was saved.") % {"name": saved.name})
                return redirect(reverse("activities:kinds") + f"#kind-{saved.pk}")
        bound = (entry_id, form)
    rows = []
    for kind in ActivityKind.objects.order_by("position", "name"):
        if bound and bound[0] == str(kind.pk):
            form = bound[1]
        else:
            form = KindForm(initial=_kind_initial(kind), auto_id=f"kind-{kind.pk}-%s")
        rows.append((kind, form))
    new_form = bound[1] if bound and not bound[0] else KindForm(auto_id="kind-new-%s")
    return render(request, "activities/kinds.html", {"rows": rows, "new_form": new_form})
