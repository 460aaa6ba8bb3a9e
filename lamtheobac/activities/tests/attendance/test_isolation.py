"""The shared isolation contract for the pages of attendance rules and
assignments: a commune's rows stay its own, on every route with an id."""

import datetime as dt

from lamtheobac.activities.models import Assignment, AttendanceRule
from lamtheobac.core.testing import START, IsolationContract, web_client, world_state
from lamtheobac.people.models import Person, Position
from lamtheobac.units.models import Unit


class TestAttendanceRulePagesIsolation(IsolationContract):
    model = AttendanceRule
    # Rules are a unit admin's to set: the admin of the other commune is the outsider.
    owner_attr = "admin"
    outsider_attr = "outsider_admin"
    web_list_url = "/activities/rules/"
    covers = ("activities/rules/<int:pk>/remove/",)

    def make(self, unit):
        return AttendanceRule.objects.create(
            unit=unit, times=2, per="quarter", note="Quy định riêng của Đảng ủy xã Đông Sơn"
        )

    def marker(self, obj):
        return obj.note

    def web_detail_url(self, obj):
        return f"/activities/rules/{obj.pk}/remove/"

    def web_write(self, obj):
        return ("post", f"/activities/rules/{obj.pk}/remove/", {})

    def web_create_elsewhere(self, world):
        data = {"unit": world.commune.pk, "times": 5, "per": "month"}
        return ("post", "/activities/rules/new/", data)

    def test_outsider_cannot_change_it_through_the_set_form(self, world, obj):
        before = world_state(AttendanceRule)
        url = f"/activities/rules/new/?unit={world.commune.pk}"
        client = web_client(world.outsider_admin)
        assert client.get(url).status_code == 404
        assert client.post(url, {"unit": world.commune.pk, "times": 9, "per": "year"}).status_code == 404
        assert world_state(AttendanceRule) == before


class TestAssignmentPagesIsolation(IsolationContract):
    model = Assignment
    web_list_url = "/activities/assignments/"
    covers = ("activities/assignments/<int:pk>/edit/", "activities/assignments/<int:pk>/remove/")
    name = "Trần Văn Theo Dõi Riêng"

    def owning_unit(self, world):
        # An assignment belongs to the cell followed.
        return world.cell

    def make(self, cell):
        person = Person.objects.create(unit=cell, full_name=self.name)
        Position.objects.create(
            person=person,
            unit=Unit.objects.get(path=cell.parent_path),
            kind=Position.Kind.COMMITTEE_MEMBER,
            start_date=START,
        )
        return Assignment.objects.create(person=person, unit=cell, start_date=dt.date(2025, 1, 1))

    def marker(self, obj):
        return self.name

    def web_detail_url(self, obj):
        return f"/activities/assignments/{obj.pk}/edit/"

    def web_write(self, obj):
        return ("post", f"/activities/assignments/{obj.pk}/edit/", {"end_date": "2025-06-30"})

    def web_create_elsewhere(self, world):
        person = Person.objects.get(full_name=self.name)
        data = {"unit": world.cell.pk, "person": person.pk, "start_date": "2025-08-01"}
        return ("post", "/activities/assignments/new/", data)

    def test_outsider_cannot_remove_it(self, world, obj):
        url = f"/activities/assignments/{obj.pk}/remove/"
        assert web_client(world.editor).get(url).status_code == 200
        before = world_state(Assignment)
        assert web_client(world.outsider).get(url).status_code == 404
        assert web_client(world.outsider).post(url, {"reason": "Thử"}).status_code == 404
        assert world_state(Assignment) == before
