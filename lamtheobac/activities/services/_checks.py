"""What the topic, activity and attendance services share: the day an activity or
a document is dated, whether a unit existed then, and whether the people named
as committee members held a committee position above a unit on a day (before
a merger: the old commune's; see Person.objects.committee_members_above)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.formatting import format_date
from lamtheobac.core.periods import FIRST_YEAR
from lamtheobac.core.querysets import today
from lamtheobac.people.models import Person
from lamtheobac.units.models import Unit


def _check_day(day, *, field: str = "held_on") -> dt.date:
    if not isinstance(day, dt.date):
        raise ValidationFailed(_("Enter a date."), field=field)
    if day > today():
        raise ValidationFailed(_("The date cannot be in the future."), field=field)
    if day.year < FIRST_YEAR:
        raise ValidationFailed(_("The date is too early."), field=field)
    return day


def check_open(unit: Unit, day: dt.date, *, field: str = "unit") -> None:
    if not unit.is_open_on(day):
        raise ValidationFailed(
            _("%(unit)s did not exist on %(day)s.") % {"unit": unit.name, "day": format_date(day)},
            field=field,
        )


# -- committee members ----------------------------------------------------------------------
def _check_committee_members(
    people: Iterable[Person], unit: Unit, on: dt.date, *, field: str
) -> list[Person]:
    people = list(dict.fromkeys(people))
    if not people:
        return []
    allowed = set(
        Person.objects.committee_members_above(unit, on)
        .filter(pk__in=[p.pk for p in people])
        .values_list("pk", flat=True)
    )
    for person in people:
        if person.pk not in allowed:
            raise ValidationFailed(
                _("%(name)s held no committee position above %(unit)s on %(day)s.")
                % {"name": person.full_name, "unit": unit.name, "day": format_date(on)},
                field=field,
            )
    return people
