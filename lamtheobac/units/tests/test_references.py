"""Units named in a query string or a body (a parent, a subtree, a new parent, a
successor or a unit to merge): the sibling commune's admin who names one of ours
learns nothing of it and changes nothing."""

from lamtheobac.core.testing import Attempt, ReferenceContract
from lamtheobac.units.models import Unit, UnitChange

from .test_isolation import private_cell

ON = "2025-07-01"
NEW_UNIT = {
    "code": "LA",
    "name": "Đơn vị lạ",
    "level": "cell",
    "kind": "party_cell",
    "valid_from": "2024-01-01",
}


class TestUnitReferences(ReferenceContract):
    owner_attr = "admin"
    outsider_attr = "outsider_admin"
    models = (Unit, UnitChange)
    covers = (
        "units/new/",
        "units/<int:pk>/move/",
        "units/<int:pk>/merge/",
        "api/v1/units",
        "api/v1/units/merge",
        "api/v1/units/<id:unit_id>/move",
    )

    def make(self, world):
        return private_cell(world.commune)

    def marker(self, made):
        return made.name

    def attempts(self, world, made):
        # The outsider acts on its own cell; our admin on ours, naming the same unit of ours.
        theirs, mine = world.sibling_cell.pk, world.cell.pk
        move = {"new_parent": made.pk, "on": ON}
        merge = {"into": made.pk, "on": ON}
        return [
            Attempt.page("get", f"/units/new/?parent={made.pk}"),
            Attempt.page("post", f"/units/new/?parent={made.pk}", NEW_UNIT),
            Attempt.page("post", f"/units/{theirs}/move/", move, own_url=f"/units/{mine}/move/"),
            Attempt.page("post", f"/units/{theirs}/merge/", merge, own_url=f"/units/{mine}/merge/"),
            Attempt.call("get", f"/api/v1/units?parent={world.commune.pk}&limit=500"),
            Attempt.call("get", f"/api/v1/units?subtree={made.pk}&limit=500"),
            Attempt.call("post", "/api/v1/units", {**NEW_UNIT, "parent": made.pk}),
            Attempt.call("post", f"/api/v1/units/{theirs}/move", move, own_url=f"/api/v1/units/{mine}/move"),
            Attempt.call(
                "post",
                "/api/v1/units/merge",
                {**merge, "sources": [theirs]},
                own_data={**merge, "sources": [mine]},
            ),
            # Merging our unit into theirs names ours as a source.
            Attempt.call(
                "post",
                "/api/v1/units/merge",
                {"sources": [made.pk], "into": world.sibling.pk, "on": ON},
                own_data={"sources": [made.pk], "into": world.commune.pk, "on": ON},
            ),
        ]
