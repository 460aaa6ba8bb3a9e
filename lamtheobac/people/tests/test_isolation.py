import datetime as dt

from lamtheobac.core.testing import IsolationContract
from lamtheobac.people.models import Person, Position


class TestPersonIsolation(IsolationContract):
    model = Person
    web_list_url = "/people/"
    api_list_url = "/api/v1/people?limit=500"
    covers = (
        "people/<int:pk>/",
        "people/<int:pk>/edit/",
        "api/v1/people/<id:person_id>",
    )

    def make(self, unit):
        return Person.objects.create(unit=unit, full_name="Nguyễn Văn Riêng", is_party_member=True)

    def web_detail_url(self, obj):
        return f"/people/{obj.pk}/"

    def web_write(self, obj):
        return ("post", f"/people/{obj.pk}/edit/", {"full_name": "Đổi tên", "unit": obj.unit_id})

    def web_create_elsewhere(self, world):
        return ("post", "/people/new/", {"full_name": "Người lạ", "unit": world.commune.pk})

    def api_detail_url(self, obj):
        return f"/api/v1/people/{obj.pk}"

    def api_write(self, obj):
        return ("patch", f"/api/v1/people/{obj.pk}", {"full_name": "Đổi tên"})

    def api_create_elsewhere(self, world):
        return ("post", "/api/v1/people", {"full_name": "Người lạ", "unit": world.commune.pk})


class TestPositionIsolation(IsolationContract):
    model = Position
    covers = (
        "people/<int:pk>/positions/new/",
        "people/positions/<int:pk>/end/",
        "api/v1/people/<id:person_id>/positions",
        "api/v1/positions/<id:position_id>/end",
    )

    def make(self, unit):
        person = Person.objects.create(unit=unit, full_name="Trần Thị Riêng")
        return Position.objects.create(
            person=person, unit=unit, kind="secretary", start_date=dt.date(2020, 10, 1)
        )

    def web_detail_url(self, obj):
        return f"/people/{obj.person_id}/"

    def web_write(self, obj):
        return ("post", f"/people/positions/{obj.pk}/end/", {"end_date": "2025-06-30"})

    def api_detail_url(self, obj):
        return f"/api/v1/people/{obj.person_id}/positions"

    def api_write(self, obj):
        return ("post", f"/api/v1/positions/{obj.pk}/end", {"end_date": "2025-06-30"})

    def web_create_elsewhere(self, world):
        person = Person.objects.create(unit=world.commune, full_name="Lê Văn Khác")
        return (
            "post",
            f"/people/{person.pk}/positions/new/",
            {"unit": world.commune.pk, "kind": "head", "start_date": "2024-01-01"},
        )

    def api_create_elsewhere(self, world):
        person = Person.objects.create(unit=world.commune, full_name="Lê Văn Khác")
        return (
            "post",
            f"/api/v1/people/{person.pk}/positions",
            {"unit": world.commune.pk, "kind": "head", "start_date": "2024-01-01"},
        )
