"""The period lock, as every domain asks it: may the data of a unit dated on a
day still change?

Once the level above approves a report, the data of the report's subtree for
its period is frozen; reopening the report lifts the lock. Every service that
writes dated data of a unit calls `ensure_unlocked` first, and a file import
reads the locks of all its rows at once with `Locks`.

Which days are locked is the reports app's to say: it registers its source
when it starts (`register`), so the domain apps ask here and never import it.
Without a source nothing is locked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Protocol

from .errors import ValidationFailed

# (unit, day) -> why that day's data of the unit is locked, or None.
Reason = Callable[[object, dt.date], str | None]


class LockSource(Protocol):
    def reason(self, unit, day: dt.date) -> str | None:
        """Why the data of `unit` on `day` may not change, or None when it may."""

    def reasons(self, pairs: list[tuple[object, dt.date]]) -> Reason:
        """The same question for many (unit, day) pairs, read in one go."""


_source: LockSource | None = None


def register(source: LockSource | None) -> None:
    global _source
    _source = source


def reason(unit, day: dt.date | None) -> str | None:
    if _source is None or unit is None or day is None:
        return None
    return _source.reason(unit, day)


def ensure_unlocked(unit, *days: dt.date | None, field: str | None = None) -> None:
    """Refuse a change to `unit`'s data on any of `days` that an approved report covers."""
    for day in sorted({day for day in days if day is not None}):
        why = reason(unit, day)
        if why is not None:
            raise ValidationFailed(why, code="period_locked", field=field)


class Locks:
    """The locks of many (unit, day) pairs, read at once (a file import)."""

    def __init__(self, pairs: Iterable[tuple[object, dt.date | None]]):
        pairs = [(unit, day) for unit, day in pairs if unit is not None and day is not None]
        self._reason: Reason | None = _source.reasons(pairs) if _source is not None and pairs else None

    def reason(self, unit, day: dt.date) -> str | None:
        return None if self._reason is None else self._reason(unit, day)
