"""Reports up the tree: the periods reported on, the obligations a level sets
for the units below it, each unit's report for a period with its narrative,
its way through submission and approval, and the documents printed from it.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access, jobs, tree
from lamtheobac.core import periods as calendar_periods
from lamtheobac.core.jobs import Job
from lamtheobac.core.querysets import ScopedQuerySet


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half-year")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Custom period")


# A custom period's key: "custom-" and its id.
CUSTOM_PREFIX = "custom-"


class ReportingPeriodQuerySet(ScopedQuerySet):
    unit_path_field = "defined_by__path"

    def visible_to(self, user, action: access.Action | str = access.Action.VIEW) -> ReportingPeriodQuerySet:
        """Calendar periods are everyone's. A custom period is read in the subtree of
        the level that defined it and by the levels above that one; nobody else
        learns its name or may report on it."""
        if access.Action(action) != access.Action.VIEW:
            return super().visible_to(user, action)
        return self.filter(Q(defined_by__isnull=True) | self.reaching_q(user))

    def custom(self) -> ReportingPeriodQuerySet:
        return self.filter(kind=PeriodKind.CUSTOM)


class ReportingPeriod(models.Model):
    """A stretch of days reported on: a calendar month, quarter, half-year or
    year (created when first used, keyed "2025-Q1"), or a custom period such as
    "2 năm thực hiện Kết luận 01" that a level defines for its subtree."""

    key = models.CharField(_("key"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    # Whether approving a report for the period locks its data. Calendar periods
    # do; a custom review period ("2 năm thực hiện …") spans data its quarterly
    # reports lock already, so by default it does not.
    locks_data = models.BooleanField(_("approval locks the data"), default=True)
    defined_by = models.ForeignKey(
        "units.Unit",
        verbose_name=_("defined by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-start", "end", "key"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="period_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.CUSTOM:
            return self.name
        return calendar_periods.parse(self.key).label

    @property
    def calendar(self) -> calendar_periods.Period:
        return calendar_periods.Period(self.start, self.end, self.key)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class ObligationQuerySet(ScopedQuerySet):
    def visible_to(self, user, action: access.Action | str = access.Action.VIEW) -> ObligationQuerySet:
        """Reading also reaches the obligations set above the user's units: a
        commune sees what the province asks of it (and only reads it)."""
        if access.Action(action) != access.Action.VIEW:
            return super().visible_to(user, action)
        return self.reaching(user)

    def for_period(self, period: ReportingPeriod) -> ObligationQuerySet:
        return self.filter(period=period)


class Obligation(models.Model):
    """What a level asks of the units below it: which kinds of unit (at which
    levels) owe a report for a period, and by which day."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("set by"), on_delete=models.PROTECT, related_name="report_obligations"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="obligations"
    )
    title = models.CharField(_("title"), max_length=300)
    unit_kinds = models.JSONField(_("kinds of unit"), default=list)
    levels = models.JSONField(_("levels"), default=list, blank=True)
    deadline = models.DateField(_("deadline"))
    note = models.TextField(_("note"), blank=True)
    # The parts of the report the level above requires before it is sent (see
    # services.checks.REQUIRABLE): a setting of the level that asks, for the
    # period it asks for, never a constant.
    required_fields = models.JSONField(_("required before sending"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")
        ordering = ["-period__start", "unit__path", "id"]
        indexes = [models.Index(fields=["period", "unit"], name="obligation_period_unit")]

    def __str__(self) -> str:
        return self.title


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


# The workflow in one table: action -> (states it starts from, state it leads to).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({State.DRAFT, State.RETURNED}), State.SUBMITTED),
    "return": (frozenset({State.SUBMITTED}), State.RETURNED),
    "approve": (frozenset({State.SUBMITTED}), State.APPROVED),
    "reopen": (frozenset({State.APPROVED}), State.RETURNED),
    # The writer takes a sent report back before the level above has approved it.
    "withdraw": (frozenset({State.SUBMITTED}), State.DRAFT),
}

# The parts of a report the unit writes; a return may comment on each.
# In the order a party report writes them: the results (their summary in figures,
# then in words), the shortcomings and their causes, the directions and tasks of
# the time ahead, the proposals.
NARRATIVE_SECTIONS = ("summary", "results", "shortcomings", "directions", "proposals")


def approving_path(unit) -> str:
    """The path of the unit whose approvers approve `unit`'s reports (no query).

    The unit's parent. A unit merged into another sits, closed, under its
    successor (units.services.merge_units), a unit of its own level: its old
    reports are approved by the level above the successor, as they were before
    the merger. One hop only: a unit closed under a successor that later merged
    in its turn looks to the first successor's parent.
    """
    steps = 2 if unit.merged_into_id is not None else 1
    return unit.path[: -steps * tree.STEPLEN]


def _approving_paths(user) -> list[str] | None:
    """Every unit where `user` approves (nested grants kept: each approves its own
    children); None for the superuser, who approves everywhere."""
    return access.role_paths(user, access.Action.APPROVE)


def awaiting_q(user) -> Q:
    """Submitted reports the user approves: of the units directly below a unit
    where they hold an approving role (see `approving_path`), not of the units
    further down, whose own level above approves them."""
    paths = _approving_paths(user)
    if paths is None:
        return Q(state=State.SUBMITTED)
    below = Q(pk__in=[])
    for path in paths:
        depth = tree.depth(path)
        below |= Q(unit__path__startswith=path) & (
            Q(unit__depth=depth + 1, unit__merged_into__isnull=True)
            | Q(unit__depth=depth + 2, unit__merged_into__isnull=False)
        )
    return Q(state=State.SUBMITTED) & below


def may_approve(user, unit) -> bool:
    """Whether `user` approves `unit`'s reports, as `awaiting_q` (reads the cached roles only)."""
    paths = _approving_paths(user)
    if paths is None:
        return True
    return approving_path(unit) in paths


class ReportQuerySet(ScopedQuerySet):
    def awaiting_approval_by(self, user) -> ReportQuerySet:
        return self.filter(awaiting_q(user))

    def for_period(self, period: ReportingPeriod) -> ReportQuerySet:
        return self.filter(period=period)

    def approved(self) -> ReportQuerySet:
        return self.filter(state=State.APPROVED)

    def sent(self) -> ReportQuerySet:
        """Submitted at least once (and not withdrawn): what completeness counts."""
        return self.filter(first_submitted_at__isnull=False)

    def awaiting(self) -> ReportQuerySet:
        return self.filter(state=State.SUBMITTED)


class Report(models.Model):
    """A unit's report for a period: the figures of its subtree (live until
    approved, then frozen), the narrative it writes, and where it stands."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    obligation = models.ForeignKey(
        Obligation,
        verbose_name=_("obligation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    title = models.CharField(_("title"), max_length=300)
    # The heading of the printed document.
    number = models.CharField(
        _("number and symbol"), max_length=60, blank=True, help_text=_("For example 12-BC/ĐU")
    )
    place = models.CharField(_("place"), max_length=100, blank=True, help_text=_("For example Cao Bằng"))
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    superior_body = models.CharField(_("superior body"), max_length=200, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line"))
    # "Số liệu tính đến ngày": the last day the figures, the approval's coverage
    # and the period lock reach. The period's last day unless the unit reports
    # early; never after the day it is submitted.
    cutoff = models.DateField(_("figures up to"))
    # What the unit writes.
    summary = models.TextField(_("summary of the figures"), blank=True)
    results = models.TextField(_("results"), blank=True)
    shortcomings = models.TextField(_("shortcomings and limitations"), blank=True)
    directions = models.TextField(_("directions and tasks ahead"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    # Frozen on approval: {section key: {figure key: value}}.
    figures = models.JSONField(_("approved figures"), null=True, blank=True)
    figures_at = models.DateTimeField(null=True, blank=True)
    # The live figures the summary was last drafted from: when today's differ,
    # the summary may contradict them and the writer is told so.
    summary_figures = models.JSONField(null=True, blank=True)
    # The last return's reason and its notes per narrative section.
    return_reason = models.TextField(_("reason for return"), blank=True)
    section_notes = models.JSONField(default=dict, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period__start", "unit__path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="report_one_per_unit_period"),
        ]
        # (A check that the cut-off lies in the period would need a join; the
        # service checks it, see services.reports.check_cutoff.)
        indexes = [models.Index(fields=["period", "state"], name="report_period_state")]

    def __str__(self) -> str:
        return f"{self.title} — {self.unit}"

    def save(self, *args, **kwargs):
        if self.cutoff is None:
            self.cutoff = self.period.end
        super().save(*args, **kwargs)

    @property
    def is_early(self) -> bool:
        """Whether the figures stop before the period's last day ("số liệu tính đến ngày …")."""
        return self.cutoff < self.period.end

    @property
    def is_locked(self) -> bool:
        return self.state == State.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.state in (State.DRAFT, State.RETURNED)


class ReportCoverageQuerySet(ScopedQuerySet):
    """A coverage row belongs to its report: scoped by the report's unit (the
    covered unit may have moved elsewhere since the approval)."""

    unit_path_field = "report__unit__path"


class ReportCoverage(models.Model):
    """A unit inside an approved report's subtree on the day it was approved.

    The approved figures and the period lock read these rows rather than
    today's tree: a commune merged after its report was approved keeps its
    cells covered, although they now sit under the successor.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="coverage")
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")

    objects = ReportCoverageQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "report"], name="report_coverage_unique")]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.unit_id}"


class ReportStepQuerySet(ScopedQuerySet):
    unit_path_field = "report__unit__path"


class ReportStep(models.Model):
    """One step of a report's way: submitted, returned (with the reason and
    notes per section), approved, reopened. The history shown on the report."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        RETURN = "return", _("Returned")
        APPROVE = "approve", _("Approved")
        REOPEN = "reopen", _("Reopened")
        WITHDRAW = "withdraw", _("Withdrawn")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("time"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)
    section_notes = models.JSONField(default=dict, blank=True)

    objects = ReportStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("report step")
        verbose_name_plural = _("report steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.report_id}"


class DocumentFormat(models.TextChoices):
    DOCX = "docx", _("Word document (.docx)")
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Figure tables (.xlsx)")


class DocumentStatus(models.TextChoices):
    WAITING = jobs.WAITING, _("Waiting")
    RUNNING = jobs.RUNNING, _("Being written")
    DONE = jobs.DONE, _("Ready")
    FAILED = jobs.FAILED, _("Failed")


class ReportDocumentQuerySet(ScopedQuerySet):
    unit_path_field = "report__unit__path"


def document_path(document: ReportDocument, filename: str) -> str:
    # A random folder: the path names no report a guesser could count through.
    # Files are served only by the access-checked download views.
    return f"reports/{secrets.token_hex(12)}/{filename}"


class ReportDocument(Job):
    """A file printed from a report, written in the background with its progress."""

    task = "lamtheobac.reports.services.documents.write_document"
    NOT_QUEUED = _("The document could not be queued: try again later.")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="documents")
    format = models.CharField(_("format"), max_length=5, choices=DocumentFormat.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.WAITING
    )
    file = models.FileField(upload_to=document_path, max_length=300, blank=True)
    size = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    objects = ReportDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("report document")
        verbose_name_plural = _("report documents")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.report_id}.{self.format}"
