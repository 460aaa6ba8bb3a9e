"""The system-wide lists initiatives choose from: fields, movements, criteria and
outcome measures."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access, audit
from lamtheobac.core.errors import Conflict, Forbidden, ValidationFailed

from ..models import Criterion, InitiativeField, Movement, OutcomeMeasure
from ._checks import _text

LISTS: dict[str, tuple[type, tuple[str, ...]]] = {
    "fields": (InitiativeField, ("name", "position", "is_active")),
    "movements": (Movement, ("name", "description", "position", "is_active")),
    "criteria": (Criterion, ("name", "description", "max_score", "position", "is_active")),
    "measures": (OutcomeMeasure, ("name", "unit_of_measure", "decimals", "position", "is_active")),
}


def _whole(raw, low: int, high: int, field: str, message) -> int:
    """A whole number between low and high, or the message on the field."""
    if isinstance(raw, bool):
        raise ValidationFailed(message, field=field)
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise ValidationFailed(message, field=field) from None
    if not low <= value <= high:
        raise ValidationFailed(message, field=field)
    return value


@transaction.atomic
def save_list_entry(list_name: str, *, actor, entry=None, **values):
    """Add or change an entry of a system-wide list; only the system administrator may.

    Entries are never deleted (initiatives point at them): they go out of use.
    """
    if not access.is_unrestricted(actor):
        raise Forbidden()
    if list_name not in LISTS:
        raise ValidationFailed(_("Unknown list."), field="list")
    model, fields = LISTS[list_name]
    unknown = set(values) - set(fields)
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    if "name" in values or entry is None:
        values["name"] = _text(values.get("name"), field="name", message=_("Enter a name."), max_length=200)
        # Compared in Python: SQLite's iexact folds ASCII letters only ("Đ" vs "đ").
        others = model.objects.exclude(pk=entry.pk) if entry is not None else model.objects.all()
        folded = values["name"].casefold()
        if any(name.casefold() == folded for name in others.values_list("name", flat=True)):
            raise Conflict(_("This name is already in the list."), code="duplicate", field="name")
    if "position" in values:
        values["position"] = _whole(
            values["position"], 0, 10_000, "position", _("The order must be 0 to 10000.")
        )
    if "max_score" in values:
        values["max_score"] = _whole(
            values["max_score"], 1, 1000, "max_score", _("The maximum score must be between 1 and 1000.")
        )
    if list_name == "measures":
        if entry is None or "unit_of_measure" in values:
            values["unit_of_measure"] = _text(
                values.get("unit_of_measure"),
                field="unit_of_measure",
                message=_("Enter the unit of measure."),
                max_length=30,
            )
        if "decimals" in values:
            values["decimals"] = _whole(
                values["decimals"], 0, 3, "decimals", _("Between 0 and 3 decimal places.")
            )
    if entry is None:
        entry = model.objects.create(**values)
        audit.record(actor=actor, action="create", obj=entry, after=audit.snapshot(entry, fields))
        return entry
    if not isinstance(entry, model):
        raise ValidationFailed(_("Unknown list."), field="list")
    before = audit.snapshot(entry, fields)
    for name, value in values.items():
        setattr(entry, name, value)
    entry.save()
    after = audit.snapshot(entry, fields)
    if after != before:
        audit.record(actor=actor, action="update", obj=entry, before=before, after=after)
    return entry
