"""Our commune's rows named in a query string or a body of the activities pages
and API (a unit to filter on or to record in, a topic studied, a committee member
attending, a host unit, a cell of the bulk screen or of an import file): the
other commune that names them learns nothing of them and writes nothing."""

import datetime as dt

import pytest

from lamtheobac.activities.models import (
    Activity,
    ActivityKind,
    Assignment,
    AttendanceRule,
    ConnectionPoint,
    Form,
    ImportJob,
    Topic,
)
from lamtheobac.core.testing import ApiClient, Attempt, ReferenceContract, state, web_client
from lamtheobac.people.models import Person, Position

from .imports import line, workbook_bytes, xlsx_upload

API = "/api/v1"
ON = dt.date(2025, 3, 10)
CONFERENCE = "Hội nghị học tập, quán triệt"
MEETING = "Sinh hoạt chi bộ định kỳ"
TOPIC = "Chuyên đề riêng của Đông Sơn 4711"
TITLE = "Hội nghị riêng của Đông Sơn 4711"
MEMBER = "Trần Văn Ủy Riêng"
THROUGH = Activity.committee_attendees.through


def kind(name: str) -> ActivityKind:
    return ActivityKind.objects.get(name=name)


def committee_member(unit, cell) -> Person:
    """A member of `unit`'s committee since 2020, registered in `cell`."""
    person = Person.objects.create(unit=cell, full_name=MEMBER, is_party_member=True)
    Position.objects.create(person=person, unit=unit, kind="committee_member", start_date=dt.date(2020, 1, 1))
    return person


def activity_in(unit, title, **values) -> Activity:
    values = {"kind": kind(CONFERENCE), "held_on": ON, "participants": 40, **values}
    return Activity.objects.create(unit=unit, title=title, **values)


def ours(world) -> dict:
    """Our commune's topic, conference (on the topic, online, with a point at the
    commune) and committee member following our cell; and the sibling's conference."""
    topic = Topic.objects.create(unit=world.commune, year=2025, title=TOPIC)
    conference = activity_in(world.commune, TITLE, topic=topic, form=Form.ONLINE)
    ConnectionPoint.objects.create(activity=conference, unit=world.commune, participants=40)
    member = committee_member(world.commune, world.cell)
    Assignment.objects.create(
        person=member, unit=world.cell, start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 6, 30)
    )
    theirs = activity_in(world.sibling, "Hội nghị của xã bên", form=Form.ONLINE)
    ConnectionPoint.objects.create(activity=theirs, unit=world.sibling, participants=10)
    return {"topic": topic, "conference": conference, "member": member, "theirs": theirs}


def page_form(unit, **values) -> dict:
    return {
        "unit": unit.pk,
        "kind": kind(CONFERENCE).pk,
        "held_on": ON.isoformat(),
        "title": "Hội nghị lạ",
        "form": "in_person",
        "participants": "10",
        "party_members": "1",
        "topic": "",
        "points-TOTAL_FORMS": "0",
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "1000",
        **values,
    }


def with_point(data: dict, host) -> dict:
    return {
        **data,
        "form": "online",
        "points-TOTAL_FORMS": "1",
        "points-0-unit": host.pk,
        "points-0-participants": "5",
        "points-0-party_members": "1",
    }


def api_body(unit, **values) -> dict:
    return {
        "unit": unit.pk,
        "kind": kind(CONFERENCE).pk,
        "held_on": ON.isoformat(),
        "title": "Hội nghị lạ",
        **values,
    }


def meeting_body(cell, member) -> dict:
    return api_body(cell, kind=kind(MEETING).pk, committee_attendees=[member.pk])


class TestActivityReferences(ReferenceContract):
    """Activities and their points: a unit, a topic, a committee member or a host named."""

    models = (Activity, ConnectionPoint, THROUGH)
    covers = (
        "activities/",
        "activities/month/",
        "activities/new/",
        "activities/<int:pk>/edit/",
        "activities/<int:pk>/points/new/",
        "api/v1/activities",
        "api/v1/activities/<id:activity_id>",
        "api/v1/activities/<id:activity_id>/points",
        "api/v1/activity-points",
    )

    def make(self, world):
        return ours(world)

    def marker(self, made):
        return TITLE

    def attempts(self, world, made):
        topic, member, mine, theirs = made["topic"], made["member"], made["conference"], made["theirs"]
        cell, sibling, sibling_cell = world.cell, world.sibling, world.sibling_cell
        return [
            Attempt.page("get", f"/activities/?unit={world.commune.pk}"),
            Attempt.page("get", f"/activities/?topic={topic.pk}"),
            Attempt.page("get", f"/activities/month/?month=2025-03&unit={world.commune.pk}"),
            # The form, reloaded for a unit: it offers that unit's topics and committee members.
            Attempt.page("get", f"/activities/new/?unit={cell.pk}&held_on=2025-03-10", marker=TOPIC),
            Attempt.page("get", f"/activities/new/?unit={cell.pk}&held_on=2025-03-10", marker=MEMBER),
            Attempt.page(
                "post",
                "/activities/new/",
                page_form(sibling, topic=topic.pk),
                own_data=page_form(world.commune, topic=topic.pk),
            ),
            Attempt.page(
                "post",
                "/activities/new/",
                page_form(sibling_cell, kind=kind(MEETING).pk, committee_attendees=[member.pk]),
                own_data=page_form(cell, kind=kind(MEETING).pk, committee_attendees=[member.pk]),
            ),
            Attempt.page(
                "post",
                "/activities/new/",
                with_point(page_form(sibling), cell),
                own_data=with_point(page_form(world.commune), cell),
            ),
            Attempt.page(
                "post",
                f"/activities/{theirs.pk}/edit/",
                page_form(sibling, topic=topic.pk, title=theirs.title),
                own_url=f"/activities/{mine.pk}/edit/",
                own_data=page_form(world.commune, topic=topic.pk, title=TITLE + " (sửa)", form="online"),
            ),
            Attempt.page(
                "post",
                f"/activities/{theirs.pk}/points/new/",
                {"unit": cell.pk, "participants": "5", "party_members": "1"},
                own_url=f"/activities/{mine.pk}/points/new/",
            ),
            Attempt.call("get", f"{API}/activities?unit={world.commune.pk}&limit=500"),
            Attempt.call("get", f"{API}/activities?topic={topic.pk}&limit=500"),
            Attempt.call(
                "post",
                f"{API}/activities",
                api_body(sibling, topic=topic.pk),
                own_data=api_body(world.commune, topic=topic.pk),
            ),
            Attempt.call(
                "post",
                f"{API}/activities",
                meeting_body(sibling_cell, member),
                own_data=meeting_body(cell, member),
            ),
            Attempt.call(
                "post",
                f"{API}/activities",
                api_body(sibling, form="online", points=[{"unit": cell.pk, "participants": 5}]),
                own_data=api_body(
                    world.commune, form="online", points=[{"unit": cell.pk, "participants": 5}]
                ),
            ),
            Attempt.call(
                "patch",
                f"{API}/activities/{theirs.pk}",
                {"topic": topic.pk},
                own_url=f"{API}/activities/{mine.pk}",
                own_data={"topic": None},
            ),
            Attempt.call(
                "post",
                f"{API}/activities/{theirs.pk}/points",
                {"unit": cell.pk, "participants": 5},
                own_url=f"{API}/activities/{mine.pk}/points",
            ),
            Attempt.call(
                "get", f"{API}/activity-points?unit={world.commune.pk}&limit=500", marker=world.commune.name
            ),
            Attempt.call(
                "get", f"{API}/activity-points?activity={mine.pk}&limit=500", marker=world.commune.name
            ),
        ]


class TestTopicReferences(ReferenceContract):
    """Yearly topics: the unit they are set for, listed, set or asked which holds."""

    models = (Topic,)
    covers = (
        "activities/topics/",
        "activities/topics/new/",
        "api/v1/topics",
        "api/v1/topics/for-unit",
    )

    def make(self, world):
        return Topic.objects.create(unit=world.commune, year=2025, title=TOPIC)

    def marker(self, made):
        return TOPIC

    def attempts(self, world, made):
        new = {"unit": world.commune.pk, "year": 2026, "title": "Chuyên đề lạ"}
        return [
            Attempt.page("get", f"/activities/topics/?unit={world.commune.pk}"),
            Attempt.page("get", f"/activities/topics/new/?unit={world.commune.pk}", shows=False),
            Attempt.page("post", f"/activities/topics/new/?unit={world.commune.pk}", new),
            Attempt.call("get", f"{API}/topics?unit={world.commune.pk}&limit=500"),
            Attempt.call("get", f"{API}/topics/for-unit?unit={world.cell.pk}&year=2025"),
            Attempt.call("post", f"{API}/topics", new),
        ]


class TestAssignmentReferences(ReferenceContract):
    """Committee members following our cells: a cell, a member or a unit named in
    the assignments, the compliance with the attendance rule and the figures."""

    models = (Assignment,)
    covers = (
        "activities/assignments/",
        "activities/assignments/new/",
        "activities/compliance/",
        "activities/figures/",
        "api/v1/assignments",
        "api/v1/activities/compliance",
        "api/v1/activities/figures",
    )

    def make(self, world):
        return ours(world)

    def marker(self, made):
        return MEMBER

    def attempts(self, world, made):
        member, commune, cell = made["member"], world.commune.pk, world.cell.pk
        later = {"start_date": "2025-08-01", "person": member.pk}
        figures = {"marker": world.commune.name}
        return [
            Attempt.page("get", f"/activities/assignments/?unit={commune}"),
            Attempt.page("get", f"/activities/assignments/new/?unit={cell}&start_date=2025-08-01"),
            Attempt.page(
                "get",
                f"/activities/assignments/new/?within={commune}&start_date=2025-08-01",
                marker=world.cell.name,
            ),
            # Our member named as the one chosen, for their own cell.
            Attempt.page(
                "get",
                f"/activities/assignments/new/?unit={world.sibling_cell.pk}&person={member.pk}&start_date=2025-08-01",
                own_url=f"/activities/assignments/new/?unit={cell}&person={member.pk}&start_date=2025-08-01",
            ),
            Attempt.page(
                "post",
                "/activities/assignments/new/",
                {**later, "unit": world.sibling_cell.pk},
                own_data={**later, "unit": cell},
            ),
            Attempt.page("get", f"/activities/compliance/?unit={commune}&period=2025-03"),
            Attempt.page("get", f"/activities/figures/?unit={commune}&period=2025", **figures),
            Attempt.call("get", f"{API}/assignments?unit={commune}&limit=500"),
            Attempt.call("get", f"{API}/assignments?person={member.pk}&limit=500"),
            Attempt.call(
                "post",
                f"{API}/assignments",
                {**later, "unit": world.sibling_cell.pk},
                own_data={**later, "unit": cell},
            ),
            Attempt.call("get", f"{API}/activities/compliance?unit={commune}&period=2025-03"),
            Attempt.call("get", f"{API}/activities/figures?unit={commune}&period=2025", **figures),
        ]


class TestAttendanceRuleReferences(ReferenceContract):
    """Attendance rules are a unit admin's: the other commune's admin names ours."""

    owner_attr = "admin"
    outsider_attr = "outsider_admin"
    models = (AttendanceRule,)
    covers = (
        "activities/rules/",
        "activities/rules/new/",
        "api/v1/attendance-rules",
        "api/v1/attendance-rules/for-unit",
    )

    def make(self, world):
        return AttendanceRule.objects.create(
            unit=world.commune, times=5, per="quarter", note="Quy định riêng 4711"
        )

    def marker(self, made):
        return made.note

    def attempts(self, world, made):
        commune, rule = world.commune.pk, {"unit": world.commune.pk, "times": 9, "per": "year"}
        return [
            Attempt.page("get", f"/activities/rules/?unit={commune}", marker=world.commune.name),
            Attempt.page("get", f"/activities/rules/new/?unit={commune}"),
            Attempt.page("post", f"/activities/rules/new/?unit={commune}", rule),
            Attempt.page("post", "/activities/rules/new/", rule),
            Attempt.call("get", f"{API}/attendance-rules?unit={commune}&limit=500"),
            Attempt.call("get", f"{API}/attendance-rules/for-unit?unit={world.cell.pk}", marker='"times": 5'),
            Attempt.call("post", f"{API}/attendance-rules", rule),
        ]


def rows_for(cell) -> bytes:
    return workbook_bytes([line(cell.code, name=cell.name, title="Sinh hoạt chi bộ tháng 3/2025")])


class TestImportReferences(ReferenceContract):
    """The bulk screen, the template and the upload: our cells named by unit or by code."""

    models = (Activity, ImportJob)
    covers = (
        "activities/bulk/",
        "activities/import/",
        "activities/import/template.xlsx",
        "api/v1/activity-imports",
        "api/v1/activity-imports/template",
    )

    def make(self, world):
        return world.cell

    def marker(self, made):
        return made.name

    def attempts(self, world, made):
        where = f"unit={world.commune.pk}&month=2025-03"
        row = {
            f"c{made.pk}-{name}": value
            for name, value in {
                "held_on": "2025-03-12",
                "kind": kind(MEETING).pk,
                "title": "Sinh hoạt chi bộ tháng 3/2025",
                "participants": "18",
                "party_members": "12",
            }.items()
        }
        return [
            Attempt.page("get", f"/activities/bulk/?{where}"),
            Attempt.page("post", f"/activities/bulk/?{where}", row),
            Attempt.page("get", f"/activities/import/template.xlsx?{where}"),
            Attempt.page("get", f"/activities/import/?unit={world.commune.pk}", marker=world.commune.name),
            Attempt.page(
                "post", "/activities/import/", {"unit": world.commune.pk, "file": xlsx_upload(rows_for(made))}
            ),
            Attempt.call("get", f"{API}/activity-imports/template?{where}"),
            Attempt.call(
                "post",
                f"{API}/activity-imports",
                {"unit": world.commune.pk, "file": xlsx_upload(rows_for(made))},
                multipart=True,
            ),
        ]

    @pytest.mark.parametrize("api", [False, True])
    def test_a_file_naming_our_cell_in_their_own_import_writes_nothing_and_names_nothing(
        self, world, made, api, django_capture_on_commit_callbacks
    ):
        """Their upload into their own commune is theirs to make; a row naming our
        cell's code fails the job as a code they may not change, without our cell's name."""
        before = state(Activity, THROUGH)
        upload = {"unit": world.sibling.pk, "file": xlsx_upload(rows_for(made))}
        with django_capture_on_commit_callbacks(execute=True):
            if api:
                outsider = ApiClient(world.outsider)
                response = outsider.client.post(f"{API}/activity-imports", upload, headers=outsider.headers)
            else:
                response = web_client(world.outsider).post("/activities/import/", upload)
        assert response.status_code in (201, 202, 302), response.content
        job = ImportJob.objects.get(unit=world.sibling)
        assert job.status == ImportJob.Status.FAILED and job.errors
        assert made.name not in str(job.errors)
        page = web_client(world.outsider).get(f"/activities/import/{job.pk}/").content.decode()
        assert made.code in page and made.name not in page
        assert state(Activity, THROUGH) == before
