"""People: the minimum the campaign needs. Name, unit, categories, positions.

No identity numbers and no biographies: the national party-member database
holds those, and this system must not become a second registry.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.core.querysets import ScopedQuerySet, today
from lamtheobac.core.text import fold
from lamtheobac.units.models import Kind as UnitKind
from lamtheobac.units.models import Unit


class Category(models.TextChoices):
    """The groups a person may belong to (one person may be in several)."""

    PARTY_MEMBER = "party_member", _("Party members")
    CIVIL_SERVANT = "civil_servant", _("Civil servants and public employees")
    UNION_MEMBER = "union_member", _("Union and association members")


class PersonQuerySet(ScopedQuerySet):
    def committee_members_above(self, unit, on: dt.date | None = None) -> PersonQuerySet:
        """People holding a committee position, on `on`, at a party committee above `unit`:
        the members who may attend its cell meetings or follow the cell. "Above" is read
        on the day: before a merger, the old commune's committee. Not narrowed to a
        user's scope: a cell's secretary names the commune's member who came."""
        on = on or today()
        committees = Unit.objects.filter(path__in=unit.paths_above_on(on), kind=UnitKind.PARTY_COMMITTEE)
        holding = Position.objects.current(on).of_committees().filter(unit__in=committees)
        return self.filter(pk__in=holding.values("person_id")).order_by("full_name", "id")

    def nameable_as_committee_member(self, user, unit, on: dt.date | None = None) -> PersonQuerySet:
        """Whom `user` may name as a committee member at `unit` on `on`: the committee
        members above it (whom a cell's clerk cannot otherwise see), and anyone in the
        user's scope, whom the service then refuses by name. An id of anybody else
        never reveals a stranger's name."""
        members = Person.objects.committee_members_above(unit, on).values("pk")
        return self.filter(Q(pk__in=self.visible_to(user).values("pk")) | Q(pk__in=members))

    def in_category(self, category: str) -> PersonQuerySet:
        return self.filter(**{f"is_{Category(category).value}": True})

    def search(self, text: str) -> PersonQuerySet:
        needle = fold(text)
        return self.filter(search_name__contains=needle) if needle else self

    def holding(self, kind: str, on: dt.date | None = None) -> PersonQuerySet:
        """People holding a position of `kind` on `on` (today by default)."""
        return self.filter(Exists(Position.objects.current(on).filter(person=OuterRef("pk"), kind=kind)))


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=150)
    search_name = models.CharField(max_length=150, editable=False, db_index=True)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people"
    )
    is_party_member = models.BooleanField(_("party member"), default=False)
    is_civil_servant = models.BooleanField(_("civil servant or public employee"), default=False)
    is_union_member = models.BooleanField(_("union or association member"), default=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["search_name", "id"]
        indexes = [models.Index(fields=["unit", "search_name"], name="person_unit_name")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)

    def categories(self) -> list[str]:
        labels = []
        for field in ("is_party_member", "is_civil_servant", "is_union_member"):
            if getattr(self, field):
                labels.append(str(self._meta.get_field(field).verbose_name))
        return labels


class PositionQuerySet(ScopedQuerySet):
    def of_committees(self) -> PositionQuerySet:
        """Positions of a party committee's members (secretary, deputy, member)."""
        return self.filter(kind__in=COMMITTEE_KINDS)

    def current(self, on: dt.date | None = None) -> PositionQuerySet:
        on = on or today()
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))


class Position(models.Model):
    """A position a person holds at a unit for a period (head, secretary, ...)."""

    class Kind(models.TextChoices):
        HEAD = "head", _("Head")
        SECRETARY = "secretary", _("Secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
        COMMITTEE_MEMBER = "committee_member", _("Committee member")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    # The unit where the position is held: a commune committee member usually
    # belongs to one of the commune's cells.
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions"
    )
    kind = models.CharField(_("position"), max_length=30, choices=Kind.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="position_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.unit}"


# The positions of a party committee's members: who attends a cell's meetings for the level above.
COMMITTEE_KINDS = (Position.Kind.SECRETARY, Position.Kind.DEPUTY_SECRETARY, Position.Kind.COMMITTEE_MEMBER)
