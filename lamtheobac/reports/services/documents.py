"""Printed reports, requested and written in the background: the report as a
.docx and a .pdf in the party's layout (see reports.printing), or its figure
tables as an .xlsx (reports.spreadsheets), with the progress shown on the
document's page.

`request_document` records the request and queues `write_document`, whose work
is `run`. A document is marked done only once its whole file is stored."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lamtheobac.core import access, audit, workbooks
from lamtheobac.core.errors import DomainError, ValidationFailed
from lamtheobac.core.text import fold
from lamtheobac.reports import printing, spreadsheets
from lamtheobac.reports.models import DocumentFormat, DocumentStatus, Report, ReportDocument

logger = logging.getLogger(__name__)


CONTENT_TYPES = {
    DocumentFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# -- requesting and writing ---------------------------------------------------------------
@transaction.atomic
def request_document(report: Report, *, actor, format: str, language: str = "") -> ReportDocument:
    """Record a request for the report as `format` and queue its writing once committed."""
    access.require(actor, access.Action.VIEW, report.unit)
    chosen = (format or "").strip().lower()
    if chosen not in DocumentFormat.values:
        raise ValidationFailed(
            _("Choose the format of the document: %(choices)s.")
            % {"choices": ", ".join(DocumentFormat.values)},
            field="format",
        )
    document = ReportDocument.objects.create(
        report=report, format=chosen, requested_by=audit.acting_user(actor)
    )
    audit.record(
        actor=actor,
        action="create",
        obj=document,
        unit=report.unit,
        after={"report": report.pk, "format": chosen},
    )
    document.enqueue(language=language)
    return document


def run(document_id: int, *, language: str = "") -> str:
    """The task's work: gather, write and store the file; returns the final status."""
    if not ReportDocument.claim(document_id, progress=10):
        return ReportDocument.current_status(document_id)
    document = ReportDocument.objects.select_related("report__unit", "report__period", "requested_by").get(
        pk=document_id
    )
    report = document.report
    with translation.override(language or settings.LANGUAGE_CODE):
        actor = document.requested_by
        # Roles may have changed since the request.
        if actor is None or not actor.is_active or not access.can(actor, access.Action.VIEW, report.unit):
            return ReportDocument.fail(document.pk, _("You may no longer see this report."))
        stored = ""
        try:
            data = _write(report, document.format, lambda: ReportDocument.set_progress(document.pk, 40))
            ReportDocument.set_progress(document.pk, 80)
            stored = document.file.storage.save(
                document.file.field.generate_filename(document, filename(report, document.format)),
                ContentFile(data),
            )
            ReportDocument.finish(document.pk, file=stored, size=len(data), error="")
        except Exception as error:
            logger.exception("Report document %s could not be written", document.pk)
            if stored:  # never leave a file that no finished document points to
                document.file.storage.delete(stored)
            if isinstance(error, DomainError):
                return ReportDocument.fail(document.pk, error.message)
            return ReportDocument.fail(
                document.pk,
                _(
                    "The document could not be written. Try again; if it fails again, "
                    "tell the system administrator."
                ),
            )
    return DocumentStatus.DONE


def _write(report: Report, format: str, gathered: Callable[[], None]) -> bytes:
    if format == DocumentFormat.XLSX:
        gathered()
        return spreadsheets.figure_workbook(report)
    found = printing.content(report)
    gathered()
    if format == DocumentFormat.DOCX:
        return printing.write_docx(found)
    if format == DocumentFormat.PDF:
        return printing.write_pdf(found)
    raise ValidationFailed(_("Unknown document format."), field="format")


def filename(report: Report, format: str) -> str:
    """bao-cao-x1-2025-q1.docx: plain ASCII, safe in any storage."""
    code = slugify(fold(report.unit.code)) or str(report.unit.pk)
    return f"bao-cao-{code}-{slugify(report.period.key)}.{format}"


def download_name(document: ReportDocument) -> str:
    """The name the browser saves: "Báo cáo Xã Đông Sơn quý I-2025.docx"."""
    report = document.report
    stem = _("Report %(unit)s %(period)s") % {"unit": report.unit.name, "period": report.period.label}
    return workbooks.download_name(printing.nfc(stem), document.format)


@task
def write_document(document_id: int, language: str = "") -> str:
    """Write the report document's file; returns its final status. The default
    queue is the database (`lamtheobac db_worker` works it); tests and
    LAMTHEOBAC_TASKS_IMMEDIATE=1 run it at once, after the request commits."""
    return run(document_id, language=language)
