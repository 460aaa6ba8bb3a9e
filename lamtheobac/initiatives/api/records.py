"""An initiative's results, outcomes and attachments over the API."""

from typing import Annotated

from django.http import FileResponse, Http404, HttpRequest
from ninja import File, Form, Query, Router, UploadedFile
from ninja.responses import Status

from lamtheobac.core.access import Action, get_for_user
from lamtheobac.core.api.common import ERRORS, Caption, Id, PageQuery, paginate

from .. import services
from ..models import Attachment, Outcome, OutcomeMeasure, ResultEntry
from .initiatives import entry_by_id, visible_initiative
from .schemas import (
    AttachmentOut,
    AttachmentPage,
    OutcomeIn,
    OutcomeOut,
    OutcomePage,
    ResultEntryIn,
    ResultEntryOut,
    ResultEntryPage,
)

router = Router()  # tagged where the package joins them


@router.get(
    "/initiatives/{id:initiative_id}/results",
    response={200: ResultEntryPage, **ERRORS},
    summary="List an initiative's results",
)
def list_results(request: HttpRequest, initiative_id: Id, page: Query[PageQuery]):
    return paginate(visible_initiative(request, initiative_id).results.order_by("on", "id"), page)


@router.post(
    "/initiatives/{id:initiative_id}/results",
    response={201: ResultEntryOut, **ERRORS},
    summary="Add a result",
)
def add_result(request: HttpRequest, initiative_id: Id, payload: ResultEntryIn):
    initiative = visible_initiative(request, initiative_id)
    return Status(201, services.add_result(initiative, actor=request.auth, on=payload.on, text=payload.text))


@router.delete("/results/{id:result_id}", response={204: None, **ERRORS}, summary="Remove a result")
def remove_result(request: HttpRequest, result_id: Id):
    entry = get_for_user(
        ResultEntry.objects.select_related("initiative__unit"), request.auth, Action.VIEW, pk=result_id
    )
    services.remove_result(entry, actor=request.auth)
    return Status(204, None)


@router.get(
    "/initiatives/{id:initiative_id}/outcomes",
    response={200: OutcomePage, **ERRORS},
    summary="List an initiative's outcomes",
)
def list_outcomes(request: HttpRequest, initiative_id: Id, page: Query[PageQuery]):
    return paginate(visible_initiative(request, initiative_id).outcomes.select_related("measure"), page)


@router.post(
    "/initiatives/{id:initiative_id}/outcomes",
    response={201: OutcomeOut, **ERRORS},
    summary="Add an outcome",
)
def add_outcome(request: HttpRequest, initiative_id: Id, payload: OutcomeIn):
    """Values cannot be negative; text in Vietnamese notation ("1.234,5") is read as such."""
    initiative = visible_initiative(request, initiative_id)
    measure = entry_by_id(OutcomeMeasure, payload.measure, field="measure")
    outcome = services.add_outcome(
        initiative, actor=request.auth, measure=measure, value=payload.value, on=payload.on, note=payload.note
    )
    return Status(201, outcome)


@router.delete("/outcomes/{id:outcome_id}", response={204: None, **ERRORS}, summary="Remove an outcome")
def remove_outcome(request: HttpRequest, outcome_id: Id):
    outcome = get_for_user(
        Outcome.objects.select_related("initiative__unit"), request.auth, Action.VIEW, pk=outcome_id
    )
    services.remove_outcome(outcome, actor=request.auth)
    return Status(204, None)


@router.get(
    "/initiatives/{id:initiative_id}/attachments",
    response={200: AttachmentPage, **ERRORS},
    summary="List an initiative's attachments",
)
def list_attachments(request: HttpRequest, initiative_id: Id, page: Query[PageQuery]):
    return paginate(
        visible_initiative(request, initiative_id).attachments.order_by("uploaded_at", "id"), page
    )


@router.post(
    "/initiatives/{id:initiative_id}/attachments",
    response={201: AttachmentOut, **ERRORS},
    summary="Attach a photo, a PDF or an office document",
)
def add_attachment(
    request: HttpRequest,
    initiative_id: Id,
    file: File[UploadedFile],
    caption: Annotated[Caption, Form("")] = "",
):
    """A multipart upload; the size, the type and the content are checked."""
    initiative = visible_initiative(request, initiative_id)
    attachment = services.add_attachment(initiative, actor=request.auth, upload=file, caption=caption)
    return Status(201, attachment)


@router.get(
    "/attachments/{id:attachment_id}/download",
    response=ERRORS,
    url_name="initiative_attachment_download",
    summary="Download an attachment",
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
    attachment = get_for_user(Attachment.objects.all(), request.auth, Action.VIEW, pk=attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )


@router.delete(
    "/attachments/{id:attachment_id}", response={204: None, **ERRORS}, summary="Remove an attachment"
)
def remove_attachment(request: HttpRequest, attachment_id: Id):
    attachment = get_for_user(
        Attachment.objects.select_related("initiative__unit"), request.auth, Action.VIEW, pk=attachment_id
    )
    services.remove_attachment(attachment, actor=request.auth)
    return Status(204, None)
