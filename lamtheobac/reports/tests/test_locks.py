"""The period lock at every door: once the province approves Xã Đông Sơn's
report for the first quarter of 2025, no service, page, API call, bulk entry
or .xlsx import may change the commune's (or its cells') data dated in that
quarter. Each refusal names the report and changes nothing (rows and audit
trail); the same change in the next quarter goes through, and so does the
refused one once the report is reopened.

Settings that are not figures (the yearly topic, the attendance rule, the
assignments of committee members) stay open.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lamtheobac.activities import services as activity_services
from lamtheobac.activities.models import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    Category,
    ConnectionPoint,
    Form,
    ImportJob,
    Topic,
)
from lamtheobac.activities.services import PointInput, imports
from lamtheobac.activities.tests.imports import REGULAR, line, workbook_bytes, xlsx_upload
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.querysets import today
from lamtheobac.core.testing import ApiClient, make_user, table_state, web_client
from lamtheobac.initiatives import services as initiative_services
from lamtheobac.initiatives.models import (
    Adoption,
    Attachment,
    Criterion,
    Evaluation,
    Initiative,
    InitiativeField,
    Outcome,
    OutcomeMeasure,
    Recognition,
    ResultEntry,
    Score,
    Status,
    Transition,
)
from lamtheobac.reports import services as report_services
from lamtheobac.reports.models import Report

pytestmark = pytest.mark.django_db

D = dt.date
LOCKED_DAY = D(2025, 2, 3)  # in 2025-Q1, the approved quarter
NEXT_DAY = D(2025, 4, 3)  # in 2025-Q2, still open
BEFORE = D(2024, 11, 4)  # before the approved quarter
TITLE = "Báo cáo quý I/2025 của Đảng ủy xã Đông Sơn"
SIBLING_TITLE = "Báo cáo quý I/2025 của Đảng ủy xã Tây Hồ"
# How a lock names the commune's approved report: its period once, and its unit.
LOCKED_BY = "báo cáo quý I/2025 của Xã Đông Sơn"
ATTENDEES = Activity.committee_attendees.through
TABLES = (
    Activity,
    ConnectionPoint,
    ActivityAttachment,
    ATTENDEES,
    ImportJob,
    Topic,
    Initiative,
    Transition,
    Evaluation,
    Score,
    Recognition,
    Adoption,
    ResultEntry,
    Outcome,
    Attachment,
)
PDF = b"%PDF-1.7\n" + b"\x00" * 32


def everything() -> tuple:
    """Every row the doors could write, and the audit trail."""
    return (*(table_state(model) for model in TABLES), AuditEvent.objects.count())


def approve(world, unit, key: str, title: str) -> Report:
    """Start, submit and approve `unit`'s report through the services, as the province does."""
    period = report_services.period_for(key)
    report = report_services.start_report(actor=world.superuser, unit=unit, period=period, title=title)
    # A period still running is reported up to today (its cut-off), as an early report is.
    report_services.submit_report(report, actor=world.superuser, cutoff=min(period.end, today()))
    return report_services.approve_report(report, actor=world.province_approver)


def reopen(world, report: Report) -> None:
    report_services.reopen_report(report, actor=world.province_approver, reason="Bổ sung số liệu")


def refused_by_the_lock(call, report: Report):
    """`call` is refused for the period lock, naming `report`, and writes nothing."""
    before = everything()
    with pytest.raises(ValidationFailed) as caught:
        call()
    error = caught.value
    assert error.code == "period_locked"
    message = str(error.message)
    # The report's unit and its period, named once (the title would name the period twice).
    assert report.unit.name in message and message.count(report.period.label) == 1, message
    assert "đã khóa" in message or "khóa" in message, message  # said in Vietnamese
    assert everything() == before
    return error


def kind(category: str) -> ActivityKind:
    return ActivityKind.objects.filter(category=category, is_active=True).order_by("position").first()


def conference(world, unit, day, *, actor=None, **values) -> Activity:
    values.setdefault("participants", 40)
    values.setdefault("party_members", 20)
    return activity_services.record_activity(
        actor=actor or world.superuser,
        unit=unit,
        kind=kind(Category.CONFERENCE),
        held_on=day,
        title="Hội nghị học tập chuyên đề",
        **values,
    )


def online(world, organiser, day, hosts) -> Activity:
    points = [PointInput(unit=host, participants=30, party_members=10) for host in hosts]
    return conference(world, organiser, day, form=Form.ONLINE, points=points, participants=0, party_members=0)


def attach(world, activity) -> ActivityAttachment:
    upload = SimpleUploadedFile("bien-ban.pdf", PDF)
    return activity_services.add_attachment(activity, actor=world.superuser, upload=upload)


# -- initiatives, built through their services ----------------------------------------------
def register(world, on: dt.date, **extra) -> Initiative:
    return initiative_services.register_initiative(
        actor=world.editor,
        unit=world.commune,
        title="Ngày thứ bảy với dân",
        field=InitiativeField.objects.active().first(),
        year=on.year,
        registered_on=on,
        **extra,
    )


def scores():
    return [
        (criterion, Decimal(criterion.max_score) * Decimal("0.8")) for criterion in Criterion.objects.active()
    ]


def started(world) -> Initiative:
    initiative = register(world, BEFORE)
    initiative_services.take_step(initiative, actor=world.editor, step="start", on=D(2024, 11, 20))
    return initiative


def evaluated(world) -> Initiative:
    initiative = started(world)
    evaluate(world, initiative, D(2024, 12, 5))
    return initiative


def recognised(world) -> Initiative:
    initiative = evaluated(world)
    recognise(world, initiative, D(2024, 12, 20))
    return initiative


def evaluate(world, initiative, on):
    return initiative_services.evaluate(
        initiative, actor=world.admin, body="Ban Thường vụ Đảng ủy xã", held_on=on, scores=scores()
    )


def recognise(world, initiative, on):
    return initiative_services.recognise(
        initiative, actor=world.admin, level="commune", grade="pilot", on=on, body_unit=world.commune
    )


def adopt(world, initiative, on, unit=None):
    return initiative_services.adopt(
        initiative, actor=world.province_approver, unit=unit or world.sibling, adopted_on=on
    )


def measure() -> OutcomeMeasure:
    return OutcomeMeasure.objects.active().first()


@pytest.fixture
def q1(world):
    """Data of the commune and its cell in 2024, 2025-Q1 and 2025-Q2; then the commune's Q1 is approved."""
    data = SimpleNamespace(world=world)
    data.locked = conference(world, world.cell, LOCKED_DAY)
    data.next = conference(world, world.cell, NEXT_DAY)
    data.locked_online = online(world, world.commune, LOCKED_DAY, [world.commune, world.cell, world.province])
    data.next_online = online(world, world.commune, NEXT_DAY, [world.commune, world.cell, world.province])
    # Organised by the sibling commune (not locked), with a point in our (locked) cell.
    data.hosted = online(world, world.sibling, LOCKED_DAY, [world.sibling, world.cell])
    data.locked_file = attach(world, data.locked)
    data.next_file = attach(world, data.next)
    data.ini_locked = register(world, LOCKED_DAY)
    data.ini_next = register(world, NEXT_DAY)
    data.ini_before = register(world, BEFORE)
    data.ini_before_2 = register(world, BEFORE)
    data.result_locked = initiative_services.add_result(
        data.ini_before, actor=world.editor, on=LOCKED_DAY, text="Đã có 12 thôn làm theo"
    )
    data.result_next = initiative_services.add_result(
        data.ini_before, actor=world.editor, on=NEXT_DAY, text="Đã có 15 thôn làm theo"
    )
    data.outcome_locked = initiative_services.add_outcome(
        data.ini_before, actor=world.editor, measure=measure(), value="12", on=LOCKED_DAY
    )
    data.outcome_next = initiative_services.add_outcome(
        data.ini_before, actor=world.editor, measure=measure(), value="15", on=NEXT_DAY
    )
    data.report = approve(world, world.commune, "2025-Q1", TITLE)
    return data


# -- activities: the services ---------------------------------------------------------------------
class TestActivities:
    def test_recording_an_activity(self, q1):
        world = q1.world
        refused_by_the_lock(lambda: conference(world, world.cell, D(2025, 3, 30)), q1.report)
        refused_by_the_lock(lambda: conference(world, world.commune, D(2025, 1, 1)), q1.report)
        conference(world, world.cell, D(2025, 4, 1))
        conference(world, world.sibling_cell, D(2025, 3, 30))  # another commune's quarter is open
        conference(world, world.province, D(2025, 3, 30))  # so is the province's own
        reopen(world, q1.report)
        conference(world, world.cell, D(2025, 3, 30))

    def test_changing_an_activity(self, q1):
        world = q1.world
        refused_by_the_lock(
            lambda: activity_services.update_activity(q1.locked, actor=world.editor, title="Sửa"), q1.report
        )
        # Moving an open activity into the locked quarter, or a locked one out of it.
        refused_by_the_lock(
            lambda: activity_services.update_activity(q1.next, actor=world.editor, held_on=D(2025, 3, 1)),
            q1.report,
        )
        refused_by_the_lock(
            lambda: activity_services.update_activity(q1.locked, actor=world.editor, held_on=NEXT_DAY),
            q1.report,
        )
        activity_services.update_activity(q1.next, actor=world.editor, title="Sửa")
        reopen(world, q1.report)
        activity_services.update_activity(q1.locked, actor=world.editor, title="Sửa")
        assert Activity.objects.get(pk=q1.locked.pk).title == "Sửa"

    def test_moving_a_conference_whose_point_lies_in_a_locked_unit(self, q1):
        world = q1.world
        hosted_next = online(world, world.sibling, NEXT_DAY, [world.sibling, world.cell])
        refused_by_the_lock(
            lambda: activity_services.update_activity(
                hosted_next, actor=world.superuser, held_on=D(2025, 3, 3)
            ),
            q1.report,
        )
        activity_services.update_activity(hosted_next, actor=world.superuser, held_on=D(2025, 4, 4))

    def test_removing_an_activity(self, q1):
        world = q1.world
        refused_by_the_lock(
            lambda: activity_services.remove_activity(q1.locked, actor=world.editor, reason="Trùng"),
            q1.report,
        )
        # A conference of an open commune with a point in our locked cell.
        refused_by_the_lock(
            lambda: activity_services.remove_activity(q1.hosted, actor=world.superuser), q1.report
        )
        activity_services.remove_activity(q1.next, actor=world.editor, reason="Trùng")
        reopen(world, q1.report)
        activity_services.remove_activity(q1.locked, actor=world.editor, reason="Trùng")
        assert not Activity.objects.filter(pk__in=[q1.locked.pk, q1.next.pk]).exists()

    def test_adding_a_connection_point(self, q1):
        world = q1.world

        def add(activity, unit):
            return lambda: activity_services.add_point(
                activity, actor=world.superuser, unit=unit, participants=5, party_members=1
            )

        refused_by_the_lock(
            add(q1.locked_online, world.sibling), q1.report
        )  # the organiser's quarter is locked
        refused_by_the_lock(add(q1.hosted, world.commune), q1.report)  # the host's is
        add(q1.next_online, world.sibling)()
        reopen(world, q1.report)
        add(q1.locked_online, world.sibling)()
        add(q1.hosted, world.commune)()

    def test_correcting_a_connection_point(self, q1):
        world = q1.world
        organised = q1.locked_online.points.get(unit=world.province)
        hosted = q1.hosted.points.get(unit=world.cell)
        open_point = q1.next_online.points.get(unit=world.province)
        for point in (organised, hosted):
            refused_by_the_lock(
                lambda point=point: activity_services.update_point(
                    point, actor=world.superuser, participants=29
                ),
                q1.report,
            )
        activity_services.update_point(open_point, actor=world.superuser, participants=29)
        reopen(world, q1.report)
        activity_services.update_point(organised, actor=world.superuser, participants=29)
        activity_services.update_point(hosted, actor=world.superuser, participants=29)
        assert Activity.objects.get(pk=q1.hosted.pk).participants == 59

    def test_removing_a_connection_point(self, q1):
        world = q1.world
        organised = q1.locked_online.points.get(unit=world.province)
        hosted = q1.hosted.points.get(unit=world.cell)
        refused_by_the_lock(
            lambda: activity_services.remove_point(organised, actor=world.superuser), q1.report
        )
        refused_by_the_lock(lambda: activity_services.remove_point(hosted, actor=world.superuser), q1.report)
        activity_services.remove_point(q1.next_online.points.get(unit=world.province), actor=world.superuser)
        reopen(world, q1.report)
        activity_services.remove_point(organised, actor=world.superuser)
        activity_services.remove_point(hosted, actor=world.superuser)

    def test_adding_and_removing_an_attachment(self, q1, django_capture_on_commit_callbacks):
        world = q1.world
        refused_by_the_lock(lambda: attach(world, q1.locked), q1.report)
        refused_by_the_lock(
            lambda: activity_services.remove_attachment(q1.locked_file, actor=world.superuser), q1.report
        )
        attach(world, q1.next)
        activity_services.remove_attachment(q1.next_file, actor=world.superuser)
        reopen(world, q1.report)
        attach(world, q1.locked)
        activity_services.remove_attachment(q1.locked_file, actor=world.superuser)

    def test_a_cell_report_locks_the_cell_and_not_the_commune_above_it(self, world):
        cell_report = approve_cell(world)
        refused_by_the_lock(lambda: conference(world, world.cell, LOCKED_DAY), cell_report)
        conference(world, world.commune, LOCKED_DAY)  # the commune's own rows are not the cell's report
        conference(world, world.cell, NEXT_DAY)


def approve_cell(world) -> Report:
    approver = make_user("xa_duyet", unit=world.commune, kind="approver")
    period = report_services.period_for("2025-Q1")
    report = report_services.start_report(
        actor=world.superuser, unit=world.cell, period=period, title="Báo cáo quý I/2025 của Chi bộ thôn Một"
    )
    report_services.submit_report(report, actor=world.superuser)
    return report_services.approve_report(report, actor=approver)


# -- activities: the page, the API, the bulk entry ------------------------------------------------
class TestActivityDoors:
    def test_the_delete_page_shows_the_lock_on_the_form_and_keeps_the_activity(self, q1):
        world = q1.world
        before = everything()
        response = web_client(world.editor).post(f"/activities/{q1.locked.pk}/delete/", {"reason": "Trùng"})
        assert response.status_code == 200
        assert LOCKED_BY in str(response.context["form"].non_field_errors())
        assert everything() == before
        response = web_client(world.editor).post(f"/activities/{q1.next.pk}/delete/", {"reason": "Trùng"})
        assert response.status_code == 302
        reopen(world, q1.report)
        response = web_client(world.editor).post(f"/activities/{q1.locked.pk}/delete/", {"reason": "Trùng"})
        assert response.status_code == 302
        assert not Activity.objects.filter(pk=q1.locked.pk).exists()

    def test_the_api_answers_400_with_the_lock(self, q1):
        world = q1.world
        api = ApiClient(world.editor)
        before = everything()
        response = api.patch(f"/api/v1/activities/{q1.locked.pk}", {"participants": 41})
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "period_locked" and LOCKED_BY in body["message"]
        assert everything() == before
        assert api.patch(f"/api/v1/activities/{q1.next.pk}", {"participants": 41}).status_code == 200
        reopen(world, q1.report)
        assert api.patch(f"/api/v1/activities/{q1.locked.pk}", {"participants": 41}).status_code == 200

    def test_the_bulk_entry_marks_the_locked_cell_and_saves_nothing(self, q1):
        world = q1.world
        client = web_client(world.editor)

        def post(month: str, day: str):
            prefix = f"c{world.cell.pk}-"
            data = {
                prefix + "held_on": day,
                prefix + "kind": ActivityKind.objects.get(name=REGULAR).pk,
                prefix + "title": "Sinh hoạt chi bộ",
                prefix + "participants": "18",
                prefix + "party_members": "12",
            }
            return client.post(f"/activities/bulk/?unit={world.commune.pk}&month={month}", data)

        before = everything()
        response = post("2025-03", "2025-03-12")
        assert response.status_code == 200
        (row,) = [row for row in response.context["rows"] if row["cell"] == world.cell]
        assert LOCKED_BY in str(row["form"].errors)
        assert everything() == before
        assert post("2025-04", "2025-04-12").status_code == 302
        reopen(world, q1.report)
        assert post("2025-03", "2025-03-12").status_code == 302
        assert Activity.objects.filter(unit=world.cell, held_on=D(2025, 3, 12)).count() == 1


# -- the .xlsx import -----------------------------------------------------------------------------
def run_import(world, rows, capture) -> ImportJob:
    with capture(execute=True):
        response = web_client(world.editor).post(
            "/activities/import/",
            {"unit": world.commune.pk, "file": xlsx_upload(workbook_bytes(rows), "hoat-dong.xlsx")},
        )
    assert response.status_code == 302, response.content.decode()[:1000]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


class TestImport:
    def test_a_file_with_a_locked_row_is_refused_whole_naming_the_row_and_the_report(
        self, q1, django_capture_on_commit_callbacks
    ):
        world = q1.world
        rows = [
            line("X1-C1", day="05/04/2025"),
            line("X1-C1", day="18/03/2025"),
            line("X1", day="06/04/2025"),
        ]
        before = table_state(Activity), AuditEvent.objects.filter(object_type="activities.importjob").count()
        job = run_import(world, rows, django_capture_on_commit_callbacks)
        assert job.status == ImportJob.Status.FAILED
        assert [(error["row"], error["column"]) for error in job.errors] == [(3, "D")]
        assert LOCKED_BY in job.errors[0]["message"] and "18/3/2025" in job.errors[0]["message"]
        assert (table_state(Activity), 0) == (before[0], before[1])
        # The next quarter imports; after the reopening the whole file does.
        job = run_import(world, [rows[0], rows[2]], django_capture_on_commit_callbacks)
        assert (job.status, job.created_count) == (ImportJob.Status.DONE, 2)
        reopen(world, q1.report)
        job = run_import(world, rows, django_capture_on_commit_callbacks)
        assert (job.status, job.created_count) == (ImportJob.Status.DONE, 3)

    def test_locked_rows_are_listed_in_row_order_with_the_other_errors(
        self, q1, django_capture_on_commit_callbacks
    ):
        world = q1.world
        rows = [
            line("X1-C1", day="18/03/2025"),
            line("X1-C1", day="18/04/2025", participants=-1),
            line("X1", day="01/01/2025"),
        ]
        job = run_import(world, rows, django_capture_on_commit_callbacks)
        assert job.status == ImportJob.Status.FAILED
        assert [error["row"] for error in job.errors] == [2, 3, 4]
        assert LOCKED_BY in job.errors[0]["message"] and LOCKED_BY in job.errors[2]["message"]

    def test_a_report_approved_while_the_file_was_checked_still_stops_the_write(
        self, world, monkeypatch, django_capture_on_commit_callbacks
    ):
        checked = imports.check_rows
        approved = {}

        def check_then_approve(*args, **kwargs):
            result = checked(*args, **kwargs)
            approved["report"] = approve(world, world.commune, "2025-Q1", TITLE)
            return result

        monkeypatch.setattr(imports, "check_rows", check_then_approve)
        rows = [line("X1-C1", day="05/04/2025"), line("X1-C1", day="18/03/2025")]
        job = run_import(world, rows, django_capture_on_commit_callbacks)
        assert job.status == ImportJob.Status.FAILED
        assert [(error["row"], error["column"]) for error in job.errors] == [(3, "D")]
        assert LOCKED_BY in job.errors[0]["message"]
        assert not Activity.objects.exists()
        assert not AuditEvent.objects.filter(object_type="activities.importjob").exists()

    def test_the_lock_of_all_rows_costs_the_same_queries_for_five_rows_or_fifty(
        self, q1, django_capture_on_commit_callbacks
    ):
        world = q1.world
        approve(world, world.sibling, "2025-Q2", SIBLING_TITLE)  # more reports to look through

        def queries(count: int) -> int:
            rows = [line("X1-C1", day=f"{10 + index % 15:02d}/04/2025") for index in range(count)]
            with CaptureQueriesContext(connection) as context:
                job = run_import(world, rows, django_capture_on_commit_callbacks)
            assert (job.status, job.created_count) == (ImportJob.Status.DONE, count)
            return len(context)

        assert queries(5) == queries(50)


# -- initiatives ----------------------------------------------------------------------------------
class TestInitiatives:
    def test_registering(self, q1):
        world = q1.world
        refused_by_the_lock(lambda: register(world, D(2025, 3, 1)), q1.report)
        refused_by_the_lock(lambda: register(world, NEXT_DAY, start_date=D(2025, 3, 1)), q1.report)
        register(world, NEXT_DAY, start_date=BEFORE)
        reopen(world, q1.report)
        register(world, D(2025, 3, 1))

    def test_editing(self, q1):
        world = q1.world
        update = initiative_services.update_initiative
        refused_by_the_lock(lambda: update(q1.ini_locked, actor=world.editor, title="Tên mới"), q1.report)
        refused_by_the_lock(
            lambda: update(q1.ini_next, actor=world.editor, start_date=D(2025, 3, 1)), q1.report
        )
        update(q1.ini_next, actor=world.editor, title="Tên mới", start_date=NEXT_DAY)
        reopen(world, q1.report)
        update(q1.ini_locked, actor=world.editor, title="Tên mới")
        assert Initiative.objects.get(pk=q1.ini_locked.pk).title == "Tên mới"

    def test_a_step(self, q1):
        world = q1.world
        step = initiative_services.take_step
        refused_by_the_lock(
            lambda: step(q1.ini_before, actor=world.editor, step="start", on=D(2025, 3, 1)), q1.report
        )
        step(q1.ini_before_2, actor=world.editor, step="start", on=NEXT_DAY)
        reopen(world, q1.report)
        step(q1.ini_before, actor=world.editor, step="start", on=D(2025, 3, 1))

    def test_an_evaluation(self, world):
        first, second = started(world), started(world)
        report = approve(world, world.commune, "2025-Q1", TITLE)
        refused_by_the_lock(lambda: evaluate(world, first, LOCKED_DAY), report)
        evaluate(world, second, NEXT_DAY)
        reopen(world, report)
        evaluate(world, first, LOCKED_DAY)
        assert Initiative.objects.get(pk=first.pk).status == Status.EVALUATED

    def test_a_recognition(self, world):
        first, second = evaluated(world), evaluated(world)
        report = approve(world, world.commune, "2025-Q1", TITLE)
        refused_by_the_lock(lambda: recognise(world, first, LOCKED_DAY), report)
        recognise(world, second, NEXT_DAY)
        reopen(world, report)
        recognise(world, first, LOCKED_DAY)

    def test_an_adoption_is_locked_by_the_adopting_unit(self, world):
        first, second = recognised(world), recognised(world)
        report = approve(world, world.sibling, "2025-Q1", SIBLING_TITLE)
        refused_by_the_lock(lambda: adopt(world, first, LOCKED_DAY), report)
        adopt(world, second, NEXT_DAY)
        reopen(world, report)
        adoption = adopt(world, first, LOCKED_DAY)
        # Removing it is locked again once the sibling's quarter is approved again.
        report_services.submit_report(report, actor=world.superuser)
        report_services.approve_report(report, actor=world.province_approver)
        remove = initiative_services.remove_adoption
        refused_by_the_lock(lambda: remove(adoption, actor=world.province_approver, reason="Nhầm"), report)
        remove(Adoption.objects.get(initiative=second), actor=world.province_approver, reason="Nhầm")
        reopen(world, report)
        remove(adoption, actor=world.province_approver, reason="Nhầm")

    def test_the_owners_locked_quarter_does_not_stop_another_unit_adopting(self, world):
        initiative = recognised(world)
        approve(world, world.commune, "2025-Q1", TITLE)
        adoption = adopt(world, initiative, LOCKED_DAY)
        assert adoption.unit == world.sibling
        assert Initiative.objects.get(pk=initiative.pk).status == Status.REPLICATED

    def test_results(self, q1):
        world = q1.world
        add, remove = initiative_services.add_result, initiative_services.remove_result
        refused_by_the_lock(
            lambda: add(q1.ini_before, actor=world.editor, on=D(2025, 3, 1), text="Kết quả"), q1.report
        )
        refused_by_the_lock(lambda: remove(q1.result_locked, actor=world.editor), q1.report)
        add(q1.ini_before, actor=world.editor, on=NEXT_DAY, text="Kết quả")
        remove(q1.result_next, actor=world.editor)
        reopen(world, q1.report)
        add(q1.ini_before, actor=world.editor, on=D(2025, 3, 1), text="Kết quả")
        remove(q1.result_locked, actor=world.editor)

    def test_outcomes(self, q1):
        world = q1.world
        add, remove = initiative_services.add_outcome, initiative_services.remove_outcome

        def add_on(day):
            return lambda: add(q1.ini_before, actor=world.editor, measure=measure(), value="3", on=day)

        refused_by_the_lock(add_on(D(2025, 3, 1)), q1.report)
        refused_by_the_lock(lambda: remove(q1.outcome_locked, actor=world.editor), q1.report)
        add_on(NEXT_DAY)()
        remove(q1.outcome_next, actor=world.editor)
        reopen(world, q1.report)
        add_on(D(2025, 3, 1))()
        remove(q1.outcome_locked, actor=world.editor)

    def test_attachments_are_locked_while_today_lies_in_an_approved_period(
        self, q1, django_capture_on_commit_callbacks
    ):
        world = q1.world

        def add():
            upload = SimpleUploadedFile("anh.pdf", PDF)
            return initiative_services.add_attachment(q1.ini_locked, actor=world.editor, upload=upload)

        # Registered in the approved quarter, but today is not in it: its files stay open.
        kept = add()
        this_month = today().strftime("%Y-%m")
        report = approve(world, world.commune, this_month, "Báo cáo tháng này của Đảng ủy xã Đông Sơn")
        refused_by_the_lock(add, report)
        refused_by_the_lock(lambda: initiative_services.remove_attachment(kept, actor=world.editor), report)
        reopen(world, report)
        add()
        initiative_services.remove_attachment(kept, actor=world.editor)

    def test_the_result_page_and_the_api_refuse_with_the_report(self, q1):
        world = q1.world
        url = f"/initiatives/{q1.ini_before.pk}/results/new/"
        before = everything()
        response = web_client(world.editor).post(url, {"on": "2025-03-01", "text": "Kết quả"})
        assert response.status_code == 200
        assert LOCKED_BY in str(response.context["form"].errors)
        api = ApiClient(world.editor)
        response = api.post(
            f"/api/v1/initiatives/{q1.ini_before.pk}/results", {"on": "2025-03-01", "text": "Kết quả"}
        )
        assert response.status_code == 400
        assert response.json()["code"] == "period_locked" and LOCKED_BY in response.json()["message"]
        assert everything() == before
        assert web_client(world.editor).post(url, {"on": "2025-04-01", "text": "Kết quả"}).status_code == 302
        reopen(world, q1.report)
        response = api.post(
            f"/api/v1/initiatives/{q1.ini_before.pk}/results", {"on": "2025-03-01", "text": "Kết quả"}
        )
        assert response.status_code == 201


# -- settings are not figures -----------------------------------------------------------------------
def test_topics_rules_and_assignments_stay_open_in_a_locked_period(q1):
    world = q1.world
    topic = activity_services.set_topic(
        actor=world.admin, unit=world.commune, year=2025, title="Chuyên đề 2025"
    )
    activity_services.update_topic(topic, actor=world.admin, title="Chuyên đề năm 2025")
    activity_services.save_rule(actor=world.admin, unit=world.commune, times=2, per="month")
    assert Topic.objects.filter(unit=world.commune, year=2025).exists()


# -- the remove buttons of the pages --------------------------------------------------------------
def test_the_remove_buttons_answer_400_with_the_lock_and_keep_the_rows(
    q1, django_capture_on_commit_callbacks
):
    world = q1.world
    client = web_client(world.superuser)
    before = everything()
    for url in (
        f"/activities/attachments/{q1.locked_file.pk}/remove/",
        f"/initiatives/results/{q1.result_locked.pk}/remove/",
        f"/initiatives/outcomes/{q1.outcome_locked.pk}/remove/",
    ):
        response = client.post(url)
        assert response.status_code == 400, url
        assert LOCKED_BY in response.content.decode(), url
    assert everything() == before
    assert client.post(f"/activities/attachments/{q1.next_file.pk}/remove/").status_code == 302
    assert client.post(f"/initiatives/results/{q1.result_next.pk}/remove/").status_code == 302
    reopen(world, q1.report)
    assert client.post(f"/initiatives/outcomes/{q1.outcome_locked.pk}/remove/").status_code == 302
