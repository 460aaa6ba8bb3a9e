"""The demo province's reports, 2025–2026.

The province asks its party committees of communes for a report every quarter
and every year (before the reform of 1/7/2025 that meant the old district's
communes; afterwards the communes of today), and for the review of five years
of Conclusion 01-KL/TW; it also keeps the custom period of the two-year review.
Xã Đông Sơn asks its cells for a quarterly report from the third quarter of
2025.

Past periods are mostly approved, with a few reports sent late and a few
never sent; the third quarter of 2026 is under way: some reports approved,
many awaiting the province ("tinh" has them to approve), a few drafts, some
missing, and Xã Đông Sơn's returned with a reason and notes per section ("xa"
has it to correct). The cell of "chibo" has not sent its report for the
quarter and has been reminded.

What a user meets first goes through the services, so that figures freeze on
approval and the steps, audit trail, notifications and locks are the real
thing: every report of Xã Đông Sơn and of the "chibo" cell, the cells' reports
of the current quarter, and every report of the current quarter that is not
approved yet (awaiting, returned, drafts). The rest of the history (some 600
approved reports at scale 1) is written with `bulk_create`, each with the
figures `rollup.by_child` computes for its unit (the numbers `rollup.rollup`
gives it, in a fixed number of queries per period) and its submit and approve
steps, because an approval through the services costs a roll-up of its own.
The times of reports and steps are then moved to the days the story needs
(sent before or after the deadline, approved a few days later), never after now.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation

from lamtheobac.core import audit
from lamtheobac.core.formatting import format_number
from lamtheobac.core.models import AuditEvent, Notification
from lamtheobac.core.querysets import today
from lamtheobac.core.sections import all_sections
from lamtheobac.people.models import Position
from lamtheobac.reports import narrative, rollup, services
from lamtheobac.reports.completeness import completeness
from lamtheobac.reports.models import Obligation, Report, ReportCoverage, ReportingPeriod, ReportStep, State
from lamtheobac.units import headings
from lamtheobac.units.models import Kind, Level, Unit

from .activities import _insert, _reserve_ids

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from .builder import _Layout

# The periods the province asks the communes to report on, and the deadlines.
PROVINCE_KEYS = (
    "2025-Q1",
    "2025-Q2",
    "2025-Q3",
    "2025-Q4",
    "2025",
    "2026-Q1",
    "2026-Q2",
    "2026-Q3",
    "2026-Q4",
    "2026",
)
CELL_KEYS = ("2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")
CURRENT = "2026-Q3"  # the quarter whose reports are still on their way
FIVE_YEARS = ("5 năm thực hiện Kết luận 01-KL/TW", dt.date(2021, 5, 18), dt.date(2026, 5, 18))
TWO_YEARS = ("2 năm thực hiện Kết luận 01-KL/TW", dt.date(2021, 5, 18), dt.date(2023, 5, 18))
FIVE_YEARS_DEADLINE = dt.date(2026, 6, 15)
_REPORT_TYPE = Report._meta.label_lower
Moment = dt.datetime | None
MOVED_ACTIONS = ("create", "submit", "return", "approve")

# Shares of the expected units: past periods, then the current quarter.
PAST_MISSING, PAST_LATE = 0.04, 0.08
CURRENT_MISSING, CURRENT_DRAFT, CURRENT_SUBMITTED, CURRENT_LATE = 0.12, 0.08, 0.25, 0.3

RESULTS = [
    "Cấp ủy đã ban hành kế hoạch thực hiện chuyên đề năm, phân công cấp ủy viên phụ trách từng chi bộ; "
    "100% chi bộ đưa nội dung học tập và làm theo Bác vào sinh hoạt định kỳ.",
    "Các chi bộ duy trì sinh hoạt chuyên đề mỗi quý một lần; đảng viên đăng ký việc làm theo cụ thể, "
    "gắn với nhiệm vụ được giao.",
    "Mặt trận và các đoàn thể vận động nhân dân tham gia làm đường giao thông nông thôn, giữ gìn vệ sinh "
    "môi trường; duy trì mô hình “Ngày thứ bảy với dân”.",
    "Người đứng đầu cấp ủy, chính quyền nêu gương, thường xuyên đối thoại với nhân dân, giải quyết kịp thời "
    "kiến nghị ở cơ sở.",
]
SHORTCOMINGS = [
    "Một số chi bộ sinh hoạt chuyên đề còn hình thức, nội dung chưa gắn với thực tiễn địa phương.",
    "Việc nhân rộng các mô hình, việc làm hay còn chậm; công tác tuyên truyền điển hình chưa thường xuyên.",
    "Một số đảng viên đăng ký làm theo còn chung chung, khó kiểm tra, đánh giá.",
]
DIRECTIONS = [
    "Tiếp tục đưa việc học tập và làm theo Bác vào sinh hoạt chi bộ định kỳ hằng tháng; mỗi chi bộ "
    "xây dựng ít nhất một mô hình, việc làm cụ thể gắn với chuyên đề năm.",
    "Phát hiện, biểu dương kịp thời các tập thể, cá nhân điển hình; nhân rộng các mô hình đã được "
    "công nhận; kiểm tra việc thực hiện bản đăng ký làm theo của đảng viên theo từng quý.",
]
PROPOSALS = [
    "Đề nghị Ban Thường vụ Tỉnh ủy tiếp tục mở lớp bồi dưỡng nghiệp vụ cho cán bộ làm công tác "
    "tuyên giáo cơ sở.",
    "Đề nghị cấp trên hỗ trợ tài liệu sinh hoạt chuyên đề năm và biểu dương kịp thời các điển hình.",
]
RECIPIENTS = "- Ban Thường vụ Tỉnh ủy (để báo cáo);\n- Ban Tuyên giáo và Dân vận Tỉnh ủy;\n- Lưu Văn phòng."
CELL_RECIPIENTS = "- Đảng ủy xã (để báo cáo);\n- Lưu chi bộ."
RETURN_REASON = (
    "Báo cáo chưa nêu kết quả thực hiện chuyên đề năm 2026 ở các chi bộ thôn; đề nghị bổ sung "
    "và gửi lại trước ngày 30/11/2026."
)
RETURN_NOTES = {
    "results": "Bổ sung số chi bộ đã sinh hoạt chuyên đề trong quý và nội dung chủ yếu.",
    "shortcomings": "Nêu cụ thể chi bộ nào sinh hoạt còn hình thức.",
}
TITLE = "Báo cáo kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"


@dataclass
class ReportCounts:
    periods: int = 0  # custom periods defined
    obligations: int = 0
    reports: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    through_services: int = 0
    late: int = 0
    missing: int = 0  # owed, deadline passed, never sent


def _deadline(period: ReportingPeriod, day: int) -> dt.date:
    """A quarter's report by the `day`th of the next month; a year's by 15 January."""
    if period.kind == "year":
        return dt.date(period.end.year + 1, 1, 15)
    after = period.end + dt.timedelta(days=1)
    return after.replace(day=day)


class _Story:
    def __init__(self, rng: random.Random, layout: _Layout, users: dict[str, User]):
        self.rng = rng
        self.layout = layout
        self.users = users
        self.admin, self.tinh, self.xa = users["admin"], users["tinh"], users["xa"]
        self.now = timezone.now()
        self.today = today()
        self.province = Unit.objects.get(pk=layout.province.unit.pk)
        self.xa_commune = Unit.objects.get(pk=layout.xa.node.unit.pk)
        self.chibo_cell = layout.chibo_cell.unit
        self.counts = ReportCounts()
        self.numbers: Counter = Counter()
        self.places: dict[int, str] = {}  # the place of each unit's date line, read once
        self.signers = dict(
            Position.objects.filter(
                kind=Position.Kind.SECRETARY,
                end_date__isnull=True,
                unit__path__startswith=self.province.path,
                unit__kind__in=[Kind.PARTY_COMMITTEE, Kind.PARTY_CELL],
            ).values_list("unit_id", "person__full_name")
        )
        # Bulk-written reports and their steps, with the times they take.
        self.bulk: list[tuple[Report, list[ReportStep], dt.datetime]] = []
        # Reports through the services: (report pk, created, sent, approved or returned) times
        # and the range of ids of the notifications their sending wrote.
        self.moved: list[tuple[int, dt.datetime, Moment, Moment, tuple[int, int]]] = []

    # -- times --
    def at(self, day: dt.date) -> dt.datetime:
        moment = timezone.make_aware(
            dt.datetime.combine(day, dt.time(self.rng.randint(7, 16), self.rng.randint(0, 59)))
        )
        return min(moment, self.now - dt.timedelta(minutes=5))

    def sent_day(self, period: ReportingPeriod, deadline: dt.date, late: bool) -> dt.date:
        if late:
            return deadline + dt.timedelta(days=self.rng.randint(1, 12))
        first = period.end + dt.timedelta(days=1)
        return max(first, deadline - dt.timedelta(days=self.rng.randint(0, 8)))

    def later(self, day: dt.date, low: int = 2, high: int = 10) -> dt.date:
        return min(day + dt.timedelta(days=self.rng.randint(low, high)), self.today - dt.timedelta(days=1))

    # -- what a report says --
    def fields(self, unit: Unit, parent: Unit, period: ReportingPeriod, values: dict, sent: dt.date | None):
        cell = unit.level == Level.CELL
        self.numbers[unit.pk] += 1
        number = self.numbers[unit.pk] + (8 if cell else 40)
        return {
            "title": services.default_title(unit, period),
            "number": f"{number}-BC/{headings.symbol(unit) or 'ĐU'}",
            "place": self.places.setdefault(unit.pk, headings.place_name(unit)),
            "issued_on": sent,
            "superior_body": services.heading_name(parent, issuing=False),
            "issuing_body": services.heading_name(unit, issuing=True),
            "signer_title": "BÍ THƯ",
            "signer_name": self.signers.get(unit.pk, ""),
            "recipients": CELL_RECIPIENTS if cell else RECIPIENTS,
            "summary": narrative.draft(unit, period, values),
            "results": " ".join(self.rng.sample(RESULTS, 2)),
            "shortcomings": self.rng.choice(SHORTCOMINGS),
            "proposals": self.rng.choice(PROPOSALS),
            # Picked without the random generator, so the rest of the story stays as it was.
            "directions": DIRECTIONS[number % len(DIRECTIONS)],
            "summary_figures": values,
        }

    # -- bulk history --
    def write_approved(
        self,
        unit: Unit,
        parent: Unit,
        period: ReportingPeriod,
        obligation: Obligation | None,
        values: dict,
        deadline: dt.date,
        *,
        late: bool,
        approved: bool = True,
    ) -> None:
        sent = self.sent_day(period, deadline, late)
        sent_at = self.at(sent)
        approver = self.tinh if parent.pk == self.province.pk else self.admin
        report = Report(
            unit=unit,
            period=period,
            obligation=obligation,
            cutoff=period.end,
            state=State.SUBMITTED,
            first_submitted_at=sent_at,
            submitted_at=sent_at,
            **self.fields(unit, parent, period, values, sent),
        )
        name = report.signer_name or unit.name
        steps = [ReportStep(report=report, action="submit", actor_name=name, at=sent_at)]
        if approved:
            approved_at = self.at(self.later(sent))
            report.state = State.APPROVED
            report.figures = values
            report.figures_at = report.approved_at = approved_at
            report.approved_by = approver
            steps.append(
                ReportStep(
                    report=report,
                    action="approve",
                    actor=approver,
                    actor_name=approver.username,
                    at=approved_at,
                )
            )
        self.bulk.append((report, steps, self.at(sent - dt.timedelta(days=self.rng.randint(1, 4)))))
        self.counts.late += late

    def flush(self) -> None:
        """Insert the planned reports and steps with their own times (bulk_create would stamp
        `created_at` and `at` with now: they are auto_now_add)."""
        if not self.bulk:
            return
        ids = _reserve_ids(Report, len(self.bulk))
        report_rows, step_rows = [], []
        for pk, (report, steps, created) in zip(ids, self.bulk, strict=True):
            report.pk, report.created_at = pk, created
            report_rows.append(_row(report, steps[-1].at))
            for step in steps:
                step.report_id = pk
                step_rows.append(_row(step))
        _insert(Report, report_rows)
        _insert(ReportStep, step_rows)
        _insert(AuditEvent, [_row(event) for event in self._audit_rows(ids)])
        # What each approved report covers: its unit's subtree (services.cover does this one by one).
        units = list(Unit.objects.filter(path__startswith=self.province.path).values_list("path", "pk"))
        units.sort()
        coverage = []
        for pk, (report, _steps, _created) in zip(ids, self.bulk, strict=True):
            if report.state != State.APPROVED:
                continue
            first = bisect.bisect_left(units, (report.unit.path,))
            for path, unit_pk in units[first:]:
                if not path.startswith(report.unit.path):
                    break
                coverage.append(ReportCoverage(report_id=pk, unit_id=unit_pk))
        ReportCoverage.objects.bulk_create(coverage, batch_size=5000)
        self.counts.reports += len(report_rows)
        self.bulk = []

    def _audit_rows(self, ids: list[int]) -> list[AuditEvent]:
        """The trail the services would have written for the bulk reports: created,
        submitted, approved, each at its step's time and by its step's actor."""
        events = []
        for pk, (report, steps, created) in zip(ids, self.bulk, strict=True):
            shown = str(report)[:300]
            creator = steps[0].actor_name
            events.append(
                AuditEvent(
                    at=created,
                    actor_name=creator,
                    action="create",
                    object_type=_REPORT_TYPE,
                    object_id=str(pk),
                    object_repr=shown,
                    unit=report.unit,
                    after=audit.snapshot(report, ["period", "title"]),
                )
            )
            events.extend(
                AuditEvent(
                    at=step.at,
                    actor=step.actor,
                    actor_name=step.actor_name,
                    action=step.action,
                    object_type=_REPORT_TYPE,
                    object_id=str(pk),
                    object_repr=shown,
                    unit=report.unit,
                    after={"state": State.SUBMITTED if step.action == "submit" else State.APPROVED},
                )
                for step in steps
            )
        return events

    # -- through the services --
    def walk(
        self,
        unit: Unit,
        parent: Unit,
        period: ReportingPeriod,
        values: dict,
        deadline: dt.date,
        *,
        fate: str,
        writer: User | None = None,
        approver: User | None = None,
    ) -> Report:
        """Start a report and take it to `fate` (draft, submitted, returned, approved) with the services."""
        late = fate.endswith("_late")
        fate = fate.removesuffix("_late")
        writer = writer or self.admin
        approver = approver or (self.tinh if parent.pk == self.province.pk else self.admin)
        sent = self.sent_day(period, deadline, late)
        values_given = self.fields(unit, parent, period, values, sent if fate != "draft" else None)
        report = services.start_report(actor=writer, unit=unit, period=period, **values_given)
        created = self.at(sent - dt.timedelta(days=self.rng.randint(1, 4)))
        sent_at = moved_at = None
        told_of_sending = (0, 0)  # the ids of the notifications the sending wrote: (after, up to)
        if fate != "draft":
            first = _last_notification()
            services.submit_report(report, actor=writer)
            told_of_sending = (first, _last_notification())
            sent_at = self.at(sent)
            self.counts.late += late
        if fate == "returned":
            services.return_report(report, actor=approver, reason=RETURN_REASON, section_notes=RETURN_NOTES)
            moved_at = self.at(self.later(sent, 5, 12))
        elif fate == "approved":
            services.approve_report(report, actor=approver)
            moved_at = self.at(self.later(sent))
        self.moved.append((report.pk, created, sent_at, moved_at, told_of_sending))
        self.counts.reports += 1
        self.counts.through_services += 1
        return report

    def settle_times(self) -> None:
        """Move the service-written reports and steps to the story's days."""
        reports = {
            report.pk: report for report in Report.objects.filter(pk__in=[row[0] for row in self.moved])
        }
        steps: dict[int, list[ReportStep]] = {}
        for step in ReportStep.objects.filter(report__in=list(reports)).order_by("at", "pk"):
            steps.setdefault(step.report_id, []).append(step)
        changed_steps = []
        for pk, created, sent_at, moved_at, _told in self.moved:
            report = reports[pk]
            report.created_at = created
            if sent_at is not None:
                report.first_submitted_at = report.submitted_at = sent_at
            if report.state == State.APPROVED:
                report.approved_at = report.figures_at = moved_at
            for step in steps.get(pk, []):
                step.at = sent_at if step.action == "submit" else moved_at
                changed_steps.append(step)
        Report.objects.bulk_update(
            list(reports.values()),
            ["created_at", "first_submitted_at", "submitted_at", "approved_at", "figures_at"],
            batch_size=500,
        )
        ReportStep.objects.bulk_update(changed_steps, ["at"], batch_size=500)
        # Their audit trail moves with them: "approved on 15/10" in the report and in the trail.
        when = {
            str(pk): {"create": created, "submit": sent_at, "return": moved_at, "approve": moved_at}
            for pk, created, sent_at, moved_at, _told in self.moved
        }
        trail = AuditEvent.objects.filter(object_type=_REPORT_TYPE, action__in=MOVED_ACTIONS)
        events = list(trail.filter(object_id__in=list(when)))
        for event in events:
            event.at = when[event.object_id][event.action] or event.at
        AuditEvent.objects.bulk_update(events, ["at"], batch_size=500)
        # And so do the notifications: those the sending wrote to its day, the others
        # (the return, the approval) to the day of that step.
        links = {
            reverse("reports:detail", args=[pk]): (sent_at, moved_at, told)
            for pk, _created, sent_at, moved_at, told in self.moved
        }
        notes = list(Notification.objects.filter(url__in=list(links)))
        for note in notes:
            sent_at, moved_at, (after, up_to) = links[note.url]
            note.created_at = (sent_at if after < note.pk <= up_to else moved_at) or note.created_at
        Notification.objects.bulk_update(notes, ["created_at"], batch_size=500)


def _last_notification() -> int:
    return Notification.objects.aggregate(last=Max("pk"))["last"] or 0


def _row(obj, updated: dt.datetime | None = None) -> dict:
    """{attname: value ready for the database} of every column but an unset id."""
    row = {}
    for model_field in obj._meta.concrete_fields:
        value = getattr(obj, model_field.attname)
        if model_field.primary_key and value is None:
            continue
        if model_field.attname == "updated_at":
            value = updated
        row[model_field.attname] = model_field.get_db_prep_save(value, connection)
    return row


def _values(within: Unit, period: ReportingPeriod) -> dict[int, dict]:
    """{child unit id: its figures for the period}, in a fixed number of queries, every
    figure of every section present as `rollup.rollup` gives them."""
    return {
        row.unit.pk: {
            section.key: {figure.key: row.value(section.key, figure.key) for figure in section.figures}
            for section in all_sections()
        }
        for row in rollup.by_child(within, period)
        if row.unit is not None
    }


def _past_fate(rng: random.Random) -> str:
    roll = rng.random()
    if roll < PAST_MISSING:
        return "missing"
    return "approved_late" if roll < PAST_MISSING + PAST_LATE else "approved"


def _current_fate(rng: random.Random) -> str:
    roll = rng.random()
    if roll < CURRENT_MISSING:
        return "missing"
    if roll < CURRENT_MISSING + CURRENT_DRAFT:
        return "draft"
    if roll < CURRENT_MISSING + CURRENT_DRAFT + CURRENT_SUBMITTED:
        return "submitted_late" if rng.random() < CURRENT_LATE else "submitted"
    return "approved"


def _province_reports(story: _Story, period: ReportingPeriod, deadline: dt.date) -> None:
    """The communes' reports for one period of the province's."""
    rng, province = story.rng, story.province
    found = completeness(province, period)
    values = _values(province, period)
    parents: dict[int, Unit] = {}
    # Only what the province asks: the cells a commune asks for are the commune's to collect.
    entries = [entry for entry in found.entries if entry.obligation.unit_id == province.pk]
    for entry in entries:
        unit = entry.unit
        if unit.pk not in values:  # an old commune, now under its successor
            parent = services.parent_of(unit)
            parents[unit.pk] = parent
            values.update(_values(parent, period))
    current = period.key == CURRENT
    for entry in entries:
        unit = entry.unit
        parent = parents.get(unit.pk, province)
        ours = unit.pk == story.xa_commune.pk
        if ours:
            fate = "returned" if current else "approved"
        elif unit.valid_to is not None:
            fate = "approved"  # the old communes all reported before they closed
        else:
            fate = _current_fate(rng) if current else _past_fate(rng)
        if fate == "missing":
            continue
        if ours or (current and fate != "approved"):
            writer = story.xa if ours else None
            story.walk(unit, parent, period, values.get(unit.pk, {}), deadline, fate=fate, writer=writer)
        else:
            story.write_approved(
                unit,
                parent,
                period,
                entry.obligation,
                values.get(unit.pk, {}),
                deadline,
                late=fate.endswith("_late"),
            )


def _cell_reports(story: _Story, period: ReportingPeriod, deadline: dt.date) -> None:
    """Xã Đông Sơn's cells: the 2025 quarters written as history, 2026 through the services."""
    commune = story.xa_commune
    values = _values(commune, period)
    found = completeness(commune, period)
    chibo = story.users["chibo"]
    for entry in found.entries:
        unit = entry.unit
        if entry.obligation.unit_id != commune.pk:
            continue
        is_chibo = unit.pk == story.chibo_cell.pk
        if period.key == CURRENT:
            fate = "missing" if is_chibo else _current_fate(story.rng)
        elif is_chibo:
            fate = "approved"
        else:
            fate = _past_fate(story.rng)
        if fate == "missing":
            continue
        if period.key == CURRENT or is_chibo:
            writer = chibo if is_chibo else None
            story.walk(unit, commune, period, values.get(unit.pk, {}), deadline, fate=fate, writer=writer)
        else:
            story.write_approved(
                unit,
                commune,
                period,
                entry.obligation,
                values.get(unit.pk, {}),
                deadline,
                late="late" in fate,
            )


def _read_old_notifications(story: _Story) -> None:
    """What the demo users have dealt with is read; what still asks for them stays unread."""
    awaiting = {
        reverse("reports:detail", args=[pk]) for pk in Report.objects.awaiting().values_list("pk", flat=True)
    }
    returned = {
        reverse("reports:detail", args=[pk])
        for pk in Report.objects.filter(state=State.RETURNED).values_list("pk", flat=True)
    }
    users = [user.pk for user in story.users.values()]
    keep = Q(url__in=awaiting, user=story.tinh) | Q(url__in=returned) & ~Q(user=story.tinh)
    keep |= Q(url__startswith=reverse("reports:start"))
    Notification.objects.filter(user__in=users, read_at__isnull=True).exclude(keep).update(read_at=story.now)


def build_reports(layout: _Layout, users: dict[str, User], *, seed: int) -> ReportCounts:
    """Periods, obligations and reports of the demo province; returns what was written."""
    # What the services write (titles, messages) is stored in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        return _build(layout, users, seed=seed)


def _build(layout: _Layout, users: dict[str, User], *, seed: int) -> ReportCounts:
    story = _Story(random.Random(f"reports-{seed}"), layout, users)
    admin, province, commune = story.admin, story.province, story.xa_commune
    counts = story.counts

    for name, start, end in (TWO_YEARS, FIVE_YEARS):
        services.define_period(actor=admin, unit=province, name=name, start=start, end=end)
        counts.periods += 1
    five_years = ReportingPeriod.objects.get(name=FIVE_YEARS[0])

    asked: list[tuple[ReportingPeriod, dt.date]] = []
    for key in PROVINCE_KEYS:
        period = services.period_for(key)
        deadline = _deadline(period, 10)
        services.set_obligation(
            actor=admin,
            unit=province,
            period=period,
            title=f"{TITLE} {period.label}",
            unit_kinds=[Kind.PARTY_COMMITTEE],
            levels=[Level.COMMUNE],
            deadline=deadline,
            note="Gửi về Ban Tuyên giáo và Dân vận Tỉnh ủy qua hệ thống.",
        )
        asked.append((period, deadline))
    services.set_obligation(
        actor=admin,
        unit=province,
        period=five_years,
        title="Báo cáo sơ kết 5 năm thực hiện Kết luận số 01-KL/TW của Bộ Chính trị",
        unit_kinds=[Kind.PARTY_COMMITTEE],
        levels=[Level.COMMUNE],
        deadline=FIVE_YEARS_DEADLINE,
    )
    asked.append((five_years, FIVE_YEARS_DEADLINE))
    cells: list[tuple[ReportingPeriod, dt.date]] = []
    for key in CELL_KEYS:
        period = services.period_for(key)
        deadline = _deadline(period, 5)
        services.set_obligation(
            actor=admin,
            unit=commune,
            period=period,
            title=f"Báo cáo quý của chi bộ về học tập và làm theo Bác, {period.label}",
            unit_kinds=[Kind.PARTY_CELL],
            levels=[Level.CELL],
            deadline=deadline,
        )
        cells.append((period, deadline))
    counts.obligations = len(asked) + len(cells)

    # Reports only for the periods whose deadline has passed (the current quarter's included).
    for period, deadline in asked:
        if deadline < story.today:
            _province_reports(story, period, deadline)
    for period, deadline in cells:
        if deadline < story.today:
            _cell_reports(story, period, deadline)
    story.flush()
    story.settle_times()

    # The province drafts its own report for the quarter; the commune reminds its late cells.
    current = services.period_for(CURRENT)
    if _deadline(current, 10) < story.today:
        services.start_report(actor=story.tinh, unit=province, period=current)
        counts.reports += 1
        counts.through_services += 1
        if completeness(commune, current).missing_entries:
            services.remind_missing(actor=admin, within=commune, period=current)
    _read_old_notifications(story)

    reports = Report.objects.filter(unit__path__startswith=province.path)
    counts.by_state = dict(Counter(reports.values_list("state", flat=True)))
    counts.missing = sum(
        completeness(province, period).overdue for period, _deadline in asked if period.end < story.today
    )
    return counts


STATE_WORDS = {
    State.APPROVED: "đã duyệt",
    State.SUBMITTED: "chờ duyệt",
    State.RETURNED: "trả lại",
    State.DRAFT: "dự thảo",
}


def describe_reports(counts: ReportCounts) -> str:
    states = "; ".join(
        f"{format_number(counts.by_state.get(state, 0))} {word}" for state, word in STATE_WORDS.items()
    )
    return (
        f"Báo cáo 2025–2026: {format_number(counts.reports)} ({states}), "
        f"{format_number(counts.late)} gửi chậm, {format_number(counts.missing)} lượt chưa gửi quá hạn; "
        f"{format_number(counts.obligations)} yêu cầu báo cáo, "
        f"{format_number(counts.periods)} kỳ báo cáo riêng."
    )
