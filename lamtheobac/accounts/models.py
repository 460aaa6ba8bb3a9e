from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lamtheobac.core.access import RoleKind
from lamtheobac.core.querysets import ScopedQuerySet


class RoleQuerySet(ScopedQuerySet):
    def users_at(self, units: Iterable, *, kinds: Iterable[str] | None = None) -> dict[int, list]:
        """{unit id: [active users holding a role at exactly that unit]}, in one query:
        whom a step concerning those units notifies."""
        roles = self.filter(unit__in=list(units), user__is_active=True).select_related("user")
        if kinds is not None:
            roles = roles.filter(kind__in=list(kinds))
        found: dict[int, list] = {}
        for role in roles.order_by("unit_id", "user_id"):
            people = found.setdefault(role.unit_id, [])
            if role.user not in people:
                people.append(role.user)
        return found


class Role(models.Model):
    """A user's role at a unit; it holds for the unit's whole subtree."""

    class Kind(models.TextChoices):
        VIEWER = RoleKind.VIEWER, _("Viewer")
        EDITOR = RoleKind.EDITOR, _("Editor")
        APPROVER = RoleKind.APPROVER, _("Approver")
        ADMIN = RoleKind.ADMIN, _("Unit admin")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="roles"
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["unit__path", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "kind"], name="role_unique_per_user_unit_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} — {self.unit}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token of {self.user}"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)
