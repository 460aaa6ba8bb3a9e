import datetime as dt

from lamtheobac.core.testing import IsolationContract
from lamtheobac.units.models import Kind, Level, Unit, UnitChange


def private_cell(unit: Unit) -> Unit:
    return Unit.objects.add_child(
        Unit.objects.get(pk=unit.pk),
        instance=Unit(
            code="RIENG",
            name="Chi bộ Riêng Tư",
            level=Level.CELL,
            kind=Kind.PARTY_CELL,
            valid_from=dt.date(2020, 1, 1),
        ),
    )


class TestUnitIsolation(IsolationContract):
    model = Unit
    # Changing units takes a unit admin: the outsider is the sibling commune's admin.
    owner_attr = "admin"
    outsider_attr = "outsider_admin"
    web_list_url = "/units/?view=list&q=rieng"
    api_list_url = "/api/v1/units?limit=500"
    covers = (
        "units/<int:pk>/",
        "units/<int:pk>/children/",
        "units/<int:pk>/edit/",
        "units/<int:pk>/close/",
        "units/<int:pk>/move/",
        "units/<int:pk>/merge/",
        "api/v1/units/<id:unit_id>",
        "api/v1/units/<id:unit_id>/subtree",
        "api/v1/units/<id:unit_id>/close",
        "api/v1/units/<id:unit_id>/move",
    )

    def make(self, unit):
        return private_cell(unit)

    def web_detail_url(self, obj):
        return f"/units/{obj.pk}/"

    def web_write(self, obj):
        return (
            "post",
            f"/units/{obj.pk}/edit/",
            {
                "code": "RIENG",
                "name": "Đổi tên",
                "level": "cell",
                "kind": "party_cell",
                "valid_from": "2020-01-01",
            },
        )

    def web_create_elsewhere(self, world):
        return (
            "post",
            f"/units/new/?parent={world.commune.pk}",
            {
                "code": "LA",
                "name": "Đơn vị lạ",
                "level": "cell",
                "kind": "party_cell",
                "valid_from": "2024-01-01",
            },
        )

    def api_detail_url(self, obj):
        return f"/api/v1/units/{obj.pk}"

    def api_write(self, obj):
        return ("patch", f"/api/v1/units/{obj.pk}", {"name": "Đổi tên"})

    def api_create_elsewhere(self, world):
        return (
            "post",
            "/api/v1/units",
            {
                "parent": world.commune.pk,
                "code": "LA",
                "name": "Đơn vị lạ",
                "level": "cell",
                "kind": "party_cell",
                "valid_from": "2024-01-01",
            },
        )


class TestUnitCloseIsolation(TestUnitIsolation):
    """The structural actions refuse an outsider just as the edit does."""

    def web_write(self, obj):
        return ("post", f"/units/{obj.pk}/close/", {"on": "2025-06-30", "note": "x"})

    def api_write(self, obj):
        return ("post", f"/api/v1/units/{obj.pk}/close", {"on": "2025-06-30", "note": "x"})


class TestUnitMoveIsolation(TestUnitIsolation):
    def web_write(self, obj):
        return (
            "post",
            f"/units/{obj.pk}/move/",
            {"new_parent": Unit.objects.get_parent(obj).pk, "on": "2025-07-01"},
        )

    def api_write(self, obj):
        return (
            "post",
            f"/api/v1/units/{obj.pk}/move",
            {"new_parent": Unit.objects.get_parent(obj).pk, "on": "2025-07-01"},
        )


class TestUnitMergeIsolation(TestUnitIsolation):
    def web_write(self, obj):
        return (
            "post",
            f"/units/{obj.pk}/merge/",
            {"into": Unit.objects.get_parent(obj).pk, "on": "2025-07-01"},
        )

    def api_write(self, obj):
        return (
            "post",
            "/api/v1/units/merge",
            {"sources": [obj.pk], "into": Unit.objects.get_parent(obj).pk, "on": "2025-07-01"},
        )


class TestUnitChangeIsolation(IsolationContract):
    """Unit history is shown on the unit page, so it is scoped like the unit."""

    model = UnitChange

    def make(self, unit):
        return UnitChange.objects.create(unit=unit, kind=UnitChange.Kind.CREATED, on=dt.date(2020, 1, 1))
