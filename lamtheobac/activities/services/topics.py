"""The yearly topic a unit sets for its subtree, and which topics an activity may study."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access, audit, tree
from lamtheobac.core.access import Action
from lamtheobac.core.errors import Conflict, ValidationFailed
from lamtheobac.core.formatting import format_number
from lamtheobac.core.periods import FIRST_YEAR
from lamtheobac.core.querysets import today
from lamtheobac.core.text import clean_text
from lamtheobac.units.models import Unit

from ..models import Topic
from ._checks import _check_day

TOPIC_FIELDS = ("unit", "year", "title", "document_number", "document_date", "note")


def topic_for(unit: Unit, year: int) -> Topic | None:
    """The topic that holds for `unit` in `year`: its own or the nearest above."""
    return Topic.objects.for_unit(unit, year)


def topics_for_choice(unit: Unit, on: dt.date | None = None) -> list[Topic]:
    """Topics an activity of `unit` held on `on` may study: those set on its path,
    and on the day's path before a merger (the old commune's), newest first."""
    paths = tree.lineage(unit.path)
    if on is not None and on < today():
        paths = [*unit.paths_above_on(on), unit.path]
    return list(
        Topic.objects.filter(unit__path__in=paths).select_related("unit").order_by("-year", "-unit__depth")
    )


def _check_topic_values(values: dict, *, topic: Topic | None = None) -> dict:
    if "title" in values or topic is None:
        values["title"] = clean_text(
            values.get("title"), field="title", message=_("Enter the topic."), max_length=500
        )
    if "year" in values or topic is None:
        try:
            year = int(values.get("year"))
        except (TypeError, ValueError):
            raise ValidationFailed(_("Enter a year."), field="year") from None
        if not FIRST_YEAR <= year <= today().year + 1:
            raise ValidationFailed(
                _("The year must be between %(low)s and %(high)s.")
                % {"low": FIRST_YEAR, "high": today().year + 1},
                field="year",
            )
        values["year"] = year
    if "document_number" in values:
        values["document_number"] = clean_text(
            values["document_number"], field="document_number", message="", max_length=60, required=False
        )
    if values.get("document_date") is not None:
        _check_day(values["document_date"], field="document_date")
    if "note" in values:
        values["note"] = (values["note"] or "").strip()
    return values


@transaction.atomic
def set_topic(
    *,
    actor,
    unit: Unit,
    year,
    title: str,
    document_number: str = "",
    document_date: dt.date | None = None,
    note: str = "",
) -> Topic:
    """Set a unit's topic for a year; the units below inherit it unless they set their own."""
    access.require(actor, Action.CHANGE, unit)
    values = _check_topic_values(
        {
            "year": year,
            "title": title,
            "document_number": document_number,
            "document_date": document_date,
            "note": note,
        }
    )
    # Open for some of the year: a commune closed on 30/6 still had that year's topic.
    first, last = dt.date(values["year"], 1, 1), min(today(), dt.date(values["year"], 12, 31))
    if unit.valid_from > last or (unit.valid_to is not None and unit.valid_to < first):
        raise ValidationFailed(_("%(unit)s is closed.") % {"unit": unit.name}, field="unit")
    if Topic.objects.filter(unit=unit, year=values["year"]).exists():
        raise Conflict(
            _("%(unit)s already has a topic for %(year)s: change that one.")
            % {"unit": unit.name, "year": values["year"]},
            code="duplicate",
            field="year",
        )
    topic = Topic.objects.create(unit=unit, **values)
    audit.record(
        actor=actor, action="create", obj=topic, unit=unit, after=audit.snapshot(topic, TOPIC_FIELDS)
    )
    return topic


@transaction.atomic
def update_topic(topic: Topic, *, actor, **changes) -> Topic:
    access.require(actor, Action.CHANGE, topic.unit)
    allowed = {"year", "title", "document_number", "document_date", "note"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    values = _check_topic_values(dict(changes), topic=topic)
    if "year" in values and values["year"] != topic.year:
        if Topic.objects.filter(unit=topic.unit, year=values["year"]).exists():
            raise Conflict(
                _("%(unit)s already has a topic for %(year)s: change that one.")
                % {"unit": topic.unit.name, "year": values["year"]},
                code="duplicate",
                field="year",
            )
        if topic.activities.exists():
            raise ValidationFailed(
                _("Activities already studied this topic: its year cannot change."), field="year"
            )
    before = audit.snapshot(topic, TOPIC_FIELDS)
    for name, value in values.items():
        setattr(topic, name, value)
    topic.save()
    after = audit.snapshot(topic, TOPIC_FIELDS)
    if after != before:
        audit.record(actor=actor, action="update", obj=topic, unit=topic.unit, before=before, after=after)
    return topic


@transaction.atomic
def remove_topic(topic: Topic, *, actor) -> None:
    access.require(actor, Action.CHANGE, topic.unit)
    used = topic.activities.count()
    if used:
        raise Conflict(
            _("%(count)s activities studied this topic: it cannot be removed.")
            % {"count": format_number(used)},
            code="in_use",
        )
    audit.record(
        actor=actor, action="delete", obj=topic, unit=topic.unit, before=audit.snapshot(topic, TOPIC_FIELDS)
    )
    topic.delete()
