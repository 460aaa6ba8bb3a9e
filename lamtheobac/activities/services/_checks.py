"""What the topic, activity and attendance services share: the day an activity or
a document is dated, whether a unit existed then, and which committee members
stood above a unit on a day (before a merger: the old commune's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.formatting import format_date
from lamtheobac.core.querysets import today
from lamtheobac.people.models import Person, Position
from lamtheobac.units.models import Kind as UnitKind
from lamtheobac.units.models import Unit, UnitChange

from ..models import MIN_YEAR, path_ancestors

COMMITTEE_KINDS = (Position.Kind.SECRETARY, Position.Kind.DEPUTY_SECRETARY, Position.Kind.COMMITTEE_MEMBER)


def _check_day(day, *, field: str = "held_on") -> dt.date:
    if not isinstance(day, dt.date):
        raise ValidationFailed(_("Enter a date."), field=field)
    if day > today():
        raise ValidationFailed(_("The date cannot be in the future."), field=field)
    if day.year < MIN_YEAR:
        raise ValidationFailed(_("The date is too early."), field=field)
    return day


def check_open(unit: Unit, day: dt.date, *, field: str = "unit") -> None:
    if not unit.is_open_on(day):
        raise ValidationFailed(
            _("%(unit)s did not exist on %(day)s.") % {"unit": unit.name, "day": format_date(day)},
            field=field,
        )


# -- committee members ----------------------------------------------------------------------
def paths_above_on(unit: Unit, day: dt.date) -> set[str]:
    """The paths (as they are now) of the units above `unit`, now and on `day`.

    A merger or a move gives a unit a new path, but a meeting held before it
    still belongs under the old parent's committee and topic: a clerk enters
    June's meetings in July, after the cells moved to the new commune. Every
    move or merger after `day` of the unit or of a unit above it adds the old
    parent and the units above that. One query per level of history (usually
    one, three for a cell of a commune that merged out of a district).
    """
    paths = set(path_ancestors(unit.path))
    frontier = {unit.path, *paths}
    while frontier:
        olds = UnitChange.objects.filter(
            unit__path__in=frontier,
            kind__in=(UnitChange.Kind.MOVED, UnitChange.Kind.MERGED),
            on__gt=day,
            old_parent__isnull=False,
        ).values_list("old_parent__path", flat=True)
        found = {above for path in olds for above in (*path_ancestors(path), path)}
        frontier = found - paths - {unit.path}
        paths |= found
    paths.discard(unit.path)
    return paths


def committee_members_for(unit: Unit, on: dt.date | None = None):
    """People holding a committee position, on `on`, at a party committee above `unit`.

    These are the members who may attend the unit's cell meetings or follow the
    cell. The list is not narrowed to the user's scope on purpose: a cell's
    secretary must be able to name the commune's committee member who came.
    "Above" is read on the day: before a merger, the old commune's committee.
    """
    on = on or today()
    committees = Unit.objects.filter(path__in=paths_above_on(unit, on), kind=UnitKind.PARTY_COMMITTEE)
    holding = Position.objects.current(on).filter(kind__in=COMMITTEE_KINDS, unit__in=committees)
    return Person.objects.filter(pk__in=holding.values("person_id")).order_by("full_name", "id")


def _check_committee_members(
    people: Iterable[Person], unit: Unit, on: dt.date, *, field: str
) -> list[Person]:
    people = list(dict.fromkeys(people))
    if not people:
        return []
    allowed = set(
        committee_members_for(unit, on).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    for person in people:
        if person.pk not in allowed:
            raise ValidationFailed(
                _("%(name)s held no committee position above %(unit)s on %(day)s.")
                % {"name": person.full_name, "unit": unit.name, "day": format_date(on)},
                field=field,
            )
    return people
