"""Base queryset for every model that belongs to a unit."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Self

from django.db import models

from . import access

if TYPE_CHECKING:
    from lamtheobac.units.models import Unit


class ScopedQuerySet(models.QuerySet):
    # How to reach the owning unit's tree path from this model.
    unit_path_field = "unit__path"

    def visible_to(self, user, action: access.Action | str = access.Action.VIEW) -> Self:
        return self.filter(access.scope_q(user, action, self.unit_path_field))

    def in_subtree(self, unit: Unit) -> Self:
        """Rows owned by `unit` or by any unit below it, merged units included."""
        return self.filter(**{f"{self.unit_path_field}__startswith": unit.path})


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
