"""Checks that several initiative services share."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.querysets import today


def _text(value: str | None, *, field: str, message, max_length: int | None = None) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ValidationFailed(message, field=field)
    if max_length and len(value) > max_length:
        raise ValidationFailed(_("At most %(count)s characters.") % {"count": max_length}, field=field)
    return value


def _check_not_future(day: dt.date, field: str = "on") -> None:
    if day > today():
        raise ValidationFailed(_("The date cannot be in the future."), field=field)


def _check_entry(entry, model, field: str) -> None:
    if entry is not None and not entry.is_active:
        raise ValidationFailed(
            _("“%(name)s” is no longer in use: choose another.") % {"name": entry.name}, field=field
        )
    if entry is not None and not isinstance(entry, model):
        raise ValidationFailed(_("Choose a valid option."), field=field)
