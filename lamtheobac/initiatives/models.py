"""Initiatives ("mô hình", exemplary practices): registered by a unit, evaluated,
recognised, replicated by other units, with their results over time.

"Model" clashes with Django, so the domain word is Initiative throughout.
"""

from __future__ import annotations

import datetime as dt
import os

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lamtheobac.core.models import AttachmentBase, ListEntry
from lamtheobac.core.periods import FIRST_YEAR
from lamtheobac.core.querysets import ScopedQuerySet
from lamtheobac.core.text import fold


# -- configurable lists -------------------------------------------------------
class InitiativeField(ListEntry):
    """The field of work an initiative serves: party building, economy, ..."""

    class Meta(ListEntry.Meta):
        verbose_name = _("field")
        verbose_name_plural = _("fields")


class Movement(ListEntry):
    """An emulation movement or campaign an initiative may belong to."""

    description = models.TextField(_("description"), blank=True)

    class Meta(ListEntry.Meta):
        verbose_name = _("movement or campaign")
        verbose_name_plural = _("movements and campaigns")


class Criterion(ListEntry):
    """One line of the evaluation rubric, scored from 0 to `max_score`."""

    description = models.TextField(_("description"), blank=True)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=10)

    class Meta(ListEntry.Meta):
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        constraints = [models.CheckConstraint(condition=Q(max_score__gt=0), name="criterion_max_positive")]


class OutcomeMeasure(ListEntry):
    """What an outcome counts, and in what: money raised (đồng), land donated (m²)."""

    unit_of_measure = models.CharField(_("unit of measure"), max_length=30)
    decimals = models.PositiveSmallIntegerField(_("decimal places"), default=0)

    class Meta(ListEntry.Meta):
        verbose_name = _("outcome measure")
        verbose_name_plural = _("outcome measures")
        constraints = [models.CheckConstraint(condition=Q(decimals__lte=3), name="measure_decimals_max_3")]


# -- the initiative -------------------------------------------------------------
class Kind(models.TextChoices):
    MODEL = "model", _("Model")
    EXEMPLARY_PRACTICE = "exemplary_practice", _("Exemplary practice")
    MOVEMENT_PARTICIPATION = "movement_participation", _("Movement participation")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_PROGRESS = "in_progress", _("In progress")
    EVALUATED = "evaluated", _("Evaluated")
    RECOGNISED = "recognised", _("Recognised")
    REPLICATED = "replicated", _("Replicated")
    SUSPENDED = "suspended", _("Suspended")
    DROPPED = "dropped", _("Dropped")


class RecognitionLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune level")
    DISTRICT = "district", _("District level")
    PROVINCE = "province", _("Province level")
    NATIONAL = "national", _("National level")


class Grade(models.TextChoices):
    PILOT = "pilot", _("Pilot")
    OUTSTANDING = "outstanding", _("Outstanding")


class InitiativeQuerySet(ScopedQuerySet):
    def search(self, text: str) -> InitiativeQuerySet:
        """Title or owner's name, ignoring case and diacritics."""
        needle = fold(text)
        if not needle:
            return self
        return self.filter(Q(search_title__contains=needle) | Q(unit__search_name__contains=needle))

    def in_year(self, year: int) -> InitiativeQuerySet:
        return self.filter(year=year)

    def matching(
        self,
        *,
        year: int | None = None,
        status: str = "",
        field=None,
        kind: str = "",
        level: str = "",
        grade: str = "",
        movement=None,
        unit=None,
        q: str = "",
    ) -> InitiativeQuerySet:
        """The filters of the list page, the export and the API, in one place."""
        rows = self
        if year:
            rows = rows.in_year(year)
        if status:
            rows = rows.filter(status=status)
        if field is not None:
            rows = rows.filter(field=field)
        if kind:
            rows = rows.filter(kind=kind)
        if level:
            rows = rows.filter(recognition_level=level)
        if grade:
            rows = rows.filter(recognition_grade=grade)
        if movement is not None:
            rows = rows.filter(movement=movement)
        if unit is not None:
            rows = rows.in_subtree(unit)
        if q:
            rows = rows.search(q)
        return rows

    def with_adoption_count(self) -> InitiativeQuerySet:
        return self.annotate(adoption_count=Count("adoptions", distinct=True))

    def for_listing(self) -> InitiativeQuerySet:
        return self.select_related("unit", "field", "movement").with_adoption_count()


class Initiative(models.Model):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="initiatives"
    )
    # An initiative's title is its name ("tên mô hình"); other records' are titles.
    title = models.CharField(pgettext_lazy("initiative", "title"), max_length=300)
    search_title = models.CharField(max_length=300, editable=False, db_index=True)
    field = models.ForeignKey(
        InitiativeField, verbose_name=_("field"), on_delete=models.PROTECT, related_name="initiatives"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.MODEL)
    year = models.PositiveSmallIntegerField(_("year"))
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("movement or campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    description = models.TextField(_("description"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    responsible = models.ForeignKey(
        "people.Person",
        verbose_name=_("person responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    registered_on = models.DateField(_("registered on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    status_since = models.DateField(_("status since"))
    # Where "resume" goes back to after a suspension.
    resume_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    # The highest recognition so far, copied here so that lists filter on it.
    recognition_level = models.CharField(
        _("recognition level"), max_length=20, choices=RecognitionLevel.choices, blank=True
    )
    recognition_grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    derived_from = models.ForeignKey(
        "self",
        verbose_name=_("derived from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derivatives",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-year", "search_title", "id"]
        indexes = [
            models.Index(fields=["unit", "year"], name="initiative_unit_year"),
            models.Index(fields=["year", "status"], name="initiative_year_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=FIRST_YEAR), name="initiative_year_from_2000"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="initiative_status_valid"),
            models.CheckConstraint(
                condition=~Q(derived_from=models.F("id")), name="initiative_not_derived_from_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_title = fold(self.title)
        if kwargs.get("update_fields") is not None and "title" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_title"}
        super().save(*args, **kwargs)


class InitiativePartQuerySet(ScopedQuerySet):
    """Rows that belong to an initiative are scoped by the initiative's owner."""

    unit_path_field = "initiative__unit__path"


class Transition(models.Model):
    """One step of an initiative's lifecycle: who moved it, when, and why."""

    class Action(models.TextChoices):
        REGISTER = "register", _("Register")
        START = "start", _("Start")
        EVALUATE = "evaluate", _("Evaluate")
        RECOGNISE = "recognise", _("Recognise")
        REPLICATE = "replicate", _("Replicate")
        SUSPEND = "suspend", _("Suspend")
        RESUME = "resume", _("Resume")
        DROP = "drop", _("Drop")
        WITHDRAW = "withdraw", _("Withdraw the last adoption")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("step"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InitiativePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("lifecycle step")
        verbose_name_plural = _("lifecycle steps")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_action_display()}"


class Evaluation(models.Model):
    """An assessment of an initiative by a body (a workshop, a standing committee)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="evaluations")
    body = models.CharField(_("evaluated by"), max_length=300)
    held_on = models.DateField(_("workshop date"))
    total_score = models.DecimalField(_("total score"), max_digits=7, decimal_places=2, default=0)
    max_total = models.DecimalField(_("maximum total"), max_digits=7, decimal_places=2, default=0)
    note = models.TextField(_("conclusion"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InitiativePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.body}"


class ScoreQuerySet(ScopedQuerySet):
    """A score is read with its evaluation: scoped by the initiative's owner."""

    unit_path_field = "evaluation__initiative__unit__path"


class Score(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        ordering = ["criterion__position", "criterion__name"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="score_once_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Recognition(models.Model):
    """A body recognises an initiative at its own level, as a pilot or an outstanding one."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="recognitions")
    level = models.CharField(_("level"), max_length=20, choices=RecognitionLevel.choices)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    # A unit of the tree, or (for national recognition) a body outside it, by name.
    body_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("recognised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recognitions_given",
    )
    body_name = models.CharField(_("recognising body"), max_length=300, blank=True)
    decision = models.CharField(_("decision"), max_length=200, blank=True)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InitiativePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["-on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(body_unit__isnull=False) | ~Q(body_name=""), name="recognition_names_its_body"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_level_display()} ({self.get_grade_display()})"

    @property
    def body(self) -> str:
        return self.body_unit.name if self.body_unit_id else self.body_name


class Adoption(models.Model):
    """A unit takes up another unit's initiative ("nhân rộng")."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="adoptions")
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("adopting unit"), on_delete=models.PROTECT, related_name="adoptions"
    )
    adopted_on = models.DateField(_("adopted on"))
    local_title = models.CharField(_("local title"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["adopted_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "unit"], name="adoption_once_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.local_title or self.initiative}"


class ResultEntry(models.Model):
    """A dated line of the initiative's results ("tháng 3: 12 hộ thoát nghèo")."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="results")
    on = models.DateField(_("date"))
    text = models.TextField(_("result"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InitiativePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("result entry")
        verbose_name_plural = _("result entries")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.text[:60]}"


class OutcomeQuerySet(InitiativePartQuerySet):
    def totals_by_measure(self):
        """One row per measure with its sum, for reports: added up in the database."""
        return (
            self.values("measure_id", "measure__name", "measure__unit_of_measure", "measure__decimals")
            .annotate(total=models.Sum("value"), entries=Count("id"))
            .order_by("measure__position", "measure__name")
        )


class Outcome(models.Model):
    """A number an initiative achieved: money raised, houses built, m² of land donated."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="outcomes")
    measure = models.ForeignKey(
        OutcomeMeasure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="outcomes"
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=3)
    on = models.DateField(_("as of"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["measure__position", "on", "id"]
        constraints = [models.CheckConstraint(condition=Q(value__gte=0), name="outcome_not_negative")]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is not the user's: it cannot collide or traverse.
    extension = os.path.splitext(filename)[1].lower()
    return f"initiatives/{dt.date.today():%Y/%m}/{os.urandom(12).hex()}{extension}"


class Attachment(AttachmentBase):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=200)

    objects = InitiativePartQuerySet.as_manager()

    class Meta(AttachmentBase.Meta):
        pass
