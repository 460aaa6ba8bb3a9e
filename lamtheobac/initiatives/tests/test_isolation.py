"""The shared isolation contract for every initiative model and every page and
API route that takes an id: a commune's rows stay its own."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheobac.core.testing import ApiClient, IsolationContract, web_client, world_state
from lamtheobac.initiatives.models import (
    Adoption,
    Attachment,
    Criterion,
    Evaluation,
    Initiative,
    InitiativeField,
    Outcome,
    OutcomeMeasure,
    Recognition,
    ResultEntry,
    Score,
    Status,
    Transition,
)
from lamtheobac.units.models import Unit

ON = dt.date(2024, 1, 10)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def initiative_in(unit, title="Mô hình riêng của đơn vị", status=Status.REGISTERED, **values):
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


def all_scores() -> dict:
    return {f"score_{criterion.pk}": criterion.max_score for criterion in Criterion.objects.active()}


def api_scores() -> list[dict]:
    return [{"criterion": c.pk, "score": c.max_score} for c in Criterion.objects.active()]


class InitiativePartContract(IsolationContract):
    """Rows that hang off an initiative: the initiative's page and API list show them."""

    def web_detail_url(self, obj):
        return f"/initiatives/{obj.initiative_id}/"


class TestInitiativeIsolation(IsolationContract):
    model = Initiative
    web_list_url = "/initiatives/"
    api_list_url = "/api/v1/initiatives?limit=500"
    covers = (
        "initiatives/<int:pk>/",
        "initiatives/<int:pk>/edit/",
        "initiatives/<int:pk>/replication/",
        "api/v1/initiatives/<id:initiative_id>",
        "api/v1/initiatives/<id:initiative_id>/replication",
    )

    def make(self, unit):
        return initiative_in(unit, "Mô hình Dân vận khéo của Đông Sơn")

    def web_detail_url(self, obj):
        return f"/initiatives/{obj.pk}/"

    def web_write(self, obj):
        data = {"title": "Đổi tên", "field": obj.field_id, "kind": "model", "year": 2024}
        return ("post", f"/initiatives/{obj.pk}/edit/", data)

    def web_create_elsewhere(self, world):
        data = {
            "unit": world.commune.pk,
            "title": "Mô hình lạ",
            "field": InitiativeField.objects.active().first().pk,
            "kind": "model",
            "year": 2024,
            "registered_on": "2024-01-10",
        }
        return ("post", "/initiatives/new/", data)

    def api_detail_url(self, obj):
        return f"/api/v1/initiatives/{obj.pk}"

    def api_write(self, obj):
        return ("patch", f"/api/v1/initiatives/{obj.pk}", {"title": "Đổi tên"})

    def api_create_elsewhere(self, world):
        data = {
            "unit": world.commune.pk,
            "title": "Mô hình lạ",
            "field": InitiativeField.objects.active().first().pk,
            "year": 2024,
        }
        return ("post", "/api/v1/initiatives", data)

    def test_outsider_gets_404_on_the_replication_page_and_api(self, world, obj):
        page, api = f"/initiatives/{obj.pk}/replication/", f"/api/v1/initiatives/{obj.pk}/replication"
        assert web_client(world.editor).get(page).status_code == 200
        assert ApiClient(world.editor).get(api).status_code == 200
        assert web_client(world.outsider).get(page).status_code == 404
        response = ApiClient(world.outsider).get(api)
        assert response.status_code == 404 and response.json()["code"] == "not_found"


class TestTransitionIsolation(InitiativePartContract):
    model = Transition
    covers = ("initiatives/<int:pk>/step/", "api/v1/initiatives/<id:initiative_id>/steps")

    def make(self, unit):
        initiative = initiative_in(unit)
        return Transition.objects.create(
            initiative=initiative, action="register", to_status="registered", on=ON
        )

    def web_write(self, obj):
        return ("post", f"/initiatives/{obj.initiative_id}/step/", {"step": "start", "on": "2024-02-01"})

    def api_detail_url(self, obj):
        return f"/api/v1/initiatives/{obj.initiative_id}/steps"

    def api_write(self, obj):
        return ("post", f"/api/v1/initiatives/{obj.initiative_id}/steps", {"step": "drop", "note": "Lạ"})


class TestEvaluationIsolation(InitiativePartContract):
    model = Evaluation
    # The admin of the other commune approves there, and still not here.
    outsider_attr = "outsider_admin"
    covers = ("initiatives/<int:pk>/evaluate/", "api/v1/initiatives/<id:initiative_id>/evaluations")

    def make(self, unit):
        initiative = initiative_in(unit, status=Status.EVALUATED)
        return Evaluation.objects.create(
            initiative=initiative, body="Hội thảo đánh giá", held_on=dt.date(2024, 6, 1), total_score=80
        )

    def web_write(self, obj):
        data = {"body": "Hội thảo lạ", "held_on": "2024-07-01", **all_scores()}
        return ("post", f"/initiatives/{obj.initiative_id}/evaluate/", data)

    def api_detail_url(self, obj):
        return f"/api/v1/initiatives/{obj.initiative_id}/evaluations"

    def api_write(self, obj):
        data = {"body": "Hội thảo lạ", "held_on": "2024-07-01", "scores": api_scores()}
        return ("post", f"/api/v1/initiatives/{obj.initiative_id}/evaluations", data)


class TestScoreIsolation(IsolationContract):
    """Scores have no route of their own: they are read with their evaluation, on
    the initiative's page and in its evaluations."""

    model = Score

    def make(self, unit):
        initiative = initiative_in(unit, status=Status.EVALUATED)
        evaluation = Evaluation.objects.create(
            initiative=initiative, body="Hội thảo đánh giá", held_on=dt.date(2024, 6, 1), total_score=80
        )
        return Score.objects.create(
            evaluation=evaluation, criterion=Criterion.objects.active().first(), score=7
        )

    def web_detail_url(self, obj):
        return f"/initiatives/{obj.evaluation.initiative_id}/"

    def api_detail_url(self, obj):
        return f"/api/v1/initiatives/{obj.evaluation.initiative_id}/evaluations"

    def test_the_owner_reads_the_scores_in_the_evaluations_and_the_outsider_does_not(self, world, obj):
        url = self.api_detail_url(obj)
        scores = ApiClient(world.editor).get(url).json()["items"][0]["scores"]
        assert [score["criterion"] for score in scores] == [obj.criterion_id]
        assert ApiClient(world.outsider).get(url).status_code == 404


class TestRecognitionIsolation(InitiativePartContract):
    model = Recognition
    outsider_attr = "outsider_admin"
    covers = ("initiatives/<int:pk>/recognise/", "api/v1/initiatives/<id:initiative_id>/recognitions")

    def make(self, unit):
        initiative = initiative_in(unit, status=Status.RECOGNISED, recognition_level="commune")
        return Recognition.objects.create(
            initiative=initiative, level="commune", grade="pilot", body_unit=unit, on=dt.date(2024, 7, 1)
        )

    def _recognition(self, obj) -> dict:
        return {
            "level": "commune",
            "grade": "outstanding",
            "on": "2024-08-01",
            "body_unit": obj.initiative.unit_id,
        }

    def web_write(self, obj):
        return ("post", f"/initiatives/{obj.initiative_id}/recognise/", self._recognition(obj))

    def api_detail_url(self, obj):
        return f"/api/v1/initiatives/{obj.initiative_id}/recognitions"

    def api_write(self, obj):
        return ("post", f"/api/v1/initiatives/{obj.initiative_id}/recognitions", self._recognition(obj))

    def api_create_elsewhere(self, world):
        # Their own evaluated initiative, "recognised" in the name of the province they do not lead.
        theirs = initiative_in(world.sibling, "Mô hình xã bạn", status=Status.EVALUATED)
        data = {"level": "commune", "grade": "pilot", "on": "2024-08-01", "body_unit": world.province.pk}
        return ("post", f"/api/v1/initiatives/{theirs.pk}/recognitions", data)

    def web_create_elsewhere(self, world):
        theirs = initiative_in(world.sibling, "Mô hình xã bạn", status=Status.EVALUATED)
        data = {"level": "commune", "grade": "pilot", "on": "2024-08-01", "body_unit": world.province.pk}
        return ("post", f"/initiatives/{theirs.pk}/recognise/", data)


class TestAdoptionIsolation(InitiativePartContract):
    """An adoption belongs to the adopting unit: here our commune takes up its cell's initiative."""

    model = Adoption
    covers = (
        "initiatives/<int:pk>/adopt/",
        "initiatives/adoptions/<int:pk>/remove/",
        "api/v1/initiatives/<id:initiative_id>/adoptions",
        "api/v1/adoptions/<id:adoption_id>/remove",
    )

    def make(self, unit):
        cell = Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path").first()
        initiative = initiative_in(cell, "Mô hình của chi bộ", status=Status.REPLICATED)
        return Adoption.objects.create(initiative=initiative, unit=unit, adopted_on=dt.date(2024, 8, 1))

    def web_write(self, obj):
        return ("post", f"/initiatives/adoptions/{obj.pk}/remove/", {"reason": "Xóa thử"})

    def api_detail_url(self, obj):
        return f"/api/v1/initiatives/{obj.initiative_id}/adoptions"

    def api_write(self, obj):
        return ("post", f"/api/v1/adoptions/{obj.pk}/remove", {"reason": "Xóa thử"})

    def _theirs(self, world):
        return initiative_in(world.sibling, "Mô hình xã bạn", status=Status.RECOGNISED)

    def api_create_elsewhere(self, world):
        # Their recognised initiative, adopted in the name of our commune.
        data = {"unit": world.commune.pk, "adopted_on": "2024-08-01"}
        return ("post", f"/api/v1/initiatives/{self._theirs(world).pk}/adoptions", data)

    def web_create_elsewhere(self, world):
        data = {"unit": world.commune.pk, "adopted_on": "2024-08-01"}
        return ("post", f"/initiatives/{self._theirs(world).pk}/adopt/", data)

    def test_the_owner_does_not_see_adoptions_by_units_outside_its_scope(self, world, obj):
        theirs = Adoption.objects.create(
            initiative=obj.initiative, unit=world.sibling, adopted_on=obj.adopted_on
        )
        listed = ApiClient(world.editor).get(f"/api/v1/initiatives/{obj.initiative_id}/adoptions").json()
        assert [item["id"] for item in listed["items"]] == [obj.pk]
        before = world_state(Adoption)
        response = ApiClient(world.editor).post(f"/api/v1/adoptions/{theirs.pk}/remove", {"reason": "Xóa"})
        assert response.status_code == 404
        assert world_state(Adoption) == before


class TestResultEntryIsolation(InitiativePartContract):
    model = ResultEntry
    covers = (
        "initiatives/<int:pk>/results/new/",
        "initiatives/results/<int:pk>/remove/",
        "api/v1/initiatives/<id:initiative_id>/results",
        "api/v1/results/<id:result_id>",
    )

    def make(self, unit):
        return ResultEntry.objects.create(
            initiative=initiative_in(unit), on=dt.date(2024, 3, 31), text="Quý I: 12 hộ thoát nghèo"
        )

    def web_write(self, obj):
        return ("post", f"/initiatives/results/{obj.pk}/remove/", {})

    def api_detail_url(self, obj):
        return f"/api/v1/initiatives/{obj.initiative_id}/results"

    def api_write(self, obj):
        return ("delete", f"/api/v1/results/{obj.pk}", None)

    def web_create_elsewhere(self, world):
        ours = initiative_in(world.commune)
        return ("post", f"/initiatives/{ours.pk}/results/new/", {"on": "2024-04-01", "text": "Kết quả lạ"})

    def api_create_elsewhere(self, world):
        ours = initiative_in(world.commune)
        return ("post", f"/api/v1/initiatives/{ours.pk}/results", {"on": "2024-04-01", "text": "Kết quả lạ"})


class TestOutcomeIsolation(InitiativePartContract):
    model = Outcome
    covers = (
        "initiatives/<int:pk>/outcomes/new/",
        "initiatives/outcomes/<int:pk>/remove/",
        "api/v1/initiatives/<id:initiative_id>/outcomes",
        "api/v1/outcomes/<id:outcome_id>",
    )

    def make(self, unit):
        return Outcome.objects.create(
            initiative=initiative_in(unit), measure=OutcomeMeasure.objects.first(), value=1500000, on=ON
        )

    def web_write(self, obj):
        return ("post", f"/initiatives/outcomes/{obj.pk}/remove/", {})

    def api_detail_url(self, obj):
        return f"/api/v1/initiatives/{obj.initiative_id}/outcomes"

    def api_write(self, obj):
        return ("delete", f"/api/v1/outcomes/{obj.pk}", None)

    def _outcome(self) -> dict:
        return {"measure": OutcomeMeasure.objects.first().pk, "value": "1.000", "on": "2024-04-01"}

    def web_create_elsewhere(self, world):
        ours = initiative_in(world.commune)
        return ("post", f"/initiatives/{ours.pk}/outcomes/new/", self._outcome())

    def api_create_elsewhere(self, world):
        ours = initiative_in(world.commune)
        return ("post", f"/api/v1/initiatives/{ours.pk}/outcomes", self._outcome())


class TestAttachmentIsolation(InitiativePartContract):
    model = Attachment
    covers = (
        "initiatives/<int:pk>/attachments/new/",
        "initiatives/attachments/<int:pk>/",
        "initiatives/attachments/<int:pk>/remove/",
        "api/v1/initiatives/<id:initiative_id>/attachments",
        "api/v1/attachments/<id:attachment_id>/download",
        "api/v1/attachments/<id:attachment_id>",
    )

    def make(self, unit):
        attachment = Attachment(
            initiative=initiative_in(unit),
            name="anh.png",
            kind="photo",
            content_type="image/png",
            size=len(PNG),
        )
        attachment.file.save("anh.png", SimpleUploadedFile("anh.png", PNG), save=False)
        attachment.save()
        return attachment

    def web_detail_url(self, obj):
        return f"/initiatives/attachments/{obj.pk}/"

    def web_write(self, obj):
        return ("post", f"/initiatives/attachments/{obj.pk}/remove/", {})

    def web_create_elsewhere(self, world):
        ours = initiative_in(world.commune)
        data = {"file": SimpleUploadedFile("la.png", PNG), "caption": "Tệp lạ"}
        return ("post", f"/initiatives/{ours.pk}/attachments/new/", data)

    def api_detail_url(self, obj):
        return f"/api/v1/attachments/{obj.pk}/download"

    def api_write(self, obj):
        return ("delete", f"/api/v1/attachments/{obj.pk}", None)

    def test_outsider_cannot_list_or_upload_through_the_api(self, world, obj):
        url = f"/api/v1/initiatives/{obj.initiative_id}/attachments"
        assert ApiClient(world.editor).get(url).status_code == 200
        assert ApiClient(world.outsider).get(url).status_code == 404
        before = world_state(Attachment)
        outsider = ApiClient(world.outsider)
        response = outsider.client.post(
            url, {"file": SimpleUploadedFile("la.png", PNG), "caption": "Tệp lạ"}, headers=outsider.headers
        )
        assert response.status_code == 404 and response.json()["code"] == "not_found"
        assert world_state(Attachment) == before
