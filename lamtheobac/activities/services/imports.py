"""Bulk entry of activities: a month's meetings for many cells on one screen,
and the .xlsx import (the checks at upload, the row-by-row check in a
background task, and the write of every row at once or of none). The template
and the reading of the file are spreadsheets.py's.

The rules are activities.py's: each row goes through the same checks as
`services.record_activity`. What this module adds is caching (a file of
10.000 rows costs a few hundred queries, not tens of thousands) and a way to
say which row and which column of the file a refusal belongs to. The period
lock is checked for all the rows at once (locked_rows): one query when the rows
are checked and one more inside the write's transaction.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from lamtheobac.core import access, audit
from lamtheobac.core.access import Action
from lamtheobac.core.errors import DomainError, ValidationFailed
from lamtheobac.core.formatting import format_date, format_number
from lamtheobac.core.locks import Locks
from lamtheobac.core.text import fold
from lamtheobac.people.models import Person
from lamtheobac.units.models import Unit

from ..models import Activity, ActivityKind, Category, Form, ImportJob
from .activities import check_activity, check_attendance, headcount_warnings, parse_count, record_activity
from .spreadsheets import (
    COLUMN_BY_KEY,
    ENTERED,
    CommitteeMembers,
    Layout,
    check_file,
    data_rows,
    data_sheet,
    fold_name,
    is_blank,
    member_label,
    open_workbook,
    read_layout,
)
from .topics import topic_for

logger = logging.getLogger(__name__)

# How often the checking loop tells the job page how far it got.
PROGRESS_EVERY = 500
# Messages kept on a refused job; the rest are counted.
MAX_MESSAGES = 200
WRITE_BATCH = 1000
# A cell of "Cấp ủy viên dự" names people separated by ";", each as the list sheet
# writes them: "Nguyễn Văn A (#123)".
PERSON_ID = re.compile(r"\(\s*#\s*(\d+)\s*\)\s*$")
SEPARATORS = re.compile(r"[;\n]+")


def start_import(
    *, actor, unit: Unit, upload: UploadedFile, language: str = "", via: str = "web", ip: str = ""
) -> ImportJob:
    """Store the file and queue its check; refuse at once what cannot be imported at all.

    The task is queued when the job is committed, so that a worker always finds it.
    """
    access.require(actor, Action.CHANGE, unit)
    name, rows = check_file(upload)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    job = ImportJob(unit=unit, name=name, total_rows=rows, requested_by=actor)
    job.file.save(name, upload, save=False)
    try:
        with transaction.atomic():
            job.save()
            job.enqueue(language=language, via=via, ip=ip)
    except Exception:
        job.file.delete(save=False)  # no job row: the stored file would be an orphan
        raise
    return job


# -- checking rows -------------------------------------------------------------------------
def _problem(layout: Layout | None, key: str | None, message, row: int | None = None) -> dict:
    return {
        "row": row,
        "column": layout.letter(key) if layout and key else "",
        "header": layout.header(key) if layout and key else "",
        "message": str(message),
    }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%d/%m/%Y}"
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


DATE_PATTERNS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def parse_day(value: Any) -> dt.date:
    """A date cell: an Excel date, or text as officials write it (18/05/2025)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2_958_466:
        # A date typed into a cell formatted as a number: Excel's day count.
        converted = from_excel(value)
        return converted.date() if isinstance(converted, dt.datetime) else converted
    text = _text(value)
    for pattern in DATE_PATTERNS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationFailed(_("Write the date as dd/mm/yyyy, for example 18/05/2025."), field="held_on")


def _forms() -> dict[str, str]:
    """Every way the file may write a form, normalised -> the form."""
    names = {}
    for value, label in Form.choices:
        names[fold(value)] = value
        names[fold(value.replace("_", " "))] = value
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names[fold(str(label))] = value
    return names


@dataclass
class CheckedRow:
    row: int
    values: dict
    attendees: list[Person] = field(default_factory=list)


@dataclass
class CheckResult:
    rows: list[CheckedRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    warnings: list[dict] = field(default_factory=list)
    warning_count: int = 0
    skipped: list[int] = field(default_factory=list)
    read: int = 0
    layout: Layout | None = None

    def error(self, problem: dict) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_MESSAGES:
            self.errors.append(problem)

    def warn(self, row: int | None, message) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_MESSAGES:
            self.warnings.append({"row": row, "message": str(message)})


class RowChecker:
    """Checks one row after another against the rules of services.record_activity.

    Lookups are cached for the whole file: units by code, kinds by name, the
    committee members of each committee on each day, topics by unit and year,
    and each unit's registered headcount.
    """

    def __init__(self, *, actor, within: Unit, layout: Layout):
        self.actor = actor
        self.within = within
        self.layout = layout
        # Only units the uploader may change, inside the job's unit: others are "unknown".
        self.scope = Unit.objects.in_subtree(within).visible_to(actor, Action.CHANGE)
        self.units: dict[str, Unit | None] = {}
        self.kinds = {fold(kind.name): kind for kind in ActivityKind.objects.all()}
        self.forms = _forms()
        self.members = CommitteeMembers()
        self.topics: dict[tuple[int, int], Any] = {}
        self.headcounts: dict[int, dict] = {}
        self.seen: dict[tuple, int] = {}

    # -- lookups
    def unit(self, code: str) -> Unit | None:
        if code not in self.units:
            self.units[code] = self.scope.filter(code=code).first()
        return self.units[code]

    def topic(self, unit: Unit, year: int):
        key = (unit.pk, year)
        if key not in self.topics:
            self.topics[key] = topic_for(unit, year)
        return self.topics[key]

    def headcount_warnings(self, unit: Unit, participants: int, party_members: int) -> list[str]:
        # services.headcount_warnings costs a query per call: ask it only when the
        # unit's headcount (read once per unit, the same way) says it has something to say.
        if unit.pk not in self.headcounts:
            self.headcounts[unit.pk] = Person.objects.in_subtree(unit).aggregate(
                people=Count("pk"), members=Count("pk", filter=Q(is_party_member=True))
            )
        counts = self.headcounts[unit.pk]
        over = (counts["people"] and participants > counts["people"]) or (
            counts["members"] and party_members > counts["members"]
        )
        return headcount_warnings(unit, participants, party_members) if over else []

    # -- one row
    def value(self, values: tuple, key: str) -> Any:
        position = self.layout.index.get(key)
        if position is None or position >= len(values):
            return None
        value = values[position]
        return value.strip() if isinstance(value, str) else value

    def check(self, number: int, values: tuple, result: CheckResult) -> None:
        get = {key: self.value(values, key) for key in COLUMN_BY_KEY}
        if all(is_blank(get[key]) for key in ENTERED):
            result.skipped.append(number)
            return
        problems: list[dict] = []

        def refuse(key, message):
            problems.append(_problem(self.layout, key, message, number))

        code = _text(get["unit"])
        unit = None
        if not code:
            refuse("unit", _("Enter the unit code (see the list sheet)."))
        else:
            unit = self.unit(code)
            if unit is None:
                refuse(
                    "unit",
                    _("No unit with the code “%(code)s” among the units of %(unit)s you may change.")
                    % {"code": code, "unit": self.within.name},
                )
        kind_name = _text(get["kind"])
        kind = self.kinds.get(fold_name(kind_name)) if kind_name else None
        if not kind_name:
            refuse("kind", _("Choose the kind of activity."))
        elif kind is None:
            refuse(
                "kind",
                _("Unknown activity kind “%(name)s”: choose one from the list sheet.") % {"name": kind_name},
            )
        day = None
        if is_blank(get["held_on"]):
            refuse("held_on", _("Enter a date."))
        else:
            try:
                day = parse_day(get["held_on"])
            except ValidationFailed as error:
                refuse("held_on", error.message)
        form_text = _text(get["form"])
        form = self.forms.get(fold_name(form_text), "") if form_text else Form.IN_PERSON
        if form in (Form.ONLINE, Form.HYBRID):
            refuse(
                "form",
                _(
                    "Online and hybrid conferences are not imported: enter them with their connection "
                    "points on the activity form."
                ),
            )
        elif not form:
            refuse(
                "form",
                _("Unknown form “%(form)s”: write “%(in_person)s” or leave the cell empty.")
                % {"form": form_text, "in_person": Form.IN_PERSON.label},
            )
        counts = {}
        for key in ("participants", "party_members"):
            try:
                counts[key] = parse_count(get[key], field=key)
            except ValidationFailed as error:
                refuse(key, error.message)
        if len(counts) == 2:
            try:
                check_attendance(counts["participants"], counts["party_members"])
            except ValidationFailed as error:
                refuse(error.field if error.field in COLUMN_BY_KEY else "party_members", error.message)
        attendees = []
        names = [part.strip() for part in SEPARATORS.split(_text(get["committee_attendees"])) if part.strip()]
        if names and unit is not None and day is not None:
            attendees = self.attendees(names, unit, day, kind, refuse)
        if problems:
            for problem in problems:
                result.error(problem)
            return

        values = {
            "unit": unit,
            "kind": kind,
            "held_on": day,
            "title": _text(get["title"]),
            "form": Form.IN_PERSON,
            "participants": counts["participants"],
            "party_members": counts["party_members"],
            "topic": self.topic(unit, day.year),
            "topic_content": _text(get["topic_content"]),
            "notes": _text(get["notes"]),
        }
        try:
            # The same checks as services.record_activity; attendees were checked
            # above against the cached list, with the same rule and message.
            # The period lock is checked for every row at once, after the loop (locked_rows).
            checked = check_activity(self.actor, values, points=[], attendees=[], check_lock=False)
        except DomainError as error:
            # A service names the field it refuses; the file's columns carry the same names.
            column = error.field if error.field in COLUMN_BY_KEY else None
            result.error(_problem(self.layout, column, error.message, number))
            return
        checked.values["created_by"] = self.actor
        # bulk_create skips Activity.save(), which keeps the folded title for search.
        checked.values["search_title"] = fold(checked.values["title"])
        result.rows.append(CheckedRow(row=number, values=checked.values, attendees=attendees))
        for message in self.headcount_warnings(unit, counts["participants"], counts["party_members"]):
            result.warn(number, message)
        key = (unit.pk, kind.pk, day, checked.values["search_title"])
        if key in self.seen:
            result.warn(
                number,
                _("The same activity as row %(row)s: check that it is not entered twice.")
                % {"row": self.seen[key]},
            )
        else:
            self.seen[key] = number

    def attendees(self, names: list[str], unit: Unit, day: dt.date, kind, refuse) -> list[Person]:
        if kind is not None and kind.category != Category.CELL_MEETING:
            refuse("committee_attendees", _("Committee members attending are recorded for cell meetings."))
            return []
        allowed = self.members.on(unit, day)
        by_name: dict[str, list[Person]] = {}
        for person in allowed.values():
            by_name.setdefault(fold(person.full_name), []).append(person)
        chosen: list[Person] = []
        for name in names:
            number = PERSON_ID.search(name)
            bare = PERSON_ID.sub("", name).strip()
            if number:
                person = allowed.get(int(number.group(1)))
                matches = [person] if person is not None else []
            else:
                matches = by_name.get(fold(bare), [])
            if len(matches) > 1:
                refuse(
                    "committee_attendees",
                    _(
                        "Several committee members are called %(name)s: write the number from the list "
                        "sheet, for example “%(example)s”."
                    )
                    % {"name": bare, "example": member_label(matches[0])},
                )
            elif not matches:
                refuse(
                    "committee_attendees",
                    _("%(name)s held no committee position above %(unit)s on %(day)s.")
                    % {"name": bare or name, "unit": unit.name, "day": format_date(day)},
                )
            elif matches[0] not in chosen:
                chosen.append(matches[0])
        return chosen


def locked_rows(rows: list[CheckedRow], layout: Layout | None) -> list[dict]:
    """A refusal naming the row and the report for every row an approved report
    locks; the locks of all the rows are read in one query."""
    locks = Locks((row.values["unit"], row.values["held_on"]) for row in rows)
    found = []
    for row in rows:
        unit, day = row.values["unit"], row.values["held_on"]
        why = locks.reason(unit, day)
        if why is not None:
            found.append(_problem(layout, "held_on", why, row.row))
    return found


class RowsLocked(ValidationFailed):
    """Rows of a file fell in an approved period while it was checked; `problems` names them."""

    def __init__(self, problems: list[dict]):
        super().__init__(problems[0]["message"], code="period_locked", field="held_on")
        self.problems = problems


def _warn_existing(rows: list[CheckedRow], result: CheckResult) -> None:
    """Rows that match an activity already recorded: most often a file imported twice."""
    if not rows:
        return
    units = {row.values["unit"].pk for row in rows}
    days = [row.values["held_on"] for row in rows]
    existing = set(
        Activity.objects.filter(
            unit_id__in=units, held_on__gte=min(days), held_on__lte=max(days)
        ).values_list("unit_id", "kind_id", "held_on", "search_title")
    )
    if not existing:
        return
    for row in rows:
        values = row.values
        if (values["unit"].pk, values["kind"].pk, values["held_on"], values["search_title"]) in existing:
            result.warn(
                row.row,
                _(
                    "%(unit)s already has this activity on %(day)s: check that the file was not "
                    "imported twice."
                )
                % {"unit": values["unit"].name, "day": format_date(values["held_on"])},
            )


def check_rows(job: ImportJob, actor, sheet, *, on_progress=None) -> CheckResult:
    """Check every row of `sheet`; nothing is written."""
    result = CheckResult()
    layout = result.layout = read_layout(sheet)
    # Read every row, whatever size the file declares for itself.
    sheet.reset_dimensions()
    checker = RowChecker(actor=actor, within=job.unit, layout=layout)
    limit = settings.IMPORT_MAX_ROWS
    for number, values in data_rows(sheet):
        result.read += 1
        if result.read > limit:
            result.error(
                _problem(
                    None,
                    None,
                    _("The file has more than %(max)s rows: split it into several files.")
                    % {"max": format_number(limit)},
                )
            )
            break
        checker.check(number, values, result)
        if on_progress and result.read % PROGRESS_EVERY == 0:
            on_progress(result.read)
    for problem in locked_rows(result.rows, layout):
        result.error(problem)
    if result.error_count:
        # Row order, whichever check found the problem (the lock's come after the loop).
        result.errors.sort(key=lambda problem: (problem["row"] is None, problem["row"] or 0))
    if not result.rows and not result.error_count:
        result.error(_problem(None, None, _("The file has no rows to import.")))
    if result.skipped and not result.error_count:
        shown = ", ".join(str(row) for row in result.skipped[:20])
        more = "…" if len(result.skipped) > 20 else ""
        result.warn(
            None,
            _("%(count)s rows without a date or figures were skipped (rows %(rows)s).")
            % {"count": format_number(len(result.skipped)), "rows": shown + more},
        )
    if not result.error_count:
        _warn_existing(result.rows, result)
    if result.error_count > len(result.errors):
        result.errors.append(
            _problem(
                None,
                None,
                _("… and %(count)s more errors.")
                % {"count": format_number(result.error_count - len(result.errors))},
            )
        )
    if result.warning_count > len(result.warnings):
        result.warnings.append(
            {
                "row": None,
                "message": str(
                    _("… and %(count)s more warnings.")
                    % {"count": format_number(result.warning_count - len(result.warnings))}
                ),
            }
        )
    return result


# -- writing -------------------------------------------------------------------------------
def id_ranges(ids: Iterable[int]) -> list[list[int]]:
    """[1, 2, 3, 7, 8] -> [[1, 3], [7, 8]]: which rows an import wrote, compactly."""
    ranges: list[list[int]] = []
    for pk in sorted(ids):
        if ranges and pk == ranges[-1][1] + 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    return ranges


def write_rows(job: ImportJob, actor, rows: list[CheckedRow], layout: Layout | None = None) -> list[Activity]:
    """Write every checked row in one transaction, with one audit event for the import.

    A report approved while the file was being checked locks its rows still:
    the lock is read again here, and RowsLocked writes nothing.
    """
    with transaction.atomic():
        locked = locked_rows(rows, layout)
        if locked:
            raise RowsLocked(locked)
        activities = [Activity(**row.values) for row in rows]
        Activity.objects.bulk_create(activities, batch_size=WRITE_BATCH)
        through = Activity.committee_attendees.through
        links = [
            through(activity_id=activity.pk, person_id=person.pk)
            for activity, row in zip(activities, rows, strict=True)
            for person in row.attendees
        ]
        through.objects.bulk_create(links, batch_size=WRITE_BATCH * 2)
        days = [activity.held_on for activity in activities]
        ImportJob.finish(
            job.pk,
            created_count=len(activities),
            checked_rows=job.total_rows,
            first_day=min(days),
            last_day=max(days),
        )
        audit.record(
            actor=actor,
            action="create",
            obj=job,
            unit=job.unit,
            after={
                "import": job.pk,
                "file": job.name,
                "activities": len(activities),
                "committee_attendees": len(links),
                "first_day": min(days),
                "last_day": max(days),
                # Which activities came from this import: their ids, as ranges.
                "activity_ids": id_ranges(activity.pk for activity in activities),
            },
            note=_("Imported from %(file)s") % {"file": job.name},
        )
    return activities


def _finish_failed(job_id: int, errors: list[dict], warnings: list[dict] | None = None) -> str:
    """Refuse the file with the problems of its rows."""
    return ImportJob.fail(job_id, errors=errors, warnings=warnings or [])


def _fail(job_id: int, message, warnings: list[dict] | None = None) -> str:
    """Refuse the whole file with one message (not about a row)."""
    return ImportJob.fail(job_id, message, warnings=warnings or [])


def run_import(job_id: int, *, language: str = "", via: str = "web", ip: str = "") -> str:
    """The background task's work: check every row, then write them all or fail with the list.

    Returns the job's final status.
    """
    # Claim the job: a task run twice (a retried worker) does nothing the second time.
    if not ImportJob.claim(job_id, checked_rows=0, progress=0):
        return ImportJob.current_status(job_id)
    job = ImportJob.objects.select_related("unit", "requested_by").get(pk=job_id)
    with translation.override(language or settings.LANGUAGE_CODE), audit.audit_context(via=via, ip=ip):
        actor = job.requested_by
        # Roles may have changed since the upload: the uploader must still be allowed.
        if actor is None or not actor.is_active or not access.can(actor, Action.CHANGE, job.unit):
            return _fail(
                job.pk, _("You may no longer import activities for %(unit)s.") % {"unit": job.unit.name}
            )

        def progress(count: int) -> None:
            job.checked_rows = count
            ImportJob.set_progress(job.pk, ImportJob.checked_share(count, job.total_rows), checked_rows=count)

        try:
            # Read into memory: openpyxl needs to seek, and a storage's file may not.
            with job.file.open("rb") as handle:
                workbook = open_workbook(io.BytesIO(handle.read()))
            try:
                result = check_rows(job, actor, data_sheet(workbook), on_progress=progress)
            finally:
                workbook.close()
        except DomainError as error:
            return _fail(job.pk, error.message)
        except Exception:
            logger.exception("Import job %s could not be checked", job.pk)
            return _fail(
                job.pk, _("The file could not be read to the end: check it in Excel and upload it again.")
            )
        if result.error_count:
            return _finish_failed(job.pk, result.errors, result.warnings)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.WRITING,
            progress=100 if result.read else 0,
            checked_rows=result.read,
            total_rows=result.read,
            warnings=result.warnings,
        )
        job.total_rows = result.read
        try:
            write_rows(job, actor, result.rows, result.layout)
        except RowsLocked as error:
            # A report was approved while the file was checked: the rows it locks, by row.
            problems = error.problems[:MAX_MESSAGES]
            if len(error.problems) > MAX_MESSAGES:
                more = len(error.problems) - MAX_MESSAGES
                problems.append(
                    _problem(None, None, _("… and %(count)s more errors.") % {"count": format_number(more)})
                )
            return _finish_failed(job.pk, problems, result.warnings)
        except Exception as error:
            # The write is one transaction: nothing of the file was kept.
            logger.exception("Import job %s could not be written", job.pk)
            if isinstance(error, DomainError):
                return _fail(job.pk, error.message, result.warnings)
            return _fail(
                job.pk,
                _("The rows could not be written; nothing was saved. Try again later."),
                result.warnings,
            )
    return ImportJob.Status.DONE


# The background half of start_import. The default queue is the database
# (`lamtheobac db_worker` works it); tests and LAMTHEOBAC_TASKS_IMMEDIATE=1 run
# the task at once, after the upload commits.
@task
def process_import(job_id: int, language: str = "", via: str = "web", ip: str = "") -> str:
    """Check every row of the job's file, then write them all or none; returns the final status."""
    return run_import(job_id, language=language, via=via, ip=ip)


# -- the bulk entry screen -------------------------------------------------------------------
class RowsRefused(ValidationFailed):
    """Some rows of a bulk entry were refused; none was saved. `rows` maps each to its error."""

    def __init__(self, rows: dict[Any, DomainError]):
        super().__init__(_("Nothing was saved: correct the rows marked below."), code="rows_refused")
        self.rows = rows


def record_many(*, actor, entries: list[tuple[Any, dict]]) -> list[Activity]:
    """Record every entry through services.record_activity, all or none.

    Every entry is tried, so that the clerk sees all the refusals at once; if
    any is refused the whole transaction is rolled back.
    """
    created, refused = [], {}
    with transaction.atomic():
        for key, values in entries:
            try:
                created.append(record_activity(actor=actor, **values))
            except DomainError as error:
                refused[key] = error
        if refused:
            transaction.set_rollback(True)
    if refused:
        raise RowsRefused(refused)
    return created
