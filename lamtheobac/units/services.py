"""Everything that changes the unit tree. Each function checks access, writes
the audit trail and runs in one transaction: a refused call writes nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access, audit
from lamtheobac.core.access import Action
from lamtheobac.core.errors import Forbidden, ValidationFailed
from lamtheobac.core.formatting import format_date

from .models import Kind, Unit, UnitChange

# How the unit's documents name it where its level and kind do not (units.headings).
HEADING_FIELDS = ("heading_name", "organisation_name", "place_name", "symbol")
EDITABLE_FIELDS = ("code", "name", "level", "kind", "mass_org_type", "valid_from", *HEADING_FIELDS)
# A symbol is the body's part after "BC/": letters and digits, joined by hyphens.
SYMBOL = re.compile(r"^\w+(-\w+)*$")
AUDITED_FIELDS = (*EDITABLE_FIELDS, "valid_to", "merged_into", "path")


def _check_fields(
    *,
    code: str,
    name: str,
    kind: str,
    mass_org_type: str,
    exclude_pk: int | None = None,
    **headings: str,
) -> None:
    errors = {}
    if not code.strip():
        errors["code"] = _("Enter a unit code.")
    elif Unit.objects.filter(code__iexact=code.strip()).exclude(pk=exclude_pk).exists():
        errors["code"] = _("The unit code %(code)s is already in use.") % {"code": code.strip()}
    if not name.strip():
        errors["name"] = _("Enter the unit's name.")
    if mass_org_type and kind != Kind.MASS_ORG:
        errors["mass_org_type"] = _("Only a mass organisation has a mass organisation type.")
    if kind == Kind.MASS_ORG and not mass_org_type:
        errors["mass_org_type"] = _("Choose the type of the mass organisation.")
    for field, value in headings.items():
        limit = Unit._meta.get_field(field).max_length
        if len(value.strip()) > limit:
            errors[field] = _("At most %(count)s characters.") % {"count": limit}
    symbol = headings.get("symbol", "").strip()
    if symbol and not SYMBOL.match(symbol):
        errors["symbol"] = _(
            "Write only the issuing body's part of the symbol, in letters and digits, "
            "such as TU, ĐU or CB (without “BC/”)."
        )
    if errors:
        raise ValidationFailed(next(iter(errors.values())), fields=errors)


def _save_unique(unit: Unit, save) -> Unit:
    """Run a save that may race with another on the unique code."""
    try:
        with transaction.atomic():
            return save()
    except IntegrityError as error:
        raise ValidationFailed(
            _("The unit code %(code)s is already in use.") % {"code": unit.code}, field="code"
        ) from error


def _record(
    unit: Unit, kind: str, *, action: str, actor, on: dt.date, note: str, before: dict, **links
) -> None:
    """One entry of the unit's history and its audit event, after the change."""
    UnitChange.objects.create(unit=unit, kind=kind, on=on, note=note, actor=audit.acting_user(actor), **links)
    audit.record(
        actor=actor,
        action=action,
        obj=unit,
        unit=unit,
        before=before,
        after=audit.snapshot(unit, AUDITED_FIELDS),
        note=note,
    )


def _parent(unit: Unit) -> Unit | None:
    return Unit.objects.get(path=unit.parent_path) if unit.depth > 1 else None


@transaction.atomic
def create_unit(
    *,
    actor,
    parent: Unit | None,
    code: str,
    name: str,
    kind: str,
    level: str = "none",
    mass_org_type: str = "",
    valid_from: dt.date,
    is_demo: bool = False,
    heading_name: str = "",
    organisation_name: str = "",
    place_name: str = "",
    symbol: str = "",
) -> Unit:
    if parent is None:
        if not access.is_unrestricted(actor):
            raise Forbidden(_("Only a system administrator may create a top-level unit."))
    else:
        access.require(actor, Action.ADMIN, parent)
        parent.refresh_from_db()
        if not parent.is_open_on(valid_from):
            raise ValidationFailed(
                _("%(parent)s is closed on %(date)s: a unit cannot be added under it.")
                % {"parent": parent.name, "date": format_date(valid_from)},
                field="parent",
            )
    names = {
        "heading_name": heading_name,
        "organisation_name": organisation_name,
        "place_name": place_name,
        "symbol": symbol,
    }
    _check_fields(code=code, name=name, kind=kind, mass_org_type=mass_org_type, **names)
    unit = Unit(
        code=code.strip(),
        name=name.strip(),
        kind=kind,
        level=level,
        mass_org_type=mass_org_type,
        valid_from=valid_from,
        is_demo=is_demo,
        **{field: value.strip() for field, value in names.items()},
    )
    if parent is None:
        unit = _save_unique(unit, lambda: Unit.objects.add_root(instance=unit))
    else:
        unit = _save_unique(unit, lambda: Unit.objects.add_child(parent, instance=unit))
    UnitChange.objects.create(
        unit=unit,
        kind=UnitChange.Kind.CREATED,
        on=valid_from,
        new_parent=parent,
        actor=audit.acting_user(actor),
    )
    audit.record(
        actor=actor, action="create", obj=unit, unit=unit, after=audit.snapshot(unit, AUDITED_FIELDS)
    )
    return unit


@transaction.atomic
def update_unit(unit: Unit, *, actor, **changes) -> Unit:
    """Change a unit's code, name, level, kind, type, start date or the names its documents give it."""
    access.require(actor, Action.ADMIN, unit)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    unit.refresh_from_db()
    before = audit.snapshot(unit, AUDITED_FIELDS)
    merged = {**{name: getattr(unit, name) for name in EDITABLE_FIELDS}, **changes}
    _check_fields(
        code=merged["code"],
        name=merged["name"],
        kind=merged["kind"],
        mass_org_type=merged["mass_org_type"],
        exclude_pk=unit.pk,
        **{field: merged[field] or "" for field in HEADING_FIELDS},
    )
    if unit.valid_to and merged["valid_from"] > unit.valid_to:
        raise ValidationFailed(_("The start date must not be after the closing date."), field="valid_from")
    for name, value in changes.items():
        stripped = name in ("code", "name", *HEADING_FIELDS)
        setattr(unit, name, value.strip() if isinstance(value, str) and stripped else value)
    _save_unique(unit, lambda: unit.save() or unit)
    after = audit.snapshot(unit, AUDITED_FIELDS)
    if after != before:
        audit.record(actor=actor, action="update", obj=unit, unit=unit, before=before, after=after)
    return unit


@transaction.atomic
def close_unit(unit: Unit, *, actor, on: dt.date, note: str = "") -> Unit:
    """Close a unit at the end of `on`. Its open children must be closed or moved first."""
    access.require(actor, Action.ADMIN, unit)
    unit.refresh_from_db()
    if unit.valid_to is not None:
        raise ValidationFailed(_("%(unit)s is already closed.") % {"unit": unit.name})
    if on < unit.valid_from:
        raise ValidationFailed(_("A unit cannot close before it started."), field="on")
    still_open = Unit.objects.get_children(unit).open_on(on + dt.timedelta(days=1))
    if still_open.exists():
        raise ValidationFailed(
            _("%(unit)s still has %(count)s open units under it: close or move them first.")
            % {"unit": unit.name, "count": still_open.count()}
        )
    before = audit.snapshot(unit, AUDITED_FIELDS)
    unit.valid_to = on
    unit.save(update_fields=["valid_to", "updated_at"])
    _record(unit, UnitChange.Kind.CLOSED, action="close", actor=actor, on=on, note=note, before=before)
    return unit


def _move(unit: Unit, new_parent: Unit, *, actor, on: dt.date, note: str) -> None:
    old_parent = _parent(unit)
    before = audit.snapshot(unit, AUDITED_FIELDS)
    Unit.objects.move(unit, new_parent, "last-child")
    unit.refresh_from_db()
    _record(
        unit,
        UnitChange.Kind.MOVED,
        action="move",
        actor=actor,
        on=on,
        note=note,
        before=before,
        old_parent=old_parent,
        new_parent=new_parent,
    )


@transaction.atomic
def move_unit(unit: Unit, *, actor, new_parent: Unit, on: dt.date, note: str = "") -> Unit:
    """Move a unit, with its whole subtree, under another parent."""
    access.require(actor, Action.ADMIN, unit)
    access.require(actor, Action.ADMIN, new_parent)
    unit.refresh_from_db()
    new_parent.refresh_from_db()
    if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
        raise ValidationFailed(
            _("A unit cannot be moved under itself or under one of its own units."), field="new_parent"
        )
    if not new_parent.is_open_on(on):
        raise ValidationFailed(
            _("%(parent)s is closed: a unit cannot be moved under it.") % {"parent": new_parent.name},
            field="new_parent",
        )
    if unit.parent_path == new_parent.path:
        raise ValidationFailed(
            _("%(unit)s is already under %(parent)s.") % {"unit": unit.name, "parent": new_parent.name}
        )
    _move(unit, new_parent, actor=actor, on=on, note=note)
    return unit


@transaction.atomic
def merge_units(sources: Sequence[Unit], *, into: Unit, on: dt.date, actor, note: str = "") -> Unit:
    """Merge `sources` into `into` with effect from `on`.

    Each source closes the day before `on`; its open units move to the
    successor; the source itself moves, closed, under the successor, so its
    recorded figures count once in the successor's subtree.
    """
    sources = list(sources)
    if not sources:
        raise ValidationFailed(_("Choose at least one unit to merge."), field="sources")
    access.require(actor, Action.ADMIN, into)
    access.require_all(actor, Action.ADMIN, sources)
    into.refresh_from_db()
    for source in sources:
        source.refresh_from_db()
    if len({source.pk for source in sources}) != len(sources):
        raise ValidationFailed(_("A unit is listed twice among the units to merge."), field="sources")
    if not into.is_open_on(on):
        raise ValidationFailed(
            _("%(unit)s is closed on that date: nothing can be merged into it.") % {"unit": into.name},
            field="into",
        )
    last_day = on - dt.timedelta(days=1)
    for source in sources:
        if source.pk == into.pk or into.path.startswith(source.path):
            raise ValidationFailed(
                _("%(unit)s cannot be merged into itself or into one of its own units.")
                % {"unit": source.name},
                field="into",
            )
        if source.valid_to is not None:
            raise ValidationFailed(_("%(unit)s is already closed.") % {"unit": source.name}, field="sources")
        if source.valid_from > last_day:
            raise ValidationFailed(
                _("%(unit)s started after the merge date.") % {"unit": source.name}, field="sources"
            )
    for source in sources:
        before = audit.snapshot(source, AUDITED_FIELDS)
        for child in Unit.objects.get_children(source).filter(valid_to__isnull=True):
            _move(child, into, actor=actor, on=on, note=note)
        source.refresh_from_db()
        old_parent = _parent(source)
        Unit.objects.move(source, into, "last-child")
        source.refresh_from_db()
        source.valid_to = last_day
        source.merged_into = into
        source.save(update_fields=["valid_to", "merged_into", "updated_at"])
        _record(
            source,
            UnitChange.Kind.MERGED,
            action="merge",
            actor=actor,
            on=on,
            note=note,
            before=before,
            other=into,
            old_parent=old_parent,
            new_parent=into,
        )
        into.refresh_from_db()
    return into
