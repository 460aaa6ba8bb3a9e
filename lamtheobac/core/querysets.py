"""Base queryset for every model that belongs to a unit."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Q

from . import access, tree

if TYPE_CHECKING:
    from lamtheobac.units.models import Unit


class ScopedQuerySet(models.QuerySet):
    # How to reach the owning unit's tree path from this model.
    unit_path_field = "unit__path"

    def visible_to(self, user, action: access.Action | str = access.Action.VIEW) -> Self:
        return self.filter(access.scope_q(user, action, self.unit_path_field))

    def reaching(self, user) -> Self:
        """What a level sets for its subtree, as the units below it read it: rows the
        user may see, and rows owned by a unit above the user's units (the province's
        obligation, topic or custom period reaches every commune)."""
        return self.filter(self.reaching_q(user))

    def reaching_q(self, user) -> Q:
        paths = access.scope_paths(user, access.Action.VIEW)
        if paths is None:
            return Q()
        above = Q(**{f"{self.unit_path_field}__in": sorted(tree.paths_above(paths))})
        return access.scope_q(user, access.Action.VIEW, self.unit_path_field) | above

    def reaching_unit(self, unit: Unit) -> Self:
        """Rows owned by `unit` or by a unit above it: what reaches the unit from its levels."""
        return self.filter(**{f"{self.unit_path_field}__in": tree.lineage(unit.path)})

    def on_branch(self, unit: Unit) -> Self:
        """Rows owned by `unit`, a unit above it or a unit below it."""
        field = self.unit_path_field
        return self.filter(
            Q(**{f"{field}__in": tree.lineage(unit.path)}) | Q(**{f"{field}__startswith": unit.path})
        )

    def in_subtree(self, unit: Unit) -> Self:
        """Rows owned by `unit` or by any unit below it, merged units included."""
        return self.filter(**{f"{self.unit_path_field}__startswith": unit.path})


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
