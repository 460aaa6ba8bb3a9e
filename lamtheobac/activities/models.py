"""Activities of the campaign: the year's topic, study conferences (in person
and over connection points), cell meetings and the committee members who
attend them, flag ceremonies and days with the people.
"""

from __future__ import annotations

import datetime as dt
import os

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access, jobs
from lamtheobac.core.formatting import format_date
from lamtheobac.core.jobs import Job
from lamtheobac.core.models import AttachmentBase, ListEntry
from lamtheobac.core.periods import FIRST_YEAR
from lamtheobac.core.querysets import ScopedQuerySet
from lamtheobac.core.text import fold


# -- the yearly topic -----------------------------------------------------------------
class TopicQuerySet(ScopedQuerySet):
    def for_unit(self, unit, year: int) -> Topic | None:
        """The unit's topic for `year`: its own, else the nearest one set above it."""
        return (
            self.reaching_unit(unit).filter(year=year).select_related("unit").order_by("-unit__depth").first()
        )


class Topic(models.Model):
    """The year's topic (chuyên đề năm) a unit sets for its whole subtree."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("set by"), on_delete=models.PROTECT, related_name="topics"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=500)
    document_number = models.CharField(
        _("document number and symbol"), max_length=60, blank=True, help_text=_("For example 05-CT/TW")
    )
    document_date = models.DateField(_("document date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("yearly topic")
        verbose_name_plural = _("yearly topics")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="topic_one_per_unit_and_year"),
            models.CheckConstraint(condition=Q(year__gte=FIRST_YEAR), name="topic_year_from_2000"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"


# -- kinds of activity ----------------------------------------------------------------
class Category(models.TextChoices):
    """What the figures count an activity kind as; the list's entries map onto these."""

    CONFERENCE = "conference", _("Study or dissemination conference")
    TALK = "talk", _("Talk")
    CELL_MEETING = "cell_meeting", _("Cell meeting")
    FLAG_CEREMONY = "flag_ceremony", _("Flag ceremony")
    DAY_WITH_PEOPLE = "day_with_people", _("Day with the people")
    OTHER = "other", _("Other")


class ActivityKind(ListEntry):
    """An entry of the configurable list of activity kinds."""

    category = models.CharField(_("counted as"), max_length=30, choices=Category.choices)
    thematic = models.BooleanField(_("thematic"), default=False)

    class Meta(ListEntry.Meta):
        verbose_name = _("activity kind")
        verbose_name_plural = _("activity kinds")


class Form(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


# -- the activity ----------------------------------------------------------------------
class ActivityQuerySet(ScopedQuerySet):
    def visible_to(self, user, action: access.Action | str = access.Action.VIEW) -> ActivityQuerySet:
        """Reading also reaches a conference that hosts one of its points in the
        user's scope: a commune sees the provincial conference it joined (and
        only reads it; changes stay with the organiser)."""
        mine = access.scope_q(user, action, self.unit_path_field)
        if access.Action(action) != access.Action.VIEW or not mine:
            return self.filter(mine)
        hosted = ConnectionPoint.objects.filter(
            access.scope_q(user, action, "unit__path"), activity=models.OuterRef("pk")
        )
        return self.filter(mine | Q(models.Exists(hosted)))

    def in_period(self, start: dt.date, end: dt.date) -> ActivityQuerySet:
        """Held between start and end, both included."""
        return self.filter(held_on__gte=start, held_on__lte=end)

    def of_category(self, category: str) -> ActivityQuerySet:
        return self.filter(kind__category=category)

    def search(self, text: str) -> ActivityQuerySet:
        needle = fold(text)
        if not needle:
            return self
        return self.filter(Q(search_title__contains=needle) | Q(unit__search_name__contains=needle))

    def matching(
        self,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        kind=None,
        category: str = "",
        form: str = "",
        topic=None,
        unit=None,
        q: str = "",
    ) -> ActivityQuerySet:
        """The filters of the list page, the month view and the API, in one place."""
        rows = self
        if start:
            rows = rows.filter(held_on__gte=start)
        if end:
            rows = rows.filter(held_on__lte=end)
        if kind is not None:
            rows = rows.filter(kind=kind)
        if category:
            rows = rows.of_category(category)
        if form:
            rows = rows.filter(form=form)
        if topic is not None:
            rows = rows.filter(topic=topic)
        if unit is not None:
            rows = rows.in_subtree(unit)
        if q:
            rows = rows.search(q)
        return rows

    def for_listing(self) -> ActivityQuerySet:
        return self.select_related("unit", "kind", "topic").annotate(point_count=models.Count("points"))


class Activity(models.Model):
    """A conference, talk, cell meeting, flag ceremony or day with the people.

    For an online or hybrid conference the attendance is the sum of its
    connection points (the main venue is the organiser's own point) and the
    service keeps `participants` and `party_members` equal to that sum.
    """

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.ForeignKey(
        ActivityKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="activities"
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    search_title = models.CharField(max_length=300, editable=False, db_index=True)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic studied"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    form = models.CharField(_("form"), max_length=20, choices=Form.choices, default=Form.IN_PERSON)
    participants = models.PositiveIntegerField(_("people taking part"), default=0)
    party_members = models.PositiveIntegerField(_("of whom party members"), default=0)
    topic_content = models.TextField(_("topic content discussed"), blank=True)
    notes = models.TextField(_("minutes or notes"), blank=True)
    # Higher-level committee members who attended (for cell meetings).
    committee_attendees = models.ManyToManyField(
        "people.Person", verbose_name=_("committee members attending"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["held_on", "unit"], name="activity_day_unit"),
            models.Index(fields=["unit", "held_on"], name="activity_unit_day"),
            # Online conferences are few among many activities; the roll-up counts them by form and day.
            models.Index(fields=["form", "held_on"], name="activity_form_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(party_members__lte=F("participants")), name="activity_members_within_participants"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({format_date(self.held_on)})"

    def save(self, *args, **kwargs):
        self.search_title = fold(self.title)
        if kwargs.get("update_fields") is not None and "title" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_title"}
        super().save(*args, **kwargs)

    @property
    def is_online(self) -> bool:
        return self.form in (Form.ONLINE, Form.HYBRID)


class ConnectionPointQuerySet(ScopedQuerySet):
    def visible_to(self, user, action: access.Action | str = access.Action.VIEW) -> ConnectionPointQuerySet:
        """A point is its host's: the host's subtree reads and changes it. The
        organiser of the conference also reads every point of it (they make its
        total), but a commune hosting one point does not read its sibling
        communes' points."""
        if access.Action(action) != access.Action.VIEW:
            return super().visible_to(user, action)
        return self.filter(
            access.scope_q(user, action, "unit__path") | access.scope_q(user, action, "activity__unit__path")
        )


class ConnectionPoint(models.Model):
    """One connection point (điểm cầu) of an online or hybrid conference.

    It belongs to its host's subtree: a provincial conference over 312 points
    gives each commune its own points, and the province all of them once.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="points")
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("host unit"), on_delete=models.PROTECT, related_name="connection_points"
    )
    participants = models.PositiveIntegerField(_("people taking part"), default=0)
    party_members = models.PositiveIntegerField(_("of whom party members"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ConnectionPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("connection point")
        verbose_name_plural = _("connection points")
        ordering = ["activity", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "unit"], name="point_one_per_unit_per_activity"),
            models.CheckConstraint(
                condition=Q(party_members__lte=F("participants")), name="point_members_within_participants"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity.title} — {self.unit}"


# -- committee members following cells ----------------------------------------------------
class RulePeriod(models.TextChoices):
    MONTH = "month", _("a month")
    QUARTER = "quarter", _("a quarter")
    YEAR = "year", _("a year")


RULE_PERIOD_MONTHS = {RulePeriod.MONTH: 1, RulePeriod.QUARTER: 3, RulePeriod.YEAR: 12}


class AttendanceRule(models.Model):
    """How often an assigned committee member must attend the cell's meetings.

    Set at a unit, it holds for the whole subtree unless a unit below sets its
    own; where no unit sets one the default is once a month.
    """

    unit = models.OneToOneField(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="attendance_rule"
    )
    times = models.PositiveSmallIntegerField(_("times"))
    per = models.CharField(_("per"), max_length=10, choices=RulePeriod.choices, default=RulePeriod.MONTH)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance rule")
        verbose_name_plural = _("attendance rules")
        ordering = ["unit__path"]
        constraints = [
            models.CheckConstraint(condition=Q(times__gte=1, times__lte=31), name="rule_times_1_to_31"),
        ]

    def __str__(self) -> str:
        return f"{self.times} / {self.get_per_display()}"

    @property
    def months(self) -> int:
        return RULE_PERIOD_MONTHS[self.per]


class AssignmentQuerySet(ScopedQuerySet):
    def active_between(self, start: dt.date, end: dt.date) -> AssignmentQuerySet:
        return self.filter(Q(start_date__lte=end), Q(end_date__isnull=True) | Q(end_date__gte=start))


class Assignment(models.Model):
    """A committee member assigned to follow a party cell for a period."""

    person = models.ForeignKey(
        "people.Person", verbose_name=_("committee member"), on_delete=models.PROTECT, related_name="+"
    )
    # The cell followed; the assignment belongs to the cell's subtree.
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("cell"), on_delete=models.PROTECT, related_name="assignments"
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["unit__path", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.unit}"


# -- attachments and imports -------------------------------------------------------------
class ActivityPartQuerySet(ScopedQuerySet):
    unit_path_field = "activity__unit__path"


class ActivityAttachmentQuerySet(ActivityPartQuerySet):
    def visible_to(
        self, user, action: access.Action | str = access.Action.VIEW
    ) -> ActivityAttachmentQuerySet:
        """Read with its activity: a commune hosting a point of the province's
        conference opens the slides the province attached; only the organiser's
        subtree changes them."""
        if access.Action(action) != access.Action.VIEW:
            return super().visible_to(user, action)
        return self.filter(activity__in=Activity.objects.visible_to(user).values("pk"))


def _attachment_path(instance: ActivityAttachment, filename: str) -> str:
    # The stored name is not the user's: it cannot collide or traverse.
    extension = os.path.splitext(filename)[1].lower()
    return f"activities/{dt.date.today():%Y/%m}/{os.urandom(12).hex()}{extension}"


def _import_path(instance: ImportJob, filename: str) -> str:
    return f"imports/{dt.date.today():%Y/%m}/{os.urandom(12).hex()}.xlsx"


class ActivityAttachment(AttachmentBase):
    """Minutes, photos or slides of an activity; the same checks as an initiative's."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=200)

    objects = ActivityAttachmentQuerySet.as_manager()

    class Meta(AttachmentBase.Meta):
        pass


class ImportJob(Job):
    """One uploaded .xlsx of activities: checked row by row, then written all at once or not at all."""

    class Status(models.TextChoices):
        WAITING = jobs.WAITING, _("Waiting")
        CHECKING = "checking", _("Checking")
        WRITING = "writing", _("Writing")
        DONE = jobs.DONE, _("Done")
        FAILED = jobs.FAILED, _("Refused")

    task = "lamtheobac.activities.services.imports.process_import"
    RUNNING_STATUS = Status.CHECKING
    NOT_QUEUED = _("The import could not be queued: try again later.")

    # Every row must belong to this unit's subtree.
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=_import_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    total_rows = models.PositiveIntegerField(default=0)
    checked_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    # The days of the earliest and the latest activity written, set with the rows:
    # the job page links to the list of those days.
    first_day = models.DateField(null=True, blank=True)
    last_day = models.DateField(null=True, blank=True)
    # [{"row": 12, "column": "F", "header": "...", "message": "..."}], at most a few hundred.
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def failure(cls, message) -> dict:
        """A refusal of the whole file is the one problem of its list, on no row."""
        return {"errors": [{"row": None, "column": "", "header": "", "message": str(message)}]}

    @staticmethod
    def checked_share(checked: int, total: int) -> int:
        """How far a check of `total` rows has gone at `checked`: checking is most of
        the work, writing the last tenth."""
        return min(90, 90 * checked // total) if total else 0

    @property
    def percent(self) -> int:
        return self.progress
