"""API tokens and roles over the API."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from lamtheobac.core.access import Action, get_for_user
from lamtheobac.core.api.common import ERRORS, Id, Input, PageQuery, Text, choice, fetch, page_of, paginate
from lamtheobac.units.models import Unit

from . import services
from .models import Role

auth_router = Router(tags=["auth"])
router = Router(tags=["roles"])

RoleKind = choice(Role.Kind)


class TokenIn(Input):
    username: Text(150)
    password: Text(4096)


class TokenOut(Schema):
    token: str = Field(description="Send it as `Authorization: Bearer <token>`.")


@auth_router.post("/token", auth=None, response={200: TokenOut, **ERRORS}, summary="Get an API token")
def obtain_token(request: HttpRequest, payload: TokenIn):
    """Repeated wrong passwords lock the username and the address for a while (429)."""
    user = services.login_user(request, username=payload.username, password=payload.password)
    return {"token": services.issue_token(user)}


class RoleOut(Schema):
    id: int
    username: str = Field(validation_alias="user.username")
    unit: int = Field(validation_alias="unit_id")
    unit_name: str = Field(validation_alias="unit.name")
    kind: str
    granted_by: str | None = Field(description="Username of who granted it, when known.")
    granted_at: dt.datetime

    @staticmethod
    def resolve_granted_by(role: Role) -> str | None:
        return role.granted_by.get_username() if role.granted_by else None


RolePage = page_of(RoleOut)


class RoleFilters(Input):
    unit: Id | None = Field(None, description="Roles granted at this unit (not below it).")
    user: Text(150) | None = Field(None, description="Username.")


class RoleIn(Input):
    username: Text(150)
    unit: Id
    kind: RoleKind


def _roles():
    return Role.objects.select_related("user", "unit", "granted_by")


@router.get("", response={200: RolePage, **ERRORS}, summary="List roles")
def list_roles(request: HttpRequest, filters: Query[RoleFilters], page: Query[PageQuery]):
    roles = _roles().visible_to(request.auth)
    if filters.unit is not None:
        roles = roles.filter(unit_id=filters.unit)
    if filters.user:
        roles = roles.filter(user__username=filters.user)
    return paginate(roles, page)


@router.post("", response={201: RoleOut, **ERRORS}, summary="Grant a role")
def grant_role(request: HttpRequest, payload: RoleIn):
    unit = fetch(Unit.objects, request.auth, Action.ADMIN, field="unit", pk=payload.unit)
    user = services.find_active_user(payload.username)
    role = services.grant_role(actor=request.auth, user=user, unit=unit, kind=payload.kind)
    return Status(201, _roles().get(pk=role.pk))


@router.get("/{id:role_id}", response={200: RoleOut, **ERRORS}, summary="Read a role")
def get_role(request: HttpRequest, role_id: Id):
    return get_for_user(_roles(), request.auth, Action.VIEW, pk=role_id)


@router.delete("/{id:role_id}", response={204: None, **ERRORS}, summary="Revoke a role")
def revoke_role(request: HttpRequest, role_id: Id):
    role = get_for_user(_roles(), request.auth, Action.VIEW, pk=role_id)
    services.revoke_role(role, actor=request.auth)
    return Status(204, None)
