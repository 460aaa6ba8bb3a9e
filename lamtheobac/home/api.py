"""The audit trail over the API, for unit admins, of their own subtree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from lamtheobac.core.access import Action, get_for_user
from lamtheobac.core.api.common import ERRORS, Day, Id, Input, PageQuery, Search, Text, page_of, paginate
from lamtheobac.core.models import AuditEvent
from lamtheobac.units.lookups import unit_filter

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor: str = Field(validation_alias="actor_name", description="Username at the time of the change.")
    action: str
    object_type: str = Field(description='App and model, e.g. "units.unit".')
    object_id: str
    object_repr: str
    unit: int | None = Field(validation_alias="unit_id")
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str
    via: str = Field(description="web, api or cli.")


AuditEventPage = page_of(AuditEventOut)


class AuditFilters(Input):
    actor: Search | None = Field(None, description="Part of the username; case is ignored.")
    object_type: Text(100) | None = None
    object_id: Text(64) | None = None
    unit: Id | None = Field(None, description="Events of this unit and every unit below it.")
    date_from: Day | None = None
    date_to: Day | None = Field(None, description="Inclusive.")


@router.get("", response={200: AuditEventPage, **ERRORS}, summary="List audit events")
def list_events(request: HttpRequest, filters: Query[AuditFilters], page: Query[PageQuery]):
    events = AuditEvent.objects.visible_to(request.auth, Action.ADMIN).matching(
        actor=filters.actor or "",
        object_type=filters.object_type or "",
        object_id=filters.object_id or "",
        unit=unit_filter(filters.unit),
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    return paginate(events, page)


@router.get("/{id:event_id}", response={200: AuditEventOut, **ERRORS}, summary="Read an audit event")
def get_event(request: HttpRequest, event_id: Id):
    return get_for_user(AuditEvent.objects, request.auth, Action.ADMIN, pk=event_id)
