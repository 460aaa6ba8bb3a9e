"""Access by unit subtree: the one place where scoping is decided.

A user holds roles at units; a role holds for the unit's whole subtree. Every
scoped queryset is narrowed with `scope_q` (through `ScopedQuerySet.visible_to`),
every scoped object is fetched with `get_for_user`, which answers 404 both for
"missing" and for "not yours", and every service checks `require` before it
writes anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .errors import Forbidden

if TYPE_CHECKING:
    from lamtheobac.units.models import Unit


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"
    APPROVE = "approve"
    ADMIN = "admin"


class RoleKind(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    APPROVER = "approver"
    ADMIN = "admin"


# What each role allows, at its unit and everywhere below it.
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    RoleKind.VIEWER: frozenset({Action.VIEW}),
    RoleKind.EDITOR: frozenset({Action.VIEW, Action.CHANGE}),
    RoleKind.APPROVER: frozenset({Action.VIEW, Action.CHANGE, Action.APPROVE}),
    RoleKind.ADMIN: frozenset({Action.VIEW, Action.CHANGE, Action.APPROVE, Action.ADMIN}),
}

_CACHE_ATTR = "_lamtheobac_scope_paths"


def _roles_of(user) -> list[tuple[str, str]]:
    """(unit path, role kind) of the user's roles, read once per user object."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        # Through the app registry: accounts keeps the roles and builds on core,
        # so core reads them without importing it.
        role = apps.get_model("accounts", "Role")
        cached = list(role.objects.filter(user_id=user.pk).values_list("unit__path", "kind"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user) -> None:
    """Drop the cached roles (after a grant or a revoke)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_unrestricted(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def role_paths(user, action: Action | str) -> list[str] | None:
    """The paths of the units where `user` holds a role allowing `action`, nested
    grants kept (a role that acts on a unit's children, such as approving, acts
    at each of them); None for the superuser, [] for nobody."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    action = Action(action)
    return sorted({path for path, kind in _roles_of(user) if action in ROLE_ACTIONS.get(kind, ())})


def scope_paths(user, action: Action | str = Action.VIEW) -> list[str] | None:
    """Tree paths under which `user` may do `action`; None means everywhere.

    Nested grants are collapsed, so a role at a commune under a province role
    adds no second condition to the query.
    """
    paths = role_paths(user, action)
    if paths is None:
        return None
    collapsed: list[str] = []
    for path in paths:
        if not any(path.startswith(top) for top in collapsed):
            collapsed.append(path)
    return collapsed


def scope_q(user, action: Action | str = Action.VIEW, path_field: str = "unit__path") -> Q:
    """The filter that narrows any queryset to rows in the user's scope."""
    paths = scope_paths(user, action)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path_field}__startswith": path})
    return condition


def can(user, action: Action | str, unit: Unit | None) -> bool:
    if unit is None:
        return is_unrestricted(user)
    paths = scope_paths(user, action)
    if paths is None:
        return True
    return any(unit.path.startswith(path) for path in paths)


def require(user, action: Action | str, unit: Unit | None) -> None:
    """Raise Forbidden unless `user` may do `action` at `unit`."""
    if not can(user, action, unit):
        raise Forbidden()


def require_all(user, action: Action | str, units: Iterable[Unit]) -> None:
    for unit in units:
        require(user, action, unit)


def visible(queryset: QuerySet, user, action: Action | str = Action.VIEW) -> QuerySet:
    """Narrow a queryset of a scoped model (one that has `visible_to`)."""
    return queryset.visible_to(user, action)


def get_for_user(queryset: QuerySet, user, action: Action | str = Action.VIEW, **lookup: Any) -> Model:
    """Fetch one scoped object, or 404 when it is missing *or* not the user's.

    Both cases answer the same so that an outsider learns nothing of what exists.
    """
    obj = visible(queryset, user, action).filter(**lookup).first()
    if obj is None:
        raise Http404(_("Not found, or outside your units."))
    return obj
