"""The audit trail: services call `record()` for every change they make.

Who acted and through which door (web, api, cli) comes from a context variable
that the middleware sets per request; commands run as "cli".
"""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any

from django.db import models

_CLI = ("cli", "")
# (via, ip) of the change being made; commands and shells count as "cli".
_context: contextvars.ContextVar[tuple[str, str]] = contextvars.ContextVar(
    "lamtheobac_audit_context", default=_CLI
)


@contextmanager
def audit_context(*, via: str, ip: str = ""):
    token = _context.set((via, ip))
    try:
        yield
    finally:
        _context.reset(token)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of `obj` as JSON-safe values (foreign keys by id)."""
    data = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.is_relation and field.many_to_one:
            data[name] = getattr(obj, field.attname)
        else:
            data[name] = _jsonable(getattr(obj, name))
    return data


def acting_user(actor):
    """The signed-in user behind `actor`, or None when the system acts (a command, a task)."""
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def record(
    *,
    actor,
    action: str,
    obj: models.Model,
    unit=None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
):
    """Write one audit event. Call it inside the service's transaction."""
    from .models import AuditEvent

    via, ip = _context.get()
    user = acting_user(actor)
    actor_id = user.pk if user is not None else None
    return AuditEvent.objects.create(
        actor_id=actor_id,
        actor_name=(actor.get_username() if actor_id else "system"),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        unit=unit,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        note=note,
        via=via,
        ip=ip or None,
    )
