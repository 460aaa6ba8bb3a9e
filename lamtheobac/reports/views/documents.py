"""Pages of the printed documents: asking for a report as .docx, .pdf or .xlsx,
the document's page that follows its writing, the download, and the .xlsx
export of a roll-up. Views parse, fetch through access, call a service, respond."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lamtheobac.core import access, workbooks
from lamtheobac.core.access import Action
from lamtheobac.core.errors import DomainError, ValidationFailed
from lamtheobac.reports import rollup, services, spreadsheets
from lamtheobac.reports.models import DocumentFormat, DocumentStatus, Report, ReportDocument
from lamtheobac.reports.services import documents
from lamtheobac.units.lookups import unit_from_query


def _refused(request, message, *, status: int, report: Report | None = None):
    context = {"message": message, "report": report}
    return render(request, "reports/document_error.html", context, status=status)


@login_required
@require_POST
def document_request(request, pk):
    report = access.get_for_user(
        Report.objects.select_related("unit", "period"), request.user, Action.VIEW, pk=pk
    )
    try:
        document = documents.request_document(
            report,
            actor=request.user,
            format=request.POST.get("format", ""),
            language=getattr(request, "LANGUAGE_CODE", ""),
        )
    except DomainError as error:
        return _refused(request, error.message, status=error.status, report=report)
    return redirect("reports:document", pk=document.pk)


def _document(request, pk) -> ReportDocument:
    return access.get_for_user(
        ReportDocument.objects.select_related("report__unit", "report__period", "requested_by"),
        request.user,
        Action.VIEW,
        pk=pk,
    )


@login_required
@require_GET
def document_detail(request, pk):
    document = _document(request, pk)
    context = {
        "document": document,
        "report": document.report,
        "finished": document.status in (DocumentStatus.DONE, DocumentStatus.FAILED),
        "stale": document.is_stale,
        "download_name": documents.download_name(document),
        "formats": DocumentFormat.choices,
    }
    if request.headers.get("HX-Request"):
        return render(request, "reports/document_progress.html", context)
    return render(request, "reports/document.html", context)


@login_required
@require_GET
def document_download(request, pk):
    document = _document(request, pk)
    if document.status != DocumentStatus.DONE or not document.file:
        return _refused(
            request,
            _("The document is not ready: wait until it is written, then download it."),
            status=409,
            report=document.report,
        )
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file of this document is missing; ask for the document again.")) from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=documents.download_name(document),
        content_type=documents.CONTENT_TYPES[document.format],
    )


@login_required
@require_GET
def rollup_export(request):
    if not request.GET.get("unit", "").strip().isdigit():
        return _refused(request, _("Choose a unit."), status=400)
    unit = unit_from_query(request)
    basis = request.GET.get("basis") or rollup.PRELIMINARY
    try:
        if basis not in rollup.BASES:
            raise ValidationFailed(_("Choose preliminary or approved figures."), field="basis")
        period = services.period_for(request.GET.get("period", ""), user=request.user)
    except DomainError as error:
        return _refused(request, error.message, status=error.status)
    data = spreadsheets.figure_workbook(unit=unit, period=period, basis=basis, user=request.user)
    return workbooks.attachment(data, spreadsheets.export_filename(unit, period, basis))
