"""Reports over the API: the list and the record (with what it lacks before it
is sent and whether its summary is stale), their way up the tree (submit,
withdraw, return, approve, reopen, approve many at once), the drafted summary,
and the documents printed from them."""

from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router
from ninja.responses import Status

from lamtheobac.core.access import Action, get_for_user
from lamtheobac.core.api.common import ERRORS, Id, PageQuery, fetch_many, paginate
from lamtheobac.core.errors import Conflict, ValidationFailed

from .. import rollup, services, todo
from ..models import DocumentStatus, Report, ReportDocument, State, awaiting_q
from ..services import checks, documents
from .fetching import period_key, period_of, unit_filter, visible_report, visible_unit
from .schemas import (
    BulkApproveIn,
    DraftSummaryOut,
    ReopenIn,
    ReportDetailOut,
    ReportDocumentIn,
    ReportDocumentOut,
    ReportFilters,
    ReportIn,
    ReportPage,
    ReportPatch,
    ReturnIn,
    SubmitIn,
    ToDoOut,
    WithdrawIn,
)

router = Router()  # tagged where the package joins them


def _detail(request: HttpRequest, report_id: Id) -> Report:
    """The report with its history and the live figures of its subtree."""
    report = get_for_user(
        Report.objects.select_related("unit", "period"), request.auth, Action.VIEW, pk=report_id
    )
    report.steps_out = list(report.steps.order_by("at", "id"))
    report.live_figures = {
        basis: rollup.rollup(
            report.unit, report.period, user=request.auth, basis=basis, end=report.cutoff
        ).values
        for basis in rollup.BASES
    }
    report.gaps = checks.gaps(report) if report.state != State.APPROVED else []
    report.period_running = checks.period_running(report)
    report.summary_stale = checks.summary_is_stale(report, report.live_figures[rollup.PRELIMINARY])
    return report


# -- the list and the record ----------------------------------------------------------------
@router.get("/reports", response={200: ReportPage, **ERRORS}, summary="List reports")
def list_reports(request: HttpRequest, filters: Query[ReportFilters], page: Query[PageQuery]):
    """Reports of your units; `awaiting=true` keeps the submitted ones you may approve or return."""
    reports = Report.objects.visible_to(request.auth).select_related("unit", "period")
    if filters.period:
        reports = reports.filter(period__key=period_key(request, filters.period))
    unit = unit_filter(filters.unit)
    if unit is not None:
        reports = reports.in_subtree(unit)
    if filters.state:
        reports = reports.filter(state=filters.state)
    if filters.awaiting is True:
        reports = reports.filter(awaiting_q(request.auth))
    elif filters.awaiting is False:
        reports = reports.exclude(awaiting_q(request.auth))
    return paginate(reports, page)


@router.post("/reports", response={201: ReportDetailOut, **ERRORS}, summary="Start a unit's report")
def start_report(request: HttpRequest, payload: ReportIn):
    """Editors of the unit. The heading is filled in from the tree and the summary drafted from
    the live figures unless given; a second report of the unit for the period answers 409."""
    values = payload.model_dump(exclude_unset=True)
    unit = visible_unit(request, values.pop("unit"))
    # A refusal also takes back the calendar period made for it.
    with transaction.atomic():
        period = period_of(request, values.pop("period"))
        report = services.start_report(actor=request.auth, unit=unit, period=period, **values)
    return Status(201, _detail(request, report.pk))


@router.post(
    "/reports/approve", response={200: ReportPage, **ERRORS}, summary="Approve several reports at once"
)
def approve_many(request: HttpRequest, payload: BulkApproveIn):
    """All of them, or none: the first one that cannot be approved is named in the refusal."""
    if not payload.ids:
        raise ValidationFailed(_("Choose the reports to approve."), field="ids")
    reports = fetch_many(
        Report.objects.select_related("unit", "period"),
        request.auth,
        Action.VIEW,
        field="ids",
        ids=list(dict.fromkeys(payload.ids)),  # a repeated id is approved once
    )
    approved = services.approve_reports(reports, actor=request.auth)
    fresh = {
        report.pk: report
        for report in Report.objects.select_related("unit", "period").filter(pk__in=[r.pk for r in approved])
    }
    return {"items": [fresh[report.pk] for report in approved], "count": len(approved)}


@router.get("/reports/to-do", response={200: ToDoOut, **ERRORS}, summary="What reports ask of you now")
def to_do(request: HttpRequest):
    """The home page's list: how many reports wait for your approval, and the reports owed by the
    units where you write (not begun, drafts, or returned), earliest deadline first."""
    found = todo.for_user(request.auth)
    return {
        "awaiting": found.awaiting,
        "owed": [
            {
                "unit": entry.unit.pk,
                "unit_name": entry.unit.name,
                "obligation": entry.obligation.pk,
                "obligation_title": entry.obligation.title,
                "period": entry.obligation.period.key,
                "period_label": entry.obligation.period.label,
                "deadline": entry.deadline,
                "status": todo.status_of(entry),
                "report": entry.report.pk if entry.report else None,
                "state": entry.state,
            }
            for entry in found.owed
        ],
    }


@router.get("/reports/{id:report_id}", response={200: ReportDetailOut, **ERRORS}, summary="Read a report")
def get_report(request: HttpRequest, report_id: Id):
    """With its history, the last return's notes, the figures frozen on approval, and the live
    figures of its subtree (all data, and approved data only)."""
    return _detail(request, report_id)


@router.patch(
    "/reports/{id:report_id}", response={200: ReportDetailOut, **ERRORS}, summary="Change a report's text"
)
def update_report(request: HttpRequest, report_id: Id, payload: ReportPatch):
    """Its heading and narrative, while it is a draft or returned (409 otherwise)."""
    report = visible_report(request, report_id)
    services.update_report(report, actor=request.auth, **payload.changes())
    return _detail(request, report_id)


@router.get(
    "/reports/{id:report_id}/draft-summary",
    response={200: DraftSummaryOut, **ERRORS},
    summary="Draft the summary again from the live figures",
)
def draft_summary(request: HttpRequest, report_id: Id):
    """The paragraph is not saved: send it back in a PATCH to keep it."""
    report = visible_report(request, report_id)
    return {"report": report.pk, "summary": services.redraft_summary(report)}


# -- the way up the tree --------------------------------------------------------------------
@router.post(
    "/reports/{id:report_id}/submit",
    response={200: ReportDetailOut, **ERRORS},
    summary="Send a report to the level above",
)
def submit_report(request: HttpRequest, report_id: Id, payload: SubmitIn | None = None):
    """A draft or a returned report, its figures counted up to `cutoff` (at most today); the
    parts the level above requires must be filled in (400 `required_missing` names them, the
    other gaps are warnings). The approvers above are notified."""
    cutoff = payload.cutoff if payload is not None else None
    services.submit_report(visible_report(request, report_id), actor=request.auth, cutoff=cutoff)
    return _detail(request, report_id)


@router.post(
    "/reports/{id:report_id}/withdraw",
    response={200: ReportDetailOut, **ERRORS},
    summary="Take a submitted report back",
)
def withdraw_report(request: HttpRequest, report_id: Id, payload: WithdrawIn):
    """The unit's writers, until the level above approves it (409 after); with the reason.
    It is a draft again and the approvers above are told."""
    services.withdraw_report(visible_report(request, report_id), actor=request.auth, reason=payload.reason)
    return _detail(request, report_id)


@router.post(
    "/reports/{id:report_id}/return",
    response={200: ReportDetailOut, **ERRORS},
    summary="Return a submitted report to its unit",
)
def return_report(request: HttpRequest, report_id: Id, payload: ReturnIn):
    """Approvers of the level above, with the reason and optional notes per section."""
    services.return_report(
        visible_report(request, report_id),
        actor=request.auth,
        reason=payload.reason,
        section_notes=payload.section_notes,
    )
    return _detail(request, report_id)


@router.post(
    "/reports/{id:report_id}/approve",
    response={200: ReportDetailOut, **ERRORS},
    summary="Approve a submitted report",
)
def approve_report(request: HttpRequest, report_id: Id):
    """Approvers of the level above. The figures are frozen and the unit's data for the period
    is locked until the report is reopened."""
    services.approve_report(visible_report(request, report_id), actor=request.auth)
    return _detail(request, report_id)


@router.post(
    "/reports/{id:report_id}/reopen",
    response={200: ReportDetailOut, **ERRORS},
    summary="Reopen an approved report",
)
def reopen_report(request: HttpRequest, report_id: Id, payload: ReopenIn):
    """Lifts the approval and the lock, with the reason; the unit corrects and resubmits."""
    services.reopen_report(visible_report(request, report_id), actor=request.auth, reason=payload.reason)
    return _detail(request, report_id)


# -- documents ------------------------------------------------------------------------------
def _document(request: HttpRequest, document_id: Id) -> ReportDocument:
    return get_for_user(
        ReportDocument.objects.select_related("report__unit", "report__period"),
        request.auth,
        Action.VIEW,
        pk=document_id,
    )


@router.post(
    "/reports/{id:report_id}/documents",
    response={202: ReportDocumentOut, **ERRORS},
    summary="Print a report as a document",
)
def request_document(request: HttpRequest, report_id: Id, payload: ReportDocumentIn):
    """Written in the background: follow `status_url` until the status is done, then fetch
    `download_url`."""
    report = visible_report(request, report_id)
    language = getattr(request, "LANGUAGE_CODE", "")
    document = documents.request_document(
        report, actor=request.auth, format=payload.format, language=language
    )
    return Status(202, document)


@router.get(
    "/report-documents/{id:document_id}",
    response={200: ReportDocumentOut, **ERRORS},
    url_name="report_document",
    summary="Follow a document being written",
)
def get_document(request: HttpRequest, document_id: Id):
    return _document(request, document_id)


@router.get(
    "/report-documents/{id:document_id}/download",
    response=ERRORS,
    url_name="report_document_download",
    summary="Download a printed document",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file (.docx, .pdf or .xlsx).",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_document(request: HttpRequest, document_id: Id):
    """409 `not_ready` while it is being written, and when writing it failed."""
    document = _document(request, document_id)
    if document.status == DocumentStatus.FAILED:
        raise Conflict(_("The document could not be written; request it again."), code="failed")
    if document.status != DocumentStatus.DONE or not document.file:
        raise Conflict(_("The document is not ready yet; try again in a moment."), code="not_ready")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=documents.download_name(document),
        content_type=documents.CONTENT_TYPES[document.format],
    )
