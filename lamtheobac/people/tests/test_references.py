"""A unit named in the people pages and API (a filter, the unit a person belongs
to, the unit of a position): the other commune that names ours learns nothing of
our people and writes nothing."""

from lamtheobac.core.testing import Attempt, ReferenceContract
from lamtheobac.people.models import Person, Position

POSITION = {"kind": "head", "start_date": "2024-01-01"}


class TestPeopleReferences(ReferenceContract):
    models = (Person, Position)
    covers = (
        "people/",
        "people/new/",
        "people/<int:pk>/edit/",
        "people/<int:pk>/positions/new/",
        "api/v1/people",
        "api/v1/people/<id:person_id>",
        "api/v1/people/<id:person_id>/positions",
    )

    def make(self, world):
        return {
            "ours": Person.objects.create(unit=world.cell, full_name="Nguyễn Văn Riêng"),
            "theirs": Person.objects.create(unit=world.sibling_cell, full_name="Trần Văn Bên"),
        }

    def marker(self, made):
        return made["ours"].full_name

    def attempts(self, world, made):
        ours, theirs, unit = made["ours"].pk, made["theirs"].pk, world.cell.pk
        person = {"full_name": "Người lạ", "unit": unit}
        return [
            Attempt.page("get", f"/people/?unit={world.commune.pk}"),
            Attempt.page("post", "/people/new/", person),
            Attempt.page("post", f"/people/{theirs}/edit/", person, own_url=f"/people/{ours}/edit/"),
            Attempt.page(
                "post",
                f"/people/{theirs}/positions/new/",
                {**POSITION, "unit": unit},
                own_url=f"/people/{ours}/positions/new/",
            ),
            Attempt.call("get", f"/api/v1/people?unit={world.commune.pk}&limit=500"),
            Attempt.call("post", "/api/v1/people", person),
            Attempt.call(
                "patch",
                f"/api/v1/people/{theirs}",
                {"unit": unit},
                own_url=f"/api/v1/people/{ours}",
                own_data={"unit": world.commune.pk},
            ),
            Attempt.call(
                "post",
                f"/api/v1/people/{theirs}/positions",
                {**POSITION, "unit": unit},
                own_url=f"/api/v1/people/{ours}/positions",
            ),
        ]
