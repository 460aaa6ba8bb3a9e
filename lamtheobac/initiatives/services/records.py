"""What is kept with an initiative: results, measured outcomes and attached files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access, audit, files
from lamtheobac.core.access import Action
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.locks import ensure_unlocked
from lamtheobac.core.querysets import today
from lamtheobac.units.models import Unit

from ..models import Attachment, Initiative, Outcome, OutcomeMeasure, ResultEntry
from ._checks import _check_entry, _check_not_future


@transaction.atomic
def add_result(initiative: Initiative, *, actor, on: dt.date, text: str) -> ResultEntry:
    access.require(actor, Action.CHANGE, initiative.unit)
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("Describe the result."), field="text")
    _check_not_future(on)
    ensure_unlocked(initiative.unit, on, field="on")
    entry = ResultEntry.objects.create(
        initiative=initiative,
        on=on,
        text=text,
        actor=audit.acting_user(actor),
    )
    audit.record(
        actor=actor,
        action="create",
        obj=entry,
        unit=initiative.unit,
        after=audit.snapshot(entry, ("initiative", "on", "text")),
    )
    return entry


@transaction.atomic
def remove_result(entry: ResultEntry, *, actor) -> None:
    access.require(actor, Action.CHANGE, entry.initiative.unit)
    entry = ResultEntry.objects.select_related("initiative__unit").get(pk=entry.pk)
    ensure_unlocked(entry.initiative.unit, entry.on)
    audit.record(
        actor=actor,
        action="delete",
        obj=entry,
        unit=entry.initiative.unit,
        before=audit.snapshot(entry, ("initiative", "on", "text")),
    )
    entry.delete()


OUTCOME_FIELDS = ("initiative", "measure", "value", "on", "note")


def parse_amount(raw, *, field: str = "value", decimals: int = 3) -> Decimal:
    """A non-negative amount; accepts 1.234,5 as officials write it and 1234.5."""
    if isinstance(raw, str):
        text = raw.strip().replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif text.count(".") > 1 or (
            # "37.647" is a thousands dot unless the measure itself takes three decimals.
            text.count(".") == 1 and len(text.rsplit(".", 1)[1]) == 3 and decimals < 3
        ):
            text = text.replace(".", "")
        raw = text
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(_("Enter a number."), field=field) from None
    if not value.is_finite():
        raise ValidationFailed(_("Enter a number."), field=field)
    if value < 0:
        raise ValidationFailed(_("The value cannot be negative."), field=field)
    if value >= Decimal(10) ** 17:
        raise ValidationFailed(_("The value is too large."), field=field)
    if value != value.quantize(Decimal(1).scaleb(-decimals)):
        raise ValidationFailed(_("At most %(count)s decimal places.") % {"count": decimals}, field=field)
    return value


@transaction.atomic
def add_outcome(
    initiative: Initiative, *, actor, measure: OutcomeMeasure, value, on: dt.date, note: str = ""
) -> Outcome:
    access.require(actor, Action.CHANGE, initiative.unit)
    _check_entry(measure, OutcomeMeasure, "measure")
    amount = parse_amount(value, decimals=measure.decimals)
    _check_not_future(on)
    ensure_unlocked(initiative.unit, on, field="on")
    outcome = Outcome.objects.create(
        initiative=initiative, measure=measure, value=amount, on=on, note=" ".join((note or "").split())[:300]
    )
    audit.record(
        actor=actor,
        action="create",
        obj=outcome,
        unit=initiative.unit,
        after=audit.snapshot(outcome, OUTCOME_FIELDS),
    )
    return outcome


@transaction.atomic
def remove_outcome(outcome: Outcome, *, actor) -> None:
    access.require(actor, Action.CHANGE, outcome.initiative.unit)
    outcome = Outcome.objects.select_related("initiative__unit", "measure").get(pk=outcome.pk)
    ensure_unlocked(outcome.initiative.unit, outcome.on)
    audit.record(
        actor=actor,
        action="delete",
        obj=outcome,
        unit=outcome.initiative.unit,
        before=audit.snapshot(outcome, OUTCOME_FIELDS),
    )
    outcome.delete()


ATTACHMENT_FIELDS = ("initiative", "name", "kind", "size", "caption")
# The types, signatures and size limit are shared with activities' attachments.
ATTACHMENT_TYPES = files.ATTACHMENT_TYPES
max_attachment_bytes = files.max_attachment_bytes


def _ensure_files_unlocked(unit: Unit) -> None:
    """An initiative's files are dated by the day they are added or removed.

    A file has no date of its own, and an initiative runs for years: locking its
    files by registered_on would freeze the photos of a 2023 initiative for good
    once 2023's report is approved. A file is evidence kept with the initiative,
    so it is locked only while today lies in an approved period of the owner.
    """
    ensure_unlocked(unit, today())


@transaction.atomic
def add_attachment(initiative: Initiative, *, actor, upload: UploadedFile, caption: str = "") -> Attachment:
    """Store a photo, a PDF or an office file after checking its size, type and content."""
    access.require(actor, Action.CHANGE, initiative.unit)
    _ensure_files_unlocked(initiative.unit)
    return files.store_attachment(
        Attachment,
        actor=actor,
        upload=upload,
        caption=caption,
        unit=initiative.unit,
        fields=ATTACHMENT_FIELDS,
        initiative=initiative,
    )


@transaction.atomic
def remove_attachment(attachment: Attachment, *, actor) -> None:
    access.require(actor, Action.CHANGE, attachment.initiative.unit)
    _ensure_files_unlocked(attachment.initiative.unit)
    files.discard_attachment(
        attachment, actor=actor, unit=attachment.initiative.unit, fields=ATTACHMENT_FIELDS
    )
