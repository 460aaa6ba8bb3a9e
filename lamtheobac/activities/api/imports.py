"""Bulk imports of activities over the API: the template, the upload (checked
and written by a background task), and the job's progress and result."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.responses import Status

from lamtheobac.core import workbooks
from lamtheobac.core.access import Action, get_for_user
from lamtheobac.core.api.common import ERRORS, Id, Input, PageQuery, Text, fetch, page_of, paginate
from lamtheobac.units.models import Unit

from .. import services
from ..models import ImportJob
from ..services import spreadsheets

router = Router()  # tagged where the package joins them


class ImportProblemOut(Schema):
    row: int | None = Field(description="The row in the file (the header is row 1); null for the whole file.")
    column: str = Field(description="The column's letter in the file, or empty.")
    header: str = Field(description="The column's header as the file writes it.")
    message: str


class ImportWarningOut(Schema):
    row: int | None
    message: str


class ImportJobOut(Schema):
    id: int
    unit: int = Field(validation_alias="unit_id")
    unit_name: str
    name: str = Field(description="The uploaded file's name.")
    status: str = Field(description="waiting, checking, writing, done or failed.")
    status_label: str
    finished: bool
    percent: int = Field(description="How far the check and the write have gone, 0 to 100.")
    total_rows: int
    checked_rows: int
    created_count: int = Field(description="Activities written (only when done).")
    errors: list[ImportProblemOut] = Field(description="Why a failed file was refused: nothing was written.")
    warnings: list[ImportWarningOut]
    created_at: dt.datetime
    finished_at: dt.datetime | None
    page_url: str

    @staticmethod
    def resolve_unit_name(job: ImportJob) -> str:
        return job.unit.name

    @staticmethod
    def resolve_status_label(job: ImportJob) -> str:
        return str(job.get_status_display())

    @staticmethod
    def resolve_finished(job: ImportJob) -> bool:
        return job.is_finished

    @staticmethod
    def resolve_page_url(job: ImportJob) -> str:
        return reverse("activities:import_job", args=[job.pk])


ImportJobPage = page_of(ImportJobOut)


class TemplateQuery(Input):
    unit: Id
    month: Text(40) | None = Field(None, description="2025-03; this month when left out.")


def _jobs():
    return ImportJob.objects.select_related("unit")


@router.get(
    "/activity-imports/template",
    response=ERRORS,
    summary="Download the .xlsx template",
    openapi_extra={
        "responses": {
            200: {
                "description": "One prefilled row per party cell of the unit's subtree, with the lists.",
                "content": {spreadsheets.XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def import_template(request: HttpRequest, query: Query[TemplateQuery]):
    unit = fetch(Unit.objects, request.auth, Action.CHANGE, field="unit", pk=query.unit)
    period = spreadsheets.parse_month(query.month)
    return workbooks.attachment(
        spreadsheets.template_bytes(unit, period), spreadsheets.template_filename(period)
    )


@router.get("/activity-imports", response={200: ImportJobPage, **ERRORS}, summary="List imports")
def list_imports(request: HttpRequest, page: Query[PageQuery]):
    return paginate(_jobs().visible_to(request.auth), page)


@router.post(
    "/activity-imports",
    response={202: ImportJobOut, **ERRORS},
    summary="Import activities from an .xlsx file",
)
def create_import(request: HttpRequest, file: File[UploadedFile], unit: Form[Id]):
    """A multipart upload of a file made from the template.

    The file is refused at once (400) when it is too large, not a readable
    .xlsx, without the template's headers, or with too many rows. Otherwise a
    job is queued: poll `GET /activity-imports/{id}` until it is done or
    failed. A file with any wrong row writes nothing, and its errors name the
    row and the column.
    """
    target = fetch(Unit.objects, request.auth, Action.CHANGE, field="unit", pk=unit)
    job = services.start_import(
        actor=request.auth,
        unit=target,
        upload=file,
        language=getattr(request, "LANGUAGE_CODE", ""),
        via="api",
        ip=request.META.get("REMOTE_ADDR", ""),
    )
    return Status(202, _jobs().get(pk=job.pk))


@router.get(
    "/activity-imports/{id:job_id}", response={200: ImportJobOut, **ERRORS}, summary="An import's progress"
)
def get_import(request: HttpRequest, job_id: Id):
    return get_for_user(_jobs(), request.auth, Action.VIEW, pk=job_id)
