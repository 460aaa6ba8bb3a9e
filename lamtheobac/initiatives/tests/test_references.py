"""Our commune's rows named in a query string or a body of the initiative pages
and API (a unit to filter on, to register in, to adopt in, to count within or to
recognise by; a person responsible; an initiative to derive from): the other
commune that names them learns nothing of them and writes nothing."""

import datetime as dt

from lamtheobac.core.testing import Attempt, ReferenceContract
from lamtheobac.initiatives.models import (
    Adoption,
    Initiative,
    InitiativeField,
    Outcome,
    OutcomeMeasure,
    Recognition,
    Status,
)
from lamtheobac.people.models import Person

API = "/api/v1"
ON = dt.date(2024, 1, 10)
TITLE = "Mô hình riêng của Đông Sơn 4711"
RESPONSIBLE = "Nguyễn Văn Phụ Trách Riêng"


def initiative_in(unit, title, status=Status.REGISTERED, **values) -> Initiative:
    return Initiative.objects.create(
        unit=unit,
        title=title,
        field=InitiativeField.objects.active().first(),
        year=2024,
        registered_on=ON,
        status=status,
        status_since=ON,
        **values,
    )


def form(unit, **values) -> dict:
    data = {
        "title": "Mô hình lạ",
        "field": InitiativeField.objects.active().first().pk,
        "kind": "model",
        "year": 2024,
        "registered_on": "2024-01-10",
        **values,
    }
    if unit is not None:
        data["unit"] = unit.pk
    return data


class TestInitiativeReferences(ReferenceContract):
    models = (Initiative, Adoption)
    covers = (
        "initiatives/",
        "initiatives/export.xlsx",
        "initiatives/new/",
        "initiatives/coverage/",
        "initiatives/<int:pk>/edit/",
        "initiatives/<int:pk>/adopt/",
        "initiatives/<int:pk>/replication/",
        "api/v1/initiatives",
        "api/v1/initiatives/<id:initiative_id>",
        "api/v1/initiatives/coverage",
        "api/v1/initiatives/outcome-totals",
        "api/v1/initiatives/<id:initiative_id>/adoptions",
        "api/v1/initiatives/<id:initiative_id>/replication",
    )

    def make(self, world):
        person = Person.objects.create(unit=world.cell, full_name=RESPONSIBLE)
        mine = initiative_in(world.commune, TITLE, Status.RECOGNISED, responsible=person)
        Outcome.objects.create(
            initiative=mine, measure=OutcomeMeasure.objects.first(), value=4711, on=dt.date(2024, 3, 1)
        )
        theirs = initiative_in(world.sibling, "Mô hình của xã bên", Status.RECOGNISED)
        return {"person": person, "mine": mine, "theirs": theirs}

    def marker(self, made):
        return TITLE

    def attempts(self, world, made):
        person, mine, theirs = made["person"].pk, made["mine"].pk, made["theirs"].pk
        commune, cell, sibling = world.commune, world.cell, world.sibling
        named = {"marker": commune.name}
        adopt = {"adopted_on": "2024-08-01"}
        return [
            Attempt.page("get", f"/initiatives/?unit={commune.pk}"),
            Attempt.page("get", f"/initiatives/export.xlsx?unit={commune.pk}"),
            # The form reloaded for a unit offers its people as responsible.
            Attempt.page("get", f"/initiatives/new/?unit={cell.pk}", marker=RESPONSIBLE),
            Attempt.page("get", f"/initiatives/new/?derived_from={mine}", shows=False),
            Attempt.page("post", "/initiatives/new/", form(commune)),
            Attempt.page(
                "post",
                "/initiatives/new/",
                form(sibling, responsible=person),
                own_data=form(commune, responsible=person),
            ),
            Attempt.page(
                "post",
                "/initiatives/new/",
                form(sibling, derived_from=mine),
                own_data=form(commune, derived_from=mine),
            ),
            Attempt.page(
                "post",
                f"/initiatives/{theirs}/edit/",
                form(None, responsible=person),
                own_url=f"/initiatives/{mine}/edit/",
            ),
            Attempt.page("get", f"/initiatives/coverage/?unit={commune.pk}&year=2024", **named),
            Attempt.page(
                "get",
                f"/initiatives/{theirs}/adopt/?unit={cell.pk}",
                own_url=f"/initiatives/{mine}/adopt/?unit={cell.pk}",
                marker=cell.name,
            ),
            Attempt.page(
                "post",
                f"/initiatives/{theirs}/adopt/",
                {**adopt, "unit": cell.pk},
                own_url=f"/initiatives/{mine}/adopt/",
            ),
            Attempt.page(
                "get",
                f"/initiatives/{theirs}/replication/?within={commune.pk}",
                own_url=f"/initiatives/{mine}/replication/?within={commune.pk}",
                **named,
            ),
            Attempt.call("get", f"{API}/initiatives?unit={commune.pk}&limit=500"),
            Attempt.call("post", f"{API}/initiatives", form(commune)),
            Attempt.call(
                "post",
                f"{API}/initiatives",
                form(sibling, responsible=person),
                own_data=form(commune, responsible=person),
            ),
            Attempt.call(
                "post",
                f"{API}/initiatives",
                form(sibling, derived_from=mine),
                own_data=form(commune, derived_from=mine),
            ),
            Attempt.call(
                "patch",
                f"{API}/initiatives/{theirs}",
                {"responsible": person},
                own_url=f"{API}/initiatives/{mine}",
                own_data={"responsible": None},
            ),
            # The figures name the unit they count by its id.
            Attempt.call(
                "get",
                f"{API}/initiatives/coverage?unit={commune.pk}&year=2024",
                marker=f'"unit": {commune.pk}',
            ),
            Attempt.call(
                "get", f"{API}/initiatives/outcome-totals?unit={commune.pk}&year=2024", marker="4711"
            ),
            Attempt.call(
                "post",
                f"{API}/initiatives/{theirs}/adoptions",
                {**adopt, "unit": cell.pk},
                own_url=f"{API}/initiatives/{mine}/adoptions",
            ),
            Attempt.call(
                "get",
                f"{API}/initiatives/{theirs}/replication?within={commune.pk}",
                own_url=f"{API}/initiatives/{mine}/replication?within={commune.pk}",
                **named,
            ),
        ]


class TestRecognitionReferences(ReferenceContract):
    """Recognising is an approver's: the other commune's admin names ours as the body."""

    owner_attr = "admin"
    outsider_attr = "outsider_admin"
    models = (Initiative, Recognition)
    covers = ("initiatives/<int:pk>/recognise/", "api/v1/initiatives/<id:initiative_id>/recognitions")

    def make(self, world):
        return {
            "mine": initiative_in(world.cell, TITLE, Status.EVALUATED),
            "theirs": initiative_in(world.sibling_cell, "Mô hình của chi bộ bên", Status.EVALUATED),
        }

    def marker(self, made):
        return TITLE

    def attempts(self, world, made):
        mine, theirs = made["mine"].pk, made["theirs"].pk
        body = {"level": "commune", "grade": "pilot", "on": "2024-08-01", "body_unit": world.commune.pk}
        return [
            Attempt.page(
                "post", f"/initiatives/{theirs}/recognise/", body, own_url=f"/initiatives/{mine}/recognise/"
            ),
            Attempt.call(
                "post",
                f"{API}/initiatives/{theirs}/recognitions",
                body,
                own_url=f"{API}/initiatives/{mine}/recognitions",
            ),
        ]
