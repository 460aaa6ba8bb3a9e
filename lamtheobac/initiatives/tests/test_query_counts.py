"""The initiative pages keep the same number of SQL queries in a province of 3
communes and in one of 30, and the initiative page does not grow with its
adoptions, results, outcomes and attachments."""

import pytest
from django.core.files.base import ContentFile

from lamtheobac.core.querysets import today
from lamtheobac.core.testing import START, build_world, count_queries, grow_communes, web_client
from lamtheobac.initiatives.models import (
    Adoption,
    Attachment,
    Criterion,
    Evaluation,
    Initiative,
    InitiativeField,
    Outcome,
    OutcomeMeasure,
    ResultEntry,
    Score,
    Status,
    Transition,
)
from lamtheobac.units.models import Kind, Level, Unit

pytestmark = pytest.mark.django_db

# Pinned, measured as the province approver (the first query reads the session,
# one more reads the user's roles). A change that adds a query is a decision.
PINNED = {"list": 9, "list_filtered": 10, "export": 5, "coverage": 10, "detail": 18, "replication": 11}


def add(parent: Unit, code: str, name: str, kind: str, level: str = Level.NONE, **values) -> Unit:
    return Unit.objects.add_child(
        Unit.objects.get(pk=parent.pk),
        instance=Unit(code=code, name=name, level=level, kind=kind, valid_from=START, **values),
    )


def grow(world, communes: int):
    """`communes` communes under the province, each with a cell, a Front and a
    women's union, and one replicated initiative each; the first is adopted by all."""
    field = InitiativeField.objects.first()
    measure = OutcomeMeasure.objects.get(name="Tiền huy động, ủng hộ")
    year, day = today().year, today()
    created = []
    for number, commune, _cells in grow_communes(world, communes):
        add(commune, f"G{number}-MT", f"Mặt trận xã Mới {number}", Kind.FRONT)
        add(commune, f"G{number}-PN", f"Hội Phụ nữ xã Mới {number}", Kind.MASS_ORG, mass_org_type="women")
        created.append(
            Initiative.objects.create(
                unit=commune,
                title=f"Mô hình số {number}",
                field=field,
                year=year,
                registered_on=day,
                status=Status.REPLICATED,
                status_since=day,
                recognition_level="district",
                recognition_grade="pilot",
            )
        )
    first = created[0]
    # A bounded lineage (one source) and one evaluation scored on every criterion.
    Initiative.objects.filter(pk=first.pk).update(derived_from=created[-1])
    evaluation = Evaluation.objects.create(initiative=first, body="Hội thảo", held_on=day, total_score=90)
    Score.objects.bulk_create(
        [Score(evaluation=evaluation, criterion=criterion, score=1) for criterion in Criterion.objects.all()]
    )
    for number, initiative in enumerate(created):
        Transition.objects.create(initiative=first, action="start", to_status=Status.IN_PROGRESS, on=day)
        ResultEntry.objects.create(initiative=first, on=day, text=f"Kết quả {number}")
        Outcome.objects.create(initiative=first, measure=measure, value=1000 * number, on=day)
        attachment = Attachment(
            initiative=first, name=f"anh-{number}.pdf", kind="pdf", content_type="application/pdf"
        )
        attachment.size = 5
        attachment.file.save(f"anh-{number}.pdf", ContentFile(b"%PDF-"), save=False)
        attachment.save()
        if initiative is not first:
            Adoption.objects.create(initiative=first, unit=initiative.unit, adopted_on=day)
            Adoption.objects.create(initiative=initiative, unit=first.unit, adopted_on=day)
    return first


@pytest.mark.parametrize("communes", [3, 30])
def test_pages_keep_their_queries_whatever_the_size_of_the_province(db, communes):
    world = build_world()
    first = grow(world, communes)
    client = web_client(world.province_approver)
    year = today().year
    measured = {
        "list": count_queries(client, "/initiatives/"),
        "list_filtered": count_queries(
            client,
            "/initiatives/",
            {"year": year, "status": "replicated", "unit": world.province.pk, "q": "mo hinh"},
        ),
        "export": count_queries(client, "/initiatives/export.xlsx", {"year": year}),
        "coverage": count_queries(
            client, "/initiatives/coverage/", {"year": year, "unit": world.province.pk}
        ),
        "detail": count_queries(client, f"/initiatives/{first.pk}/"),
        "replication": count_queries(client, f"/initiatives/{first.pk}/replication/"),
    }
    assert measured == PINNED
    # The pages did see the larger province.
    assert client.get("/initiatives/").context["page"].paginator.count == communes
    assert Adoption.objects.filter(initiative=first).count() == communes - 1
