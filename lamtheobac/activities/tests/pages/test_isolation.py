"""The shared isolation contract for the activity pages: every page route that
takes the id of an activity, a connection point or an attachment answers 404
to the other commune, and a refused write changes nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheobac.activities.models import Activity, ActivityAttachment, ActivityKind, ConnectionPoint, Form
from lamtheobac.core.testing import IsolationContract, web_client, world_state

ON = dt.date(2025, 3, 10)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
CONFERENCE = "Hội nghị học tập, quán triệt"


def activity_in(unit, title="Hội nghị quán triệt Kết luận 01-KL/TW", **values) -> Activity:
    values = {"held_on": ON, "participants": 40, "party_members": 12, **values}
    return Activity.objects.create(
        unit=unit, kind=ActivityKind.objects.get(name=CONFERENCE), title=title, **values
    )


def online_in(unit, title="Hội nghị trực tuyến quán triệt Chỉ thị 05") -> Activity:
    activity = activity_in(unit, title, form=Form.ONLINE)
    ConnectionPoint.objects.create(activity=activity, unit=unit, participants=40, party_members=12)
    return activity


def activity_form(unit) -> dict:
    return {
        "unit": unit.pk,
        "kind": ActivityKind.objects.get(name=CONFERENCE).pk,
        "held_on": ON.isoformat(),
        "title": "Hội nghị lạ",
        "form": "in_person",
        "participants": "10",
        "party_members": "1",
    }


class TestActivityPageIsolation(IsolationContract):
    model = Activity
    web_list_url = "/activities/"
    covers = (
        "activities/<int:pk>/",
        "activities/<int:pk>/edit/",
        "activities/<int:pk>/delete/",
    )

    def make(self, unit):
        return activity_in(unit)

    def marker(self, obj):
        return obj.title

    def web_detail_url(self, obj):
        return f"/activities/{obj.pk}/"

    def web_write(self, obj):
        return ("post", f"/activities/{obj.pk}/edit/", activity_form(obj.unit))

    def web_create_elsewhere(self, world):
        return ("post", "/activities/new/", activity_form(world.commune))

    def test_outsider_cannot_delete_it(self, world, obj):
        before = world_state(Activity)
        response = web_client(world.outsider).post(f"/activities/{obj.pk}/delete/", {"reason": "Xóa thử"})
        assert response.status_code == 404
        assert web_client(world.outsider).get(f"/activities/{obj.pk}/delete/").status_code == 404
        assert world_state(Activity) == before

    def test_outsider_does_not_see_it_in_the_month_view(self, world, obj):
        mine = web_client(world.editor).get("/activities/month/", {"month": "2025-03"})
        assert obj.title in mine.content.decode()
        theirs = web_client(world.outsider).get("/activities/month/", {"month": "2025-03"})
        assert theirs.status_code == 200 and obj.title not in theirs.content.decode()

    def test_an_outsider_filtering_on_our_unit_sees_nothing(self, world, obj):
        response = web_client(world.outsider).get("/activities/", {"unit": world.commune.pk})
        assert response.context["form"].errors["unit"] and obj.title not in response.content.decode()


class TestConnectionPointPageIsolation(IsolationContract):
    """A point belongs to its host; here the host is the organiser, our commune."""

    model = ConnectionPoint
    covers = (
        "activities/<int:pk>/points/new/",
        "activities/points/<int:pk>/edit/",
        "activities/points/<int:pk>/remove/",
    )

    def make(self, unit):
        return online_in(unit).points.get()

    def web_detail_url(self, obj):
        return f"/activities/points/{obj.pk}/edit/"

    def web_write(self, obj):
        return ("post", f"/activities/points/{obj.pk}/edit/", {"participants": "1", "party_members": "0"})

    def web_create_elsewhere(self, world):
        ours = online_in(world.commune, "Hội nghị trực tuyến của xã")
        return ("post", f"/activities/{ours.pk}/points/new/", {"unit": world.sibling.pk, "participants": "5"})

    def test_outsider_cannot_remove_it(self, world, obj):
        second = ConnectionPoint.objects.create(activity=obj.activity, unit=world.cell, participants=3)
        before = world_state(ConnectionPoint)
        assert web_client(world.outsider).post(f"/activities/points/{second.pk}/remove/").status_code == 404
        assert world_state(ConnectionPoint) == before

    def test_a_host_outside_the_organisers_scope_reads_the_conference_and_keeps_to_its_point(
        self, world, obj
    ):
        # The sibling commune hosts a point of our conference: it reads the
        # conference and corrects its own point, and touches nothing else.
        theirs = ConnectionPoint.objects.create(activity=obj.activity, unit=world.sibling, participants=7)
        outsider = web_client(world.outsider)
        assert outsider.get(f"/activities/points/{theirs.pk}/edit/").status_code == 200
        page = outsider.get(f"/activities/{obj.activity_id}/").content.decode()
        assert (
            f"/activities/points/{obj.pk}/edit/" not in page
            and f"/activities/{obj.activity_id}/edit/" not in page
        )
        before = world_state(ConnectionPoint), world_state(Activity)
        assert outsider.post(f"/activities/points/{obj.pk}/edit/", {"participants": "99"}).status_code == 404
        assert outsider.post(f"/activities/points/{theirs.pk}/remove/").status_code == 404
        data = {"reason": "Xóa thử"}
        assert outsider.post(f"/activities/{obj.activity_id}/delete/", data).status_code == 404
        assert (world_state(ConnectionPoint), world_state(Activity)) == before


class TestActivityAttachmentPageIsolation(IsolationContract):
    model = ActivityAttachment
    covers = (
        "activities/<int:pk>/attachments/new/",
        "activities/attachments/<int:pk>/",
        "activities/attachments/<int:pk>/remove/",
    )

    def make(self, unit):
        attachment = ActivityAttachment(
            activity=activity_in(unit), name="anh.png", kind="photo", content_type="image/png", size=len(PNG)
        )
        attachment.file.save("anh.png", SimpleUploadedFile("anh.png", PNG), save=False)
        attachment.save()
        return attachment

    def web_detail_url(self, obj):
        return f"/activities/attachments/{obj.pk}/"

    def web_write(self, obj):
        return ("post", f"/activities/attachments/{obj.pk}/remove/", {})

    def web_create_elsewhere(self, world):
        ours = activity_in(world.commune, "Hội nghị của xã")
        data = {"file": SimpleUploadedFile("la.png", PNG), "caption": "Tệp lạ"}
        return ("post", f"/activities/{ours.pk}/attachments/new/", data)


@pytest.mark.django_db
def test_the_kinds_page_is_the_system_administrators(world):
    before = world_state(ActivityKind)
    for user in (world.editor, world.outsider, world.province_admin):
        assert web_client(user).get("/activities/kinds/").status_code == 404
    assert world_state(ActivityKind) == before
