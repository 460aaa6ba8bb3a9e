"""Adoption: another unit takes up a recognised initiative, which makes it
"replicated"; removing the last adoption takes that back."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access, audit
from lamtheobac.core.access import Action
from lamtheobac.core.errors import Conflict, ValidationFailed
from lamtheobac.core.formatting import format_date
from lamtheobac.core.locks import ensure_unlocked
from lamtheobac.core.querysets import today
from lamtheobac.units.models import Unit

from ..models import Adoption, Initiative
from ._checks import _check_not_future, _text
from .lifecycle import A, S, _last_step_on, _move, can_adopt

ADOPTION_FIELDS = ("initiative", "unit", "adopted_on", "local_title", "note")


@transaction.atomic
def adopt(
    initiative: Initiative,
    *,
    actor,
    unit: Unit,
    adopted_on: dt.date,
    local_title: str = "",
    note: str = "",
) -> Adoption:
    """`unit` takes up the initiative; the first adoption makes it "replicated"."""
    access.require(actor, Action.VIEW, initiative.unit)
    access.require(actor, Action.CHANGE, unit)
    initiative = Initiative.objects.select_related("unit").select_for_update().get(pk=initiative.pk)
    if unit.pk == initiative.unit_id:
        raise ValidationFailed(_("The owner unit cannot adopt its own initiative."), field="unit")
    if not can_adopt(initiative):
        raise Conflict(
            _("Only a recognised initiative can be replicated; this one is “%(status)s”.")
            % {"status": initiative.get_status_display()},
            code="illegal_transition",
        )
    if not unit.is_open_on(adopted_on):
        raise ValidationFailed(
            _("%(unit)s is not open on %(date)s.") % {"unit": unit.name, "date": format_date(adopted_on)},
            field="unit",
        )
    _check_not_future(adopted_on, "adopted_on")
    # An adoption counts in the adopting unit's figures. The owner's "replicated"
    # step that may follow is a consequence, not the owner's entry: it is not
    # refused for the owner's approved periods (nor is "withdrawn" below).
    ensure_unlocked(unit, adopted_on, field="adopted_on")
    if Adoption.objects.filter(initiative=initiative, unit=unit).exists():
        raise Conflict(
            _("%(unit)s has already adopted this initiative.") % {"unit": unit.name},
            code="duplicate",
            field="unit",
        )
    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(
                initiative=initiative,
                unit=unit,
                adopted_on=adopted_on,
                local_title=" ".join((local_title or "").split())[:300],
                note=(note or "").strip(),
            )
    except IntegrityError:  # a concurrent adoption by the same unit
        raise Conflict(
            _("%(unit)s has already adopted this initiative.") % {"unit": unit.name},
            code="duplicate",
            field="unit",
        ) from None
    audit.record(
        actor=actor, action="create", obj=adoption, unit=unit, after=audit.snapshot(adoption, ADOPTION_FIELDS)
    )
    if initiative.status == S.RECOGNISED:
        # An adoption recorded late keeps the lifecycle in date order.
        on = max(adopted_on, _last_step_on(initiative) or adopted_on)
        _move(initiative, actor=actor, step=A.REPLICATE, on=on, note=unit.name)
    return adoption


@transaction.atomic
def remove_adoption(adoption: Adoption, *, actor, reason: str) -> None:
    """Undo an adoption recorded by mistake; the last one takes "replicated" back."""
    access.require(actor, Action.CHANGE, adoption.unit)
    reason = _text(reason, field="reason", message=_("Give the reason."))
    adoption = Adoption.objects.select_related("unit").get(pk=adoption.pk)
    ensure_unlocked(adoption.unit, adoption.adopted_on)
    initiative = Initiative.objects.select_for_update().get(pk=adoption.initiative_id)
    audit.record(
        actor=actor,
        action="delete",
        obj=adoption,
        unit=adoption.unit,
        before=audit.snapshot(adoption, ADOPTION_FIELDS),
        note=reason,
    )
    adoption.delete()
    if initiative.adoptions.exists():
        return
    if initiative.status == S.REPLICATED:
        on = max(today(), _last_step_on(initiative) or today())
        _move(initiative, actor=actor, step=A.WITHDRAW, on=on, note=reason)
    elif initiative.status == S.SUSPENDED and initiative.resume_status == S.REPLICATED:
        # A suspended initiative resumes where it stood: with no adoption left that is "recognised".
        initiative.resume_status = S.RECOGNISED
        initiative.save(update_fields=["resume_status", "updated_at"])
