"""Small builders the report tests share: units added under a unit, and a
conference recorded through the activities' service."""

from __future__ import annotations

import datetime as dt

from lamtheobac.activities import services as activity_services
from lamtheobac.activities.models import ActivityKind, Category, Form
from lamtheobac.core.testing import START
from lamtheobac.units.models import Kind, Level, Unit


def add_unit(
    parent: Unit, code: str, name: str, *, kind=Kind.PARTY_CELL, level=Level.CELL, valid_from=START
) -> Unit:
    unit = Unit.objects.add_child(
        Unit.objects.get(pk=parent.pk),
        instance=Unit(code=code, name=name, level=level, kind=kind, valid_from=valid_from),
    )
    return Unit.objects.get(pk=unit.pk)


def add_commune(parent: Unit, code: str, name: str, **kwargs) -> Unit:
    return add_unit(parent, code, name, kind=Kind.PARTY_COMMITTEE, level=Level.COMMUNE, **kwargs)


def conference(
    unit: Unit, day: dt.date, participants: int, *, actor, title: str = "Hội nghị học tập chuyên đề"
):
    """An in-person study conference; half of those attending are party members."""
    return activity_services.record_activity(
        actor=actor,
        unit=unit,
        kind=ActivityKind.objects.filter(category=Category.CONFERENCE, is_active=True).first(),
        held_on=day,
        title=title,
        form=Form.IN_PERSON,
        participants=participants,
        party_members=participants // 2,
    )
