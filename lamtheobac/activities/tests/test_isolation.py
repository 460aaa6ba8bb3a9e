"""The shared isolation contract for every activities model over the API, and
every API route of the app that takes an id: a commune's rows stay its own.

The pages' contracts live in tests/pages/, tests/topics/ and tests/attendance/,
the imports' in the import tests; each claims its own routes in `covers`.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheobac.activities.models import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    Assignment,
    AttendanceRule,
    Category,
    ConnectionPoint,
    Form,
    Topic,
)
from lamtheobac.core.testing import ApiClient, IsolationContract, web_client, world_state
from lamtheobac.people.models import Person, Position
from lamtheobac.units.models import Unit

API = "/api/v1"
ON = dt.date(2025, 3, 10)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def kind_of(category: str) -> ActivityKind:
    return ActivityKind.objects.filter(category=category, is_active=True).order_by("position").first()


def activity_in(unit, title="Hội nghị học tập chuyên đề năm", **values) -> Activity:
    values = {"kind": kind_of(Category.CONFERENCE), "held_on": ON, "participants": 40, **values}
    return Activity.objects.create(unit=unit, title=title, **values)


def online_in(unit) -> Activity:
    activity = activity_in(unit, "Hội nghị trực tuyến quán triệt", form=Form.ONLINE, participants=0)
    return activity


def cell_below(unit) -> Unit:
    return Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path").first()


def committee_member(unit, name="Trần Văn Ủy") -> Person:
    """A member of `unit`'s committee since 2020, registered in one of its cells."""
    person = Person.objects.create(unit=cell_below(unit), full_name=name, is_party_member=True)
    Position.objects.create(person=person, unit=unit, kind="committee_member", start_date=dt.date(2020, 1, 1))
    return person


def activity_body(unit, **values) -> dict:
    return {
        "unit": unit.pk,
        "kind": kind_of(Category.CONFERENCE).pk,
        "held_on": "2025-03-10",
        "title": "Hội nghị lạ",
        "participants": 10,
        **values,
    }


class TestTopicIsolation(IsolationContract):
    model = Topic
    api_list_url = f"{API}/topics?limit=500"
    covers = ("api/v1/topics/<id:topic_id>",)

    def make(self, unit):
        return Topic.objects.create(unit=unit, year=2025, title="Học và làm theo Bác về Dân vận khéo")

    def api_detail_url(self, obj):
        return f"{API}/topics/{obj.pk}"

    def api_write(self, obj):
        return ("patch", f"{API}/topics/{obj.pk}", {"title": "Đổi tên"})

    def api_create_elsewhere(self, world):
        return ("post", f"{API}/topics", {"unit": world.commune.pk, "year": 2026, "title": "Chuyên đề lạ"})

    def test_outsider_cannot_remove_it_nor_ask_which_topic_holds_for_our_unit(self, world, obj):
        before = world_state(Topic)
        response = ApiClient(world.outsider).delete(f"{API}/topics/{obj.pk}")
        assert response.status_code == 404
        assert world_state(Topic) == before
        url = f"{API}/topics/for-unit?unit={world.cell.pk}&year=2025"
        assert ApiClient(world.editor).get(url).json()["topic"]["id"] == obj.pk
        response = ApiClient(world.outsider).get(url)
        assert response.status_code == 404 and response.json()["fields"] == {
            "unit": response.json()["message"]
        }


class TestActivityIsolation(IsolationContract):
    model = Activity
    api_list_url = f"{API}/activities?limit=500"
    covers = ("api/v1/activities/<id:activity_id>", "api/v1/activity-kinds/<id:kind_id>")

    def make(self, unit):
        return activity_in(unit, "Hội nghị học tập của Đông Sơn")

    def api_detail_url(self, obj):
        return f"{API}/activities/{obj.pk}"

    def api_write(self, obj):
        return ("patch", f"{API}/activities/{obj.pk}", {"title": "Đổi tên"})

    def api_create_elsewhere(self, world):
        return ("post", f"{API}/activities", activity_body(world.commune))

    def test_outsider_cannot_remove_it(self, world, obj):
        before = world_state(Activity)
        response = ApiClient(world.outsider).delete(f"{API}/activities/{obj.pk}")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
        assert world_state(Activity) == before

    def test_outsider_cannot_name_our_committee_member_as_a_stranger_to_learn_their_name(self, world, obj):
        # Our commune's person holds no committee post above the sibling's cell.
        ours = Person.objects.create(unit=world.cell, full_name="Lê Thị Kín")
        body = activity_body(
            world.sibling_cell,
            kind=kind_of(Category.CELL_MEETING).pk,
            committee_attendees=[ours.pk],
        )
        before = world_state(Activity)
        response = ApiClient(world.outsider).post(f"{API}/activities", body)
        assert response.status_code == 404 and response.json()["fields"].keys() == {"committee_attendees"}
        assert "Kín" not in response.content.decode()
        assert world_state(Activity) == before

    def test_only_the_system_administrator_changes_an_activity_kind(self, world, obj):
        kind = kind_of(Category.TALK)
        before = world_state(ActivityKind)
        for user in (world.outsider, world.editor, world.province_admin):
            response = ApiClient(user).patch(f"{API}/activity-kinds/{kind.pk}", {"name": "Đổi tên"})
            assert response.status_code == 403 and response.json()["code"] == "forbidden"
        assert world_state(ActivityKind) == before
        response = ApiClient(world.superuser).patch(f"{API}/activity-kinds/{kind.pk}", {"position": 99})
        assert response.status_code == 200 and response.json()["position"] == 99


class TestConnectionPointIsolation(IsolationContract):
    """A point belongs to its host: here our commune hosts a point of its own conference."""

    model = ConnectionPoint
    api_list_url = f"{API}/activity-points?limit=500"
    covers = ("api/v1/activity-points/<id:point_id>", "api/v1/activities/<id:activity_id>/points")

    def make(self, unit):
        return ConnectionPoint.objects.create(activity=online_in(unit), unit=unit, participants=30)

    def api_detail_url(self, obj):
        return f"{API}/activity-points/{obj.pk}"

    def api_write(self, obj):
        return ("patch", f"{API}/activity-points/{obj.pk}", {"participants": 99})

    def api_create_elsewhere(self, world):
        # Their own online conference, with a point "hosted" by our commune.
        theirs = online_in(world.sibling)
        ConnectionPoint.objects.create(activity=theirs, unit=world.sibling, participants=5)
        return ("post", f"{API}/activities/{theirs.pk}/points", {"unit": world.commune.pk, "participants": 9})

    def test_outsider_cannot_list_add_to_or_remove_our_conferences_points(self, world, obj):
        url = f"{API}/activities/{obj.activity_id}/points"
        assert ApiClient(world.editor).get(url).status_code == 200
        assert ApiClient(world.outsider).get(url).status_code == 404
        before = world_state(ConnectionPoint)
        response = ApiClient(world.outsider).post(url, {"unit": world.sibling.pk, "participants": 3})
        assert response.status_code == 404 and response.json()["code"] == "not_found"
        response = ApiClient(world.outsider).delete(f"{API}/activity-points/{obj.pk}")
        assert response.status_code == 404
        assert world_state(ConnectionPoint) == before

    def test_outsider_cannot_record_a_conference_with_a_point_in_our_unit(self, world, obj):
        body = activity_body(
            world.sibling,
            form="online",
            points=[
                {"unit": world.sibling.pk, "participants": 5},
                {"unit": world.cell.pk, "participants": 5},
            ],
        )
        before = (world_state(Activity), world_state(ConnectionPoint))
        response = ApiClient(world.outsider).post(f"{API}/activities", body)
        assert response.status_code == 404
        assert set(response.json()["fields"]) == {"points.1.unit"}
        assert (world_state(Activity), world_state(ConnectionPoint)) == before


class TestActivityAttachmentIsolation(IsolationContract):
    model = ActivityAttachment
    covers = (
        "api/v1/activities/<id:activity_id>/attachments",
        "api/v1/activity-attachments/<id:attachment_id>",
    )

    def make(self, unit):
        attachment = ActivityAttachment(
            activity=activity_in(unit),
            name="bien-ban.png",
            kind="photo",
            content_type="image/png",
            size=len(PNG),
        )
        attachment.file.save("bien-ban.png", SimpleUploadedFile("bien-ban.png", PNG), save=False)
        attachment.save()
        return attachment

    def api_detail_url(self, obj):
        return f"{API}/activity-attachments/{obj.pk}"

    def api_write(self, obj):
        return ("delete", f"{API}/activity-attachments/{obj.pk}", None)

    def test_outsider_cannot_list_or_upload_through_the_api(self, world, obj):
        url = f"{API}/activities/{obj.activity_id}/attachments"
        assert ApiClient(world.editor).get(url).status_code == 200
        assert ApiClient(world.outsider).get(url).status_code == 404
        before = world_state(ActivityAttachment)
        outsider = ApiClient(world.outsider)
        response = outsider.client.post(
            url, {"file": SimpleUploadedFile("la.png", PNG), "caption": "Tệp lạ"}, headers=outsider.headers
        )
        assert response.status_code == 404 and response.json()["code"] == "not_found"
        assert world_state(ActivityAttachment) == before


class TestAttendanceRuleIsolation(IsolationContract):
    model = AttendanceRule
    api_list_url = f"{API}/attendance-rules?limit=500"
    # The sibling's admin sets rules there, and still not here.
    outsider_attr = "outsider_admin"
    covers = ("api/v1/attendance-rules/<id:rule_id>",)

    def make(self, unit):
        return AttendanceRule.objects.create(unit=unit, times=6, per="year")

    def api_detail_url(self, obj):
        return f"{API}/attendance-rules/{obj.pk}"

    def api_write(self, obj):
        return ("delete", f"{API}/attendance-rules/{obj.pk}", None)

    def api_create_elsewhere(self, world):
        return ("post", f"{API}/attendance-rules", {"unit": world.commune.pk, "times": 2, "per": "year"})

    def test_outsider_cannot_ask_which_rule_holds_for_our_unit(self, world, obj):
        url = f"{API}/attendance-rules/for-unit?unit={world.cell.pk}"
        assert ApiClient(world.editor).get(url).json()["set_by"] == world.commune.pk
        assert ApiClient(world.outsider_admin).get(url).status_code == 404


class TestAssignmentIsolation(IsolationContract):
    model = Assignment
    api_list_url = f"{API}/assignments?limit=500"
    covers = ("api/v1/assignments/<id:assignment_id>",)

    def make(self, unit):
        return Assignment.objects.create(
            person=committee_member(unit), unit=cell_below(unit), start_date=dt.date(2025, 1, 1)
        )

    def api_detail_url(self, obj):
        return f"{API}/assignments/{obj.pk}"

    def api_write(self, obj):
        return ("patch", f"{API}/assignments/{obj.pk}", {"end_date": "2025-06-30"})

    def api_create_elsewhere(self, world):
        member = committee_member(world.commune, "Phạm Văn Cấp")
        body = {"person": member.pk, "unit": world.cell.pk, "start_date": "2025-01-01"}
        return ("post", f"{API}/assignments", body)

    def test_outsider_cannot_remove_it(self, world, obj):
        before = world_state(Assignment)
        assert ApiClient(world.outsider).delete(f"{API}/assignments/{obj.pk}").status_code == 404
        assert world_state(Assignment) == before


class TestAProvincialConferenceAcrossCommunes:
    """The province's online conference has a point in our commune and one in the
    sibling: each commune reads the conference, its total and its own point, never
    the sibling's; the province reads every point; a host opens the slides."""

    @pytest.fixture
    def conference(self, world):
        activity = online_in(world.province)
        ours = ConnectionPoint.objects.create(
            activity=activity, unit=world.commune, participants=30, note="Điểm cầu Đông Sơn"
        )
        theirs = ConnectionPoint.objects.create(
            activity=activity, unit=world.sibling, participants=12, note="Điểm cầu Tây Hồ"
        )
        Activity.objects.filter(pk=activity.pk).update(participants=42)
        slides = ActivityAttachment(
            activity=activity, name="bai-giang.png", kind="photo", content_type="image/png", size=len(PNG)
        )
        slides.file.save("bai-giang.png", SimpleUploadedFile("bai-giang.png", PNG), save=False)
        slides.save()
        return activity, ours, theirs, slides

    def test_a_host_reads_its_own_point_and_the_total_but_not_its_siblings_point(self, world, conference):
        activity, ours, theirs, _slides = conference
        page = web_client(world.editor).get(f"/activities/{activity.pk}/")
        text = page.content.decode()
        assert page.status_code == 200
        assert "Điểm cầu Đông Sơn" in text and "Điểm cầu Tây Hồ" not in text and "Xã Tây Hồ" not in text
        assert [row["point"] for row in page.context["points"]] == [ours]
        assert (page.context["point_count"], page.context["points_elsewhere"]) == (2, 1)
        assert page.context["totals"]["participants"] == 42
        detail = ApiClient(world.editor).get(f"{API}/activities/{activity.pk}").json()
        assert [point["id"] for point in detail["points"]] == [ours.pk]
        listed = ApiClient(world.editor).get(f"{API}/activities/{activity.pk}/points").json()
        assert [point["id"] for point in listed["items"]] == [ours.pk]
        assert ApiClient(world.editor).get(f"{API}/activity-points/{theirs.pk}").status_code == 404

    def test_the_organiser_reads_every_point(self, world, conference):
        activity, ours, theirs, _slides = conference
        page = web_client(world.province_approver).get(f"/activities/{activity.pk}/")
        assert {row["point"] for row in page.context["points"]} == {ours, theirs}
        assert page.context["points_elsewhere"] == 0
        listed = ApiClient(world.province_approver).get(f"{API}/activities/{activity.pk}/points").json()
        assert {point["id"] for point in listed["items"]} == {ours.pk, theirs.pk}

    def test_a_host_opens_the_organisers_slides_but_may_not_remove_them(self, world, conference):
        _activity, _ours, _theirs, slides = conference
        page = web_client(world.editor).get(f"/activities/attachments/{slides.pk}/")
        assert page.status_code == 200 and b"".join(page.streaming_content) == PNG
        assert ApiClient(world.editor).get(f"{API}/activity-attachments/{slides.pk}").status_code == 200
        before = world_state(ActivityAttachment)
        assert (
            web_client(world.editor).post(f"/activities/attachments/{slides.pk}/remove/").status_code == 404
        )
        assert ApiClient(world.editor).delete(f"{API}/activity-attachments/{slides.pk}").status_code in (
            403,
            404,
        )
        assert world_state(ActivityAttachment) == before
        # Nobody outside the conference's reach opens them.
        assert web_client(world.nobody).get(f"/activities/attachments/{slides.pk}/").status_code == 404
