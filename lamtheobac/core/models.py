from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import ScopedQuerySet


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# Entries of the system-wide lists the administrator keeps (fields of work,
# movements, activity kinds, ...): never deleted, only taken out of use.
class ListEntryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ListEntry(models.Model):
    """An entry of a list the system administrator keeps (fields, movements, ...)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = ListEntryQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class AttachmentBase(models.Model):
    """A stored file attached to a record (an initiative, an activity); the
    checks on it are core.files', the owner and the storage folder the child's."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        PDF = "pdf", _("PDF document")
        OFFICE = "office", _("Office document")

    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class AuditEventQuerySet(ScopedQuerySet):
    def matching(
        self,
        *,
        actor: str = "",
        object_type: str = "",
        object_id: str = "",
        unit=None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> AuditEventQuerySet:
        """The filters of the audit page and the API: part of the username, the
        object, a unit's subtree, and local days (both ends included)."""
        events = self
        if actor.strip():
            events = events.filter(actor_name__icontains=actor.strip())
        if object_type:
            events = events.filter(object_type=object_type)
        if object_id.strip():
            events = events.filter(object_id=object_id.strip())
        if unit is not None:
            events = events.in_subtree(unit)
        # Bounds on `at` itself (not at__date) so the index on it serves them.
        if date_from:
            events = events.filter(at__gte=_local_midnight(date_from))
        if date_to:
            events = events.filter(at__lt=_local_midnight(date_to + dt.timedelta(days=1)))
        return events


class AuditEvent(models.Model):
    """Who changed what, when, where, and the values before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        MOVE = "move", _("Moved")
        CLOSE = "close", _("Closed")
        MERGE = "merge", _("Merged")
        GRANT = "grant", _("Role granted")
        REVOKE = "revoke", _("Role revoked")
        SUBMIT = "submit", _("Submitted")
        RETURN = "return", _("Returned")
        APPROVE = "approve", _("Approved")
        REOPEN = "reopen", _("Reopened")
        WITHDRAW = "withdraw", _("Withdrawn")
        REMIND = "remind", _("Reminded")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text so the trail still reads right if the account is renamed.
    actor_name = models.CharField(_("by"), max_length=150)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True)
    via = models.CharField(max_length=10, default="web")
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["unit", "at"], name="audit_unit_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action} {self.object_repr}"

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs, for display."""
        before = self.before or {}
        after = self.after or {}
        return [
            (name, before.get(name), after.get(name))
            for name in sorted({*before, *after})
            if before.get(name) != after.get(name)
        ]


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        return self.filter(user_id=user.pk)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message in the site for one person: a report to approve, a report
    returned with its reason, a reminder that a report is due. It belongs to
    its recipient, not to a unit, so it is read through `for_user` only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(_("message"))
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.message[:80]
