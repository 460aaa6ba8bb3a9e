"""The caller's own notifications over the API: a report to approve, a report
returned with its reason, a reminder that a report is due. Each belongs to its
recipient, so there is nothing here to scope by unit: every query reads
`for_user(request.auth)`."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from lamtheobac.core import notifications
from lamtheobac.core.api.common import ERRORS, IdList, Input, PageQuery, page_of, paginate
from lamtheobac.core.models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    message: str
    url: str = Field(description="The page it is about, relative to the site.")
    unit: int | None = Field(validation_alias="unit_id")
    created_at: dt.datetime
    read_at: dt.datetime | None
    is_read: bool

    @staticmethod
    def resolve_is_read(notification: Notification) -> bool:
        return notification.read_at is not None


NotificationPage = page_of(NotificationOut)


class NotificationFilters(Input):
    unread: bool | None = Field(None, description="true: only the unread ones; false: only the read ones.")


class NotificationReadIn(Input):
    ids: IdList | None = Field(None, description="Those to mark read; every unread one when left out.")


class NotificationReadOut(Schema):
    marked: int = Field(description="How many were marked read now.")
    unread: int = Field(description="How many stay unread.")


@router.get("", response={200: NotificationPage, **ERRORS}, summary="List your notifications")
def list_notifications(request: HttpRequest, filters: Query[NotificationFilters], page: Query[PageQuery]):
    """The latest first."""
    found = Notification.objects.for_user(request.auth)
    if filters.unread is True:
        found = found.unread()
    elif filters.unread is False:
        found = found.filter(read_at__isnull=False)
    return paginate(found, page)


@router.post("/read", response={200: NotificationReadOut, **ERRORS}, summary="Mark notifications read")
def mark_read(request: HttpRequest, payload: NotificationReadIn):
    """Ids that are not yours, or already read, are passed over."""
    marked = notifications.mark_read(request.auth, payload.ids)
    return {"marked": marked, "unread": notifications.unread_count(request.auth)}
