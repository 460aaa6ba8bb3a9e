"""Pages of the bulk entry screen and the .xlsx import: one month's cell meetings
on one screen, the template download, the upload and the page of an import's
progress and result. Views parse, fetch through access, call a service, respond."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from lamtheobac.core import access, periods, workbooks
from lamtheobac.core.access import Action
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.formatting import format_number
from lamtheobac.core.querysets import today
from lamtheobac.core.views import add_domain_error, paginate, run_service
from lamtheobac.units.lookups import home_unit, unit_from_query
from lamtheobac.units.models import Unit

from .. import services
from ..forms import BulkPickForm, BulkRowForm, ImportUploadForm
from ..models import Activity, ActivityKind, Category, ImportJob
from ..services import spreadsheets
from ._shared import _not_found, _require_scope

# One screen holds a commune's cells; a whole province's would be unusable.
MAX_BULK_CELLS = 150
MAX_WARNINGS_SHOWN = 10


def _list_url(unit: Unit, start, end) -> str | None:
    """The activity list filtered on the unit and the days, if the list page exists."""
    try:
        url = reverse("activities:list")
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode({'unit': unit.pk, 'start': start.isoformat(), 'end': end.isoformat()})}"


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


# -- bulk entry ---------------------------------------------------------------------------
@login_required
def bulk_entry(request):
    user = request.user
    _require_scope(user, Action.CHANGE)
    initial = {"month": periods.month(today().year, today().month).key}
    if (unit := home_unit(user, Action.CHANGE)) is not None:
        initial["unit"] = unit.pk
    pick = BulkPickForm(request.GET or None, user=user, initial=initial)
    context = {
        "pick": pick,
        "rows": [],
        "upload": ImportUploadForm(
            user=user, initial={"unit": request.GET.get("unit") or initial.get("unit")}
        ),
    }
    if not pick.is_bound or not pick.is_valid():
        return render(request, "activities/bulk.html", context)
    unit, period = pick.cleaned_data["unit"], pick.cleaned_data["month"]
    query = urlencode({"unit": unit.pk, "month": period.key})
    context.update(
        unit=unit,
        period=period,
        query=query,
        template_url=f"{reverse('activities:import_template')}?{query}",
    )
    cells = list(spreadsheets.cells_for(unit, period)[: MAX_BULK_CELLS + 1])
    if len(cells) > MAX_BULK_CELLS:
        context["too_many"] = MAX_BULK_CELLS
        return render(request, "activities/bulk.html", context)
    kinds = list(
        ActivityKind.objects.active().filter(category=Category.CELL_MEETING).order_by("thematic", "position")
    )
    members = spreadsheets.CommitteeMembers()
    day = spreadsheets.reference_day(period)
    recorded = dict(
        Activity.objects.filter(unit__in=cells, kind__category=Category.CELL_MEETING)
        .in_period(period.start, period.end)
        .values_list("unit")
        .annotate(count=Count("pk"))
    )
    default_kind = kinds[0].pk if kinds else None
    title = spreadsheets.default_title(period)
    rows = [
        BulkRowForm(
            request.POST if request.method == "POST" else None,
            prefix=f"c{cell.pk}",
            cell=cell,
            period=period,
            kinds=kinds,
            members=members.on(cell, day),
            initial={"kind": default_kind, "title": title},
        )
        for cell in cells
    ]
    context["rows"] = [
        {"form": form, "cell": form.cell, "recorded": recorded.get(form.cell.pk, 0)} for form in rows
    ]
    if request.method == "POST":
        saved = _save_bulk(request, rows, unit, period)
        if saved is not None:
            return saved
    return render(request, "activities/bulk.html", context)


def _save_bulk(request, rows: list[BulkRowForm], unit: Unit, period):
    """Save every filled row or none; None when the page must show the errors."""
    if not all(form.is_valid() for form in rows):
        messages.error(request, _("Nothing was saved: correct the rows marked below."))
        return None
    filled = [form for form in rows if not form.is_empty]
    if not filled:
        messages.error(request, _("Nothing to save: fill in the date and figures of at least one cell."))
        return None
    topics: dict = {}
    entries = []
    for form in filled:
        key = (form.cell.pk, form.cleaned_data["held_on"].year)
        if key not in topics:
            topics[key] = services.topic_for(form.cell, key[1])
        entries.append((form.cell.pk, form.values(topics[key])))
    try:
        created = services.record_many(actor=request.user, entries=entries)
    except services.RowsRefused as refused:
        by_cell = {form.cell.pk: form for form in filled}
        for pk, error in refused.rows.items():
            add_domain_error(by_cell[pk], error)
        messages.error(request, str(refused.message))
        return None
    messages.success(
        request,
        _("%(count)s meetings of %(period)s were saved.")
        % {"count": format_number(len(created)), "period": period.label},
    )
    warnings = [message for activity in created for message in activity.warnings]
    for message in warnings[:MAX_WARNINGS_SHOWN]:
        messages.warning(request, message)
    target = _list_url(unit, period.start, period.end)
    return redirect(target or f"{reverse('activities:bulk')}?{request.GET.urlencode()}")


# -- the template and the upload ----------------------------------------------------------
@login_required
def import_template(request):
    unit = unit_from_query(request, action=Action.CHANGE)
    if unit is None:
        raise _not_found()
    try:
        period = spreadsheets.parse_month(request.GET.get("month"))
    except ValidationFailed as error:
        return HttpResponse(str(error.message), status=400, content_type="text/plain; charset=utf-8")
    return workbooks.attachment(
        spreadsheets.template_bytes(unit, period), spreadsheets.template_filename(period)
    )


@login_required
def import_upload(request):
    user = request.user
    _require_scope(user, Action.CHANGE)
    initial = {}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = int(request.GET["unit"])
    elif (unit := home_unit(user, Action.CHANGE)) is not None:
        initial["unit"] = unit.pk
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, job = run_service(
            form,
            lambda: services.start_import(
                actor=user,
                unit=form.cleaned_data["unit"],
                upload=form.cleaned_data["file"],
                language=getattr(request, "LANGUAGE_CODE", ""),
                via="web",
                ip=_client_ip(request),
            ),
        )
        if ok:
            return redirect("activities:import_job", pk=job.pk)
    jobs = ImportJob.objects.visible_to(user).select_related("unit", "requested_by")
    context = {
        "form": form,
        "page": paginate(request, jobs, per_page=20),
        "bulk_url": reverse("activities:bulk"),
    }
    return render(request, "activities/import.html", context)


@login_required
def import_job(request, pk):
    job = access.get_for_user(ImportJob.objects.select_related("unit", "requested_by"), request.user, pk=pk)
    list_url = None
    if job.status == ImportJob.Status.DONE and job.first_day is not None:
        list_url = _list_url(job.unit, job.first_day, job.last_day)
    context = {
        "job": job,
        "list_url": list_url,
        "can_import": access.can(request.user, Action.CHANGE, job.unit),
    }
    if request.headers.get("HX-Request"):
        return render(request, "activities/import_progress.html", context)
    return render(request, "activities/import_job.html", context)
