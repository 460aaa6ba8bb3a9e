"""Turning a unit named in a request into a row, the same way for every page,
form and API route: the one lookup layer for units, as `access.get_for_user`
is for every other object.

- `units_for_choice`: what a user may pick in a form or name in a call;
- `home_unit`: where a page starts for a user unless told otherwise;
- `visible_unit`: a unit named in an API call (404 naming the field);
- `unit_from_query`: a unit named in a page's querystring (404);
- `unit_filter`: the unit of a list filter, which the list narrows anyway.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access
from lamtheobac.core.access import Action
from lamtheobac.core.api.common import fetch

from .models import Unit, UnitQuerySet

NOT_FOUND = _("Not found, or outside your units.")


def units_for_choice(user, action: Action | str = Action.CHANGE, *, open_only: bool = True) -> UnitQuerySet:
    """Units a user may pick in a form or name in an API call for `action`."""
    queryset = Unit.objects.visible_to(user, action)
    if open_only:
        queryset = queryset.open_now()
    return queryset.order_by("path")


def home_unit(user, action: Action | str = Action.VIEW) -> Unit | None:
    """Where a page starts for `user` unless told otherwise: the unit of their
    first role allowing `action` (an open one when the action changes data),
    the root for a superuser, None without any role."""
    units = Unit.objects.all() if Action(action) == Action.VIEW else Unit.objects.open_now()
    paths = access.scope_paths(user, action)
    if paths is None:
        return units.filter(depth=1).order_by("path").first()
    if not paths:
        return None
    return units.filter(path=paths[0]).first()


def visible_unit(request: HttpRequest, pk: int, *, field: str = "unit", action: Action = Action.VIEW) -> Unit:
    """A unit named in an API call that the caller may see, or 404 naming `field`.

    Reading is enough by default: whether the caller may change anything there
    is the service's check, which answers 403 to a viewer.
    """
    return fetch(Unit.objects, request.auth, action, field=field, pk=pk)


def unit_from_query(request: HttpRequest, name: str = "unit", action: Action = Action.VIEW) -> Unit | None:
    """The unit a page's querystring names: None when it names none, 404 when it
    is not a unit the user may see (or not an id at all)."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404(NOT_FOUND)
    return access.get_for_user(Unit.objects.all(), request.user, action, pk=int(raw))


def unit_filter(pk: int | None) -> Unit | None:
    """The unit of a list filter, or None when the filter is absent.

    Not scope-checked on purpose: the list is, so a unit outside the scope
    simply finds nothing. A missing id gives a unit whose subtree holds nothing.
    """
    if pk is None:
        return None
    return Unit.objects.filter(pk=pk).only("path", "depth").first() or Unit(path="-", depth=0)
