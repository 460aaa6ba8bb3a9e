"""The unit tree: province, (old) district, commune, cell, and the agencies, the
Fatherland Front and the mass organisations at each level.

Units are never deleted. They close, move to a new parent and merge; a merged
unit is moved, closed, under its successor, so that every figure it recorded
counts once in its successor's subtree.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from lamtheobac.core import tree
from lamtheobac.core.querysets import ScopedQuerySet, today
from lamtheobac.core.text import fold


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    CELL = "cell", _("Cell")
    NONE = "none", _("No level")


class Kind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    PARTY_CELL = "party_cell", _("Party cell")
    GOVERNMENT = "government", _("Government")
    FRONT = "front", _("Fatherland Front")
    MASS_ORG = "mass_org", _("Mass organisation")
    AGENCY = "agency", _("Agency")
    POLICE = "police", _("Police")
    MILITARY = "military", _("Military")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")


class MassOrgType(models.TextChoices):
    WOMEN = "women", _("Women's union")
    YOUTH = "youth", _("Youth union")
    FARMERS = "farmers", _("Farmers' association")
    VETERANS = "veterans", _("Veterans' association")
    TRADE_UNION = "trade_union", _("Trade union")


class UnitQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    unit_path_field = "path"

    def open_on(self, day: dt.date) -> UnitQuerySet:
        """Units that existed on `day` (valid_to is the last day, inclusive)."""
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))

    def open_now(self) -> UnitQuerySet:
        return self.open_on(today())

    def closed(self) -> UnitQuerySet:
        return self.filter(valid_to__lt=today())

    def search(self, text: str) -> UnitQuerySet:
        """Name or code, ignoring case and diacritics: "dong son" finds "Đông Sơn"."""
        needle = fold(text)
        if not needle:
            return self
        return self.filter(Q(search_name__contains=needle) | Q(code__iexact=text.strip()))


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self) -> UnitQuerySet:
        return UnitQuerySet(self.model, using=self._db).order_by("path")


class Unit(MP_Node):
    # Subtree queries are `path LIKE 'prefix%'`. The path is unique, so Django
    # already gives PostgreSQL a varchar_pattern_ops index that serves them.
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.NONE)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    mass_org_type = models.CharField(
        _("mass organisation type"), max_length=20, choices=MassOrgType.choices, blank=True
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    # How the unit's documents name it, where what its level and kind give is
    # not right (see units.headings): the issuing body ("TỈNH ỦY CAO BẰNG"), the
    # Party organisation its children's documents put above their own name
    # ("ĐẢNG BỘ TỈNH CAO BẰNG"), the place of the date line ("Cao Bằng") and the
    # body's part of a document's symbol ("TU" in "12-BC/TU"). Blank: derived.
    heading_name = models.CharField(_("name in document headings"), max_length=200, blank=True)
    organisation_name = models.CharField(_("name of its Party organisation"), max_length=200, blank=True)
    place_name = models.CharField(_("place in the date line"), max_length=100, blank=True)
    symbol = models.CharField(_("symbol of the issuing body"), max_length=20, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [
            models.Index(fields=["level", "kind"], name="unit_level_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_valid_from",
            ),
            models.CheckConstraint(
                condition=Q(kind="mass_org") | Q(mass_org_type=""),
                name="unit_mass_org_type_only_for_mass_org",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.name} {self.code}")
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    def is_open_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_open(self) -> bool:
        return self.is_open_on(today())

    @property
    def parent_path(self) -> str:
        return self.path[: -self.steplen]

    def ancestor_paths(self) -> list[str]:
        return tree.ancestor_paths(self.path)

    def ancestors(self) -> UnitQuerySet:
        """From the root down to the parent, in one indexed query."""
        return Unit.objects.filter(path__in=self.ancestor_paths()).order_by("depth")

    def paths_above_on(self, day: dt.date) -> set[str]:
        """The paths (as they are now) of the units above this one, now and on `day`.

        A merger or a move gives a unit a new path, but a meeting held before it
        still belongs under the old parent's committee and topic: a clerk enters
        June's meetings in July, after the cells moved to the new commune. Every
        move or merger after `day` of the unit or of a unit above it adds the old
        parent and the units above that. One query per level of history (usually
        one, three for a cell of a commune that merged out of a district).
        """
        paths = set(self.ancestor_paths())
        frontier = {self.path, *paths}
        while frontier:
            olds = UnitChange.objects.filter(
                unit__path__in=frontier,
                kind__in=(UnitChange.Kind.MOVED, UnitChange.Kind.MERGED),
                on__gt=day,
                old_parent__isnull=False,
            ).values_list("old_parent__path", flat=True)
            found = {above for path in olds for above in tree.lineage(path)}
            frontier = found - paths - {self.path}
            paths |= found
        paths.discard(self.path)
        return paths


class UnitChange(models.Model):
    """One entry of a unit's history: created, changed, moved, closed, merged."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        MOVED = "moved", _("Moved")
        CLOSED = "closed", _("Closed")
        MERGED = "merged", _("Merged")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    on = models.DateField(_("effective date"))
    old_parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    new_parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # For a merge: the successor the unit merged into.
    other = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="unit_changes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["other", "kind"], name="unitchange_other_kind")]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()} {self.on}"
