"""What a level asks of the units below it: the reporting periods (calendar ones
created when first named, custom ones a level defines for its subtree) and the
obligations saying which units owe which period's report by which day."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.core import access, audit
from lamtheobac.core import periods as calendar_periods
from lamtheobac.core.errors import NotFound, ValidationFailed
from lamtheobac.core.formatting import format_date
from lamtheobac.core.text import clean_text
from lamtheobac.reports.models import (
    CUSTOM_PREFIX,
    Obligation,
    PeriodKind,
    ReportingPeriod,
)
from lamtheobac.reports.services import checks
from lamtheobac.units.models import Kind, Level, Unit

OBLIGATION_FIELDS = ("title", "unit_kinds", "levels", "deadline", "note", "required_fields")


def check_date(value, *, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(_("Enter a valid date."), field=field) from None


# -- periods ------------------------------------------------------------------------------
def period_for(key: str, *, user=None, field: str = "period") -> ReportingPeriod:
    """The reporting period a key names: a calendar one ("2025-Q1"), created the
    first time it is used, or a custom period ("custom-3") that `user` may see —
    another level's custom period is NotFound, as if it did not exist, and so is
    any custom period when no user is named."""
    key = (key or "").strip()
    if key.lower().startswith(CUSTOM_PREFIX):
        found = ReportingPeriod.objects.visible_to(user).custom().filter(key=key).first()
        if found is None:
            raise NotFound(field=field)
        return found
    found = calendar_periods.parse(key, field=field)
    period, _created = ReportingPeriod.objects.get_or_create(
        key=found.key, defaults={"kind": found.kind, "start": found.start, "end": found.end}
    )
    return period


def find_period(key: str, *, user, field: str = "period") -> ReportingPeriod:
    """The period a key names, without creating it: a custom period as period_for
    finds it, a calendar period nobody has named yet unsaved (it holds no report)."""
    key = (key or "").strip()
    if key.lower().startswith(CUSTOM_PREFIX):
        return period_for(key, user=user, field=field)
    found = calendar_periods.parse(key, field=field)
    return ReportingPeriod.objects.filter(key=found.key).first() or ReportingPeriod(
        key=found.key, kind=found.kind, start=found.start, end=found.end
    )


@transaction.atomic
def define_period(*, actor, unit: Unit, name: str, start, end, locks_data: bool = False) -> ReportingPeriod:
    """A custom period ("2 năm thực hiện Kết luận 01") defined by a level for its
    subtree. Approving its reports locks the data only when `locks_data` says so."""
    access.require(actor, access.Action.APPROVE, unit)
    name = clean_text(name, field="name", message=_("Name the period."), max_length=200)
    start = check_date(start, field="start")
    end = check_date(end, field="end")
    if start is None:
        raise ValidationFailed(_("Enter the first day of the period."), field="start")
    if end is None:
        raise ValidationFailed(_("Enter the last day of the period."), field="end")
    if end < start:
        raise ValidationFailed(_("The period cannot end before it starts."), field="end")
    # The names a unit reads side by side are those of its own subtree's and its
    # levels above's periods; a sibling commune may use the same name.
    if ReportingPeriod.objects.custom().on_branch(unit).filter(name__iexact=name).exists():
        raise ValidationFailed(_("A period with this name exists already."), field="name")
    period = ReportingPeriod.objects.create(
        key=f"{CUSTOM_PREFIX}{timezone.now():%Y%m%d%H%M%S%f}",
        kind=PeriodKind.CUSTOM,
        name=name,
        start=start,
        end=end,
        locks_data=bool(locks_data),
        defined_by=unit,
    )
    period.key = f"{CUSTOM_PREFIX}{period.pk}"
    period.save(update_fields=["key"])
    audit.record(
        actor=actor,
        action="create",
        obj=period,
        unit=unit,
        after={"key": period.key, "name": name, "start": start, "end": end, "locks_data": period.locks_data},
    )
    return period


# -- obligations --------------------------------------------------------------------------
def _check_obligation(values: dict, period: ReportingPeriod) -> dict:
    title = clean_text(
        values.get("title"), field="title", message=_("Give the report a title."), max_length=300
    )
    kinds = [kind for kind in (values.get("unit_kinds") or []) if kind]
    if not kinds:
        raise ValidationFailed(
            _("Choose at least one kind of unit that owes the report."), field="unit_kinds"
        )
    unknown = set(kinds) - set(Kind.values)
    if unknown:
        raise ValidationFailed(
            _("Unknown kind of unit: %(kind)s.") % {"kind": ", ".join(sorted(unknown))}, field="unit_kinds"
        )
    levels = [level for level in (values.get("levels") or []) if level]
    if set(levels) - set(Level.values):
        raise ValidationFailed(_("Unknown level."), field="levels")
    deadline = check_date(values.get("deadline"), field="deadline")
    if deadline is None:
        raise ValidationFailed(_("Enter the deadline."), field="deadline")
    if deadline < period.start:
        raise ValidationFailed(
            _("The deadline cannot fall before the period starts (%(start)s).")
            % {"start": format_date(period.start)},
            field="deadline",
        )
    note = clean_text(values.get("note"), field="note", message="", required=False)
    return {
        "title": title,
        "unit_kinds": sorted(set(kinds)),
        "levels": sorted(set(levels)),
        "deadline": deadline,
        "note": note,
        "required_fields": checks.check_required_fields(values.get("required_fields")),
    }


@transaction.atomic
def set_obligation(*, actor, unit: Unit, period: ReportingPeriod, **values) -> Obligation:
    """The level `unit` asks the units of `unit_kinds` (at `levels`) below it for
    a report on `period` by `deadline`, with the parts of it that must be filled
    in before it is sent (`required_fields`)."""
    access.require(actor, access.Action.APPROVE, unit)
    checked = _check_obligation(values, period)
    obligation = Obligation.objects.create(
        unit=unit, period=period, created_by=audit.acting_user(actor), **checked
    )
    audit.record(
        actor=actor,
        action="create",
        obj=obligation,
        unit=unit,
        after=audit.snapshot(obligation, ["period", *OBLIGATION_FIELDS]),
    )
    return obligation


@transaction.atomic
def update_obligation(obligation: Obligation, *, actor, **changes) -> Obligation:
    access.require(actor, access.Action.APPROVE, obligation.unit)
    before = audit.snapshot(obligation, OBLIGATION_FIELDS)
    merged = {name: changes.get(name, getattr(obligation, name)) for name in OBLIGATION_FIELDS}
    checked = _check_obligation(merged, obligation.period)
    for name, value in checked.items():
        setattr(obligation, name, value)
    obligation.save()
    after = audit.snapshot(obligation, OBLIGATION_FIELDS)
    if after != before:
        audit.record(
            actor=actor, action="update", obj=obligation, unit=obligation.unit, before=before, after=after
        )
    return obligation


@transaction.atomic
def remove_obligation(obligation: Obligation, *, actor) -> None:
    access.require(actor, access.Action.APPROVE, obligation.unit)
    before = audit.snapshot(obligation, ["period", *OBLIGATION_FIELDS])
    audit.record(actor=actor, action="delete", obj=obligation, unit=obligation.unit, before=before)
    obligation.delete()
