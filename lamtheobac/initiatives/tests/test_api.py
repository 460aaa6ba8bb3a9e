"""The initiatives API: every endpoint's happy path, and every bad input answering
the one error shape in Vietnamese with nothing written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import ApiClient, api_queries, ids, refused, world_state
from lamtheobac.initiatives import services
from lamtheobac.initiatives.models import (
    Adoption,
    Attachment,
    Criterion,
    Evaluation,
    Initiative,
    InitiativeField,
    Movement,
    Outcome,
    OutcomeMeasure,
    Recognition,
    ResultEntry,
    Transition,
)
from lamtheobac.people.models import Person
from lamtheobac.units.models import Kind, Level, Unit

pytestmark = pytest.mark.django_db

API = "/api/v1"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
REGISTERED = dt.date(2024, 1, 10)


def make(unit, title="Dân vận khéo", *, year=2024, **values):
    defaults = {
        "field": InitiativeField.objects.active().first(),
        "registered_on": REGISTERED,
        "status_since": REGISTERED,
    }
    return Initiative.objects.create(unit=unit, title=title, year=year, **{**defaults, **values})


def all_tables():
    return tuple(
        world_state(model)
        for model in (
            Initiative,
            Transition,
            Evaluation,
            Recognition,
            Adoption,
            ResultEntry,
            Outcome,
            Attachment,
        )
    )


def scores(adjust=0):
    return [(criterion, criterion.max_score - adjust) for criterion in Criterion.objects.active()]


def score_body(adjust=0):
    return [{"criterion": criterion.pk, "score": value} for criterion, value in scores(adjust)]


def recognised(world, unit=None, title="Ngày thứ bảy với dân"):
    """An initiative of our commune, started, evaluated and recognised at commune level."""
    unit = unit or world.commune
    initiative = services.register_initiative(
        actor=world.superuser,
        unit=unit,
        title=title,
        field=InitiativeField.objects.active().first(),
        year=2024,
        registered_on=REGISTERED,
    )
    services.take_step(initiative, actor=world.superuser, step="start", on=dt.date(2024, 2, 1))
    services.evaluate(
        initiative,
        actor=world.superuser,
        body="Hội thảo huyện",
        held_on=dt.date(2024, 6, 1),
        scores=scores(5),
    )
    services.recognise(
        initiative,
        actor=world.superuser,
        level="commune",
        grade="pilot",
        on=dt.date(2024, 7, 1),
        body_unit=unit,
    )
    return Initiative.objects.get(pk=initiative.pk)


def child(parent, code, name, level=Level.COMMUNE, kind=Kind.PARTY_COMMITTEE):
    return Unit.objects.add_child(
        Unit.objects.get(pk=parent.pk),
        instance=Unit(code=code, name=name, level=level, kind=kind, valid_from=dt.date(2020, 1, 1)),
    )


def upload(client: ApiClient, initiative, name="anh.png", content=PNG, **data):
    return client.client.post(
        f"{API}/initiatives/{initiative.pk}/attachments",
        {"file": SimpleUploadedFile(name, content), **data},
        headers=client.headers,
    )


# --- the list ---------------------------------------------------------------------


def test_it_lists_only_the_initiatives_of_the_callers_subtree(world):
    ours, cells, theirs = make(world.commune), make(world.cell), make(world.sibling)
    assert set(ids(ApiClient(world.editor).get(f"{API}/initiatives"))) == {ours.pk, cells.pk}
    assert ids(ApiClient(world.outsider).get(f"{API}/initiatives")) == [theirs.pk]
    assert ids(ApiClient(world.nobody).get(f"{API}/initiatives")) == []


def test_it_filters_the_list_by_each_criterion(world):
    fields = list(InitiativeField.objects.all()[:2])
    movement = Movement.objects.first()
    a = make(world.commune, "Dân vận khéo", field=fields[0], movement=movement)
    b = make(world.cell, "Thắp sáng đường quê", year=2023, field=fields[1], kind="exemplary_practice")
    c = make(
        world.sibling,
        "Hũ gạo tình thương",
        status="recognised",
        recognition_level="commune",
        recognition_grade="outstanding",
    )
    client = ApiClient(world.province_admin)
    url = f"{API}/initiatives"
    assert set(ids(client.get(url, {"year": 2024}))) == {a.pk, c.pk}
    assert ids(client.get(url, {"status": "recognised"})) == [c.pk]
    assert ids(client.get(url, {"field": fields[1].pk})) == [b.pk]
    assert ids(client.get(url, {"kind": "exemplary_practice"})) == [b.pk]
    assert ids(client.get(url, {"level": "commune", "grade": "outstanding"})) == [c.pk]
    assert ids(client.get(url, {"grade": "pilot"})) == []
    assert ids(client.get(url, {"movement": movement.pk})) == [a.pk]
    assert set(ids(client.get(url, {"unit": world.commune.pk}))) == {a.pk, b.pk}
    assert ids(client.get(url, {"unit": world.cell.pk})) == [b.pk]
    assert ids(client.get(url, {"q": "duong que"})) == [b.pk]
    assert ids(client.get(url, {"q": "tay ho"})) == [c.pk]  # the owner's name


def test_it_refuses_an_id_beyond_the_databases_range(world):
    response = ApiClient(world.editor).get(f"{API}/initiatives", {"field": 2**70})
    refused(response, 400, "invalid", {"field"})


def test_it_finds_nothing_for_a_unit_filter_outside_the_scope(world):
    make(world.sibling)
    assert ids(ApiClient(world.editor).get(f"{API}/initiatives", {"unit": world.sibling.pk})) == []
    assert ids(ApiClient(world.editor).get(f"{API}/initiatives", {"unit": 987654})) == []


def test_it_refuses_an_unknown_filter_value_in_vietnamese(world):
    response = ApiClient(world.editor).get(f"{API}/initiatives", {"status": "flying"})
    refused(response, 400, "invalid", {"status"})
    assert response.json()["fields"]["status"] == "Hãy chọn một trong các giá trị cho phép."


def test_it_shows_each_initiatives_owner_and_adoption_count_in_the_list(world):
    initiative = recognised(world)
    services.adopt(initiative, actor=world.superuser, unit=world.cell, adopted_on=dt.date(2024, 8, 1))
    services.adopt(initiative, actor=world.superuser, unit=world.sibling, adopted_on=dt.date(2024, 8, 2))
    [item] = ApiClient(world.viewer).get(f"{API}/initiatives").json()["items"]
    assert item["unit"] == world.commune.pk and item["unit_name"] == "Xã Đông Sơn"
    assert item["status"] == "replicated" and item["recognition_level"] == "commune"
    assert item["adoption_count"] == 2
    assert (
        item["field_name"] == InitiativeField.objects.active().first().name and item["movement_name"] is None
    )


def _province_with_communes(world, count):
    """`count` communes in all (ours and the sibling included), each owning an initiative."""
    for number in range(Unit.objects.filter(level=Level.COMMUNE).count(), count):
        commune = child(world.province, f"X{number + 10}", f"Xã số {number}")
        make(commune, f"Mô hình số {number}")


def test_it_lists_initiatives_with_the_same_number_of_queries_for_3_or_30_communes(world):
    client = ApiClient(world.province_admin)
    client.get(f"{API}/initiatives")  # the first call records the token's use

    def queries():
        count, body = api_queries(client, f"{API}/initiatives", {"limit": 500, "year": 2024})
        return count, body["count"]

    _province_with_communes(world, 3)
    few, count = queries()
    assert count == 1
    _province_with_communes(world, 30)
    many, count = queries()
    assert count == 28
    assert many == few
    assert few <= 4  # token, roles, page (+ count when paged)


# --- one initiative ------------------------------------------------------------------


def test_it_shows_an_initiative_with_its_whole_record(world):
    source = make(world.commune, "Mô hình gốc")
    initiative = recognised(world)
    initiative.derived_from = source
    initiative.save()
    services.adopt(initiative, actor=world.superuser, unit=world.cell, adopted_on=dt.date(2024, 8, 1))
    services.add_result(initiative, actor=world.superuser, on=dt.date(2024, 9, 1), text="12 hộ thoát nghèo")
    land = OutcomeMeasure.objects.get(name="Diện tích đất hiến")
    services.add_outcome(
        initiative, actor=world.superuser, measure=land, value="1.234,5", on=dt.date(2024, 9, 1)
    )
    services.add_attachment(
        initiative, actor=world.superuser, upload=SimpleUploadedFile("anh.png", PNG), caption="Ra quân"
    )
    response = ApiClient(world.viewer).get(f"{API}/initiatives/{initiative.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Ngày thứ bảy với dân" and body["status"] == "replicated"
    assert [step["action"] for step in body["transitions"]] == [
        "register",
        "start",
        "evaluate",
        "recognise",
        "replicate",
    ]
    [evaluation] = body["evaluations"]
    assert evaluation["body"] == "Hội thảo huyện" and evaluation["total_score"] == 80.0
    assert evaluation["max_total"] == 100.0 and len(evaluation["scores"]) == 4
    first = {"criterion": Criterion.objects.first().pk, "criterion_name": "Hiệu quả", "max_score": 30}
    assert evaluation["scores"][0] == {**first, "score": 25.0}
    [recognition] = body["recognitions"]
    assert recognition["level"] == "commune" and recognition["body"] == "Xã Đông Sơn"
    assert [adoption["unit"] for adoption in body["adoptions"]] == [world.cell.pk]
    assert [result["text"] for result in body["results"]] == ["12 hộ thoát nghèo"]
    [outcome] = body["outcomes"]
    assert (
        outcome["value"] == 1234.5
        and outcome["value_text"] == "1.234,5"
        and outcome["unit_of_measure"] == "m²"
    )
    [attachment] = body["attachments"]
    assert (
        attachment["name"] == "anh.png"
        and attachment["caption"] == "Ra quân"
        and attachment["size"] == len(PNG)
    )
    assert attachment["download_url"] == f"{API}/attachments/{attachment['id']}/download"
    assert body["derived_from"]["id"] == source.pk and body["derived_from"]["title"] == "Mô hình gốc"
    assert body["allowed_steps"] == ["suspend", "drop"]
    assert body["can_adopt"] and body["can_recognise"] and not body["can_evaluate"]
    assert body["adoption_count"] == 1


def test_it_shows_only_the_adoptions_and_sources_within_the_callers_scope(world):
    source = make(world.sibling, "Mô hình của xã bạn")
    initiative = recognised(world)
    Initiative.objects.filter(pk=initiative.pk).update(derived_from=source)
    services.adopt(initiative, actor=world.superuser, unit=world.sibling, adopted_on=dt.date(2024, 8, 1))
    mine = ApiClient(world.editor).get(f"{API}/initiatives/{initiative.pk}").json()
    assert mine["adoptions"] == [] and mine["derived_from"] is None
    assert mine["adoption_count"] == 1
    province = ApiClient(world.province_admin).get(f"{API}/initiatives/{initiative.pk}").json()
    assert [a["unit"] for a in province["adoptions"]] == [world.sibling.pk]
    assert province["derived_from"]["id"] == source.pk
    assert ids(ApiClient(world.editor).get(f"{API}/initiatives/{initiative.pk}/adoptions")) == []


def test_it_reads_an_initiative_in_a_fixed_number_of_queries_however_long_its_record(world):
    initiative = recognised(world)
    money = OutcomeMeasure.objects.get(name="Tiền huy động, ủng hộ")
    client = ApiClient(world.province_admin)
    client.get(f"{API}/initiatives/{initiative.pk}")  # the first call records the token's use

    def queries():
        return api_queries(client, f"{API}/initiatives/{initiative.pk}")

    def grow(number, unit):
        services.adopt(initiative, actor=world.superuser, unit=unit, adopted_on=dt.date(2024, 8, 1))
        services.add_outcome(
            initiative, actor=world.superuser, measure=money, value=number, on=dt.date(2024, 9, 1)
        )
        services.add_result(
            initiative, actor=world.superuser, on=dt.date(2024, 9, 1), text=f"Kết quả {number}"
        )
        services.add_attachment(initiative, actor=world.superuser, upload=SimpleUploadedFile("anh.png", PNG))

    grow(1, world.cell)
    few, body = queries()
    assert len(body["adoptions"]) == 1
    for number, unit in enumerate(
        (world.sibling, world.sibling_cell, child(world.province, "X9", "Xã Chín"))
    ):
        grow(number + 2, unit)
    services.recognise(
        initiative,
        actor=world.superuser,
        level="province",
        grade="outstanding",
        on=dt.date(2024, 10, 1),
        body_unit=world.province,
    )
    many, body = queries()
    assert len(body["adoptions"]) == 4 and len(body["recognitions"]) == 2 and len(body["attachments"]) == 4
    assert many == few


def test_it_answers_404_in_the_error_shape_for_an_initiative_outside_the_scope(world):
    theirs = make(world.sibling)
    message = refused(ApiClient(world.editor).get(f"{API}/initiatives/{theirs.pk}"), 404, "not_found")
    assert message == "Không tìm thấy, hoặc nằm ngoài phạm vi đơn vị của bạn."
    refused(ApiClient(world.editor).get(f"{API}/initiatives/987654"), 404, "not_found")


# --- registering and changing --------------------------------------------------------


def test_it_registers_an_initiative_and_records_it_as_an_api_change(world):
    person = Person.objects.create(unit=world.cell, full_name="Nguyễn Văn An")
    source = make(world.cell, "Mô hình gốc")
    field, movement = InitiativeField.objects.last(), Movement.objects.first()
    response = ApiClient(world.editor).post(
        f"{API}/initiatives",
        {
            "unit": world.cell.pk,
            "title": "  Chi bộ   bốn tốt ",
            "field": field.pk,
            "kind": "exemplary_practice",
            "year": 2024,
            "movement": movement.pk,
            "responsible": person.pk,
            "derived_from": source.pk,
            "start_date": "2024-03-01",
            "registered_on": "2024-02-15",
            "goals": "Mỗi đảng viên một việc làm cụ thể",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["title"] == "Chi bộ bốn tốt" and body["unit"] == world.cell.pk and body["status"] == "registered"
    )
    assert (
        body["field"] == field.pk and body["movement"] == movement.pk and body["kind"] == "exemplary_practice"
    )
    assert body["responsible"] == person.pk and body["responsible_name"] == "Nguyễn Văn An"
    assert body["derived_from"]["id"] == source.pk and body["registered_on"] == "2024-02-15"
    assert [step["action"] for step in body["transitions"]] == ["register"]
    assert body["allowed_steps"] == ["start", "suspend", "drop"]
    event = AuditEvent.objects.get(object_type="initiatives.initiative", object_id=str(body["id"]))
    assert event.action == "create" and event.via == "api" and event.actor == world.editor


def _new(world, **values):
    return {
        "unit": world.commune.pk,
        "title": "Mô hình mới",
        "field": InitiativeField.objects.active().first().pk,
        "year": 2024,
        **values,
    }


def test_it_refuses_to_register_in_a_unit_outside_the_scope(world):
    before = all_tables()
    for user in (world.outsider, world.viewer):
        refused(ApiClient(user).post(f"{API}/initiatives", _new(world)), 404, "not_found", {"unit"})
    assert all_tables() == before


def test_it_refuses_a_person_or_a_source_outside_the_scope(world):
    stranger = Person.objects.create(unit=world.sibling, full_name="Lê Văn Lạ")
    theirs = make(world.sibling, "Mô hình xã bạn")
    before = all_tables()
    client = ApiClient(world.editor)
    refused(
        client.post(f"{API}/initiatives", _new(world, responsible=stranger.pk)),
        404,
        "not_found",
        {"responsible"},
    )
    refused(
        client.post(f"{API}/initiatives", _new(world, derived_from=theirs.pk)),
        404,
        "not_found",
        {"derived_from"},
    )
    assert all_tables() == before


def test_it_refuses_a_field_out_of_use_or_unknown_and_a_year_out_of_range(world):
    retired = InitiativeField.objects.create(name="Lĩnh vực cũ", is_active=False)
    before = all_tables()
    client = ApiClient(world.editor)
    message = refused(
        client.post(f"{API}/initiatives", _new(world, field=retired.pk)), 400, "invalid", {"field"}
    )
    assert message == "“Lĩnh vực cũ” không còn được dùng: hãy chọn mục khác."
    message = refused(client.post(f"{API}/initiatives", _new(world, field=987654)), 400, "invalid", {"field"})
    assert message == "Hãy chọn một mục hợp lệ."
    message = refused(client.post(f"{API}/initiatives", _new(world, year=1999)), 400, "invalid", {"year"})
    assert message.startswith("Năm phải từ 2000 đến")
    refused(client.post(f"{API}/initiatives", _new(world, title="   ")), 400, "invalid", {"title"})
    assert all_tables() == before


def test_it_refuses_an_unknown_field_and_malformed_json_and_writes_nothing(world):
    before = all_tables()
    client = ApiClient(world.editor)
    response = client.post(f"{API}/initiatives", _new(world, colour="đỏ"))
    refused(response, 400, "invalid", {"colour"})
    assert response.json()["fields"]["colour"] == "Trường không được hỗ trợ."
    assert response.json()["message"] == "Một số giá trị không hợp lệ."
    response = client.client.post(
        f"{API}/initiatives", data="{not json", content_type="application/json", headers=client.headers
    )
    assert refused(response, 400, "malformed_json") == "Nội dung yêu cầu không phải JSON hợp lệ."
    response = client.client.post(
        f"{API}/initiatives", data="[1, 2]", content_type="application/json", headers=client.headers
    )
    refused(response, 400, "malformed_json")
    assert all_tables() == before


def test_it_changes_an_initiative_and_clears_a_link_with_null(world):
    initiative = make(world.commune, movement=Movement.objects.first(), start_date=dt.date(2024, 2, 1))
    response = ApiClient(world.editor).patch(
        f"{API}/initiatives/{initiative.pk}",
        {"title": "Dân vận khéo 2.0", "movement": None, "start_date": None},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Dân vận khéo 2.0" and body["movement"] is None and body["start_date"] is None
    initiative.refresh_from_db()
    assert initiative.movement is None and initiative.year == 2024
    assert AuditEvent.objects.filter(action="update", object_id=str(initiative.pk), via="api").exists()


def test_it_refuses_bad_changes_and_writes_nothing(world):
    initiative = make(world.commune)
    derived = make(world.cell, "Bản sao", derived_from=initiative)
    before = all_tables()
    url = f"{API}/initiatives/{initiative.pk}"
    response = ApiClient(world.editor).patch(url, {"title": None})
    refused(response, 400, "invalid", {"title"})
    assert response.json()["fields"]["title"] == "Trường này không được để trống (null)."
    refused(
        ApiClient(world.editor).patch(url, {"derived_from": derived.pk}), 400, "invalid", {"derived_from"}
    )
    refused(ApiClient(world.editor).patch(url, {"status": "recognised"}), 400, "invalid", {"status"})
    message = refused(ApiClient(world.viewer).patch(url, {"title": "Đổi"}), 403, "forbidden")
    assert message == "Bạn không có quyền thực hiện thao tác này."
    refused(ApiClient(world.outsider).patch(url, {"title": "Đổi"}), 404, "not_found")
    assert all_tables() == before


# --- lifecycle -----------------------------------------------------------------------


def test_it_takes_the_lifecycle_steps_and_logs_them(world):
    initiative = make(world.commune)
    client = ApiClient(world.editor)
    url = f"{API}/initiatives/{initiative.pk}/steps"
    response = client.post(url, {"step": "start", "on": "2024-02-01"})
    assert response.status_code == 201, response.content
    assert response.json()["to_status"] == "in_progress" and response.json()["actor"] == "xa"
    response = client.post(url, {"step": "suspend", "on": "2024-03-01"})
    assert refused(response, 400, "invalid", {"note"}) == "Hãy nêu lý do."
    assert client.post(url, {"step": "suspend", "on": "2024-03-01", "note": "Mưa lũ"}).status_code == 201
    assert client.post(url, {"step": "resume", "on": "2024-04-01"}).json()["to_status"] == "in_progress"
    steps = client.get(url).json()
    assert [(s["action"], s["to_status"]) for s in steps["items"]] == [
        ("start", "in_progress"),
        ("suspend", "suspended"),
        ("resume", "in_progress"),
    ]
    assert steps["items"][1]["note"] == "Mưa lũ"
    assert Initiative.objects.get(pk=initiative.pk).status == "in_progress"


def test_it_refuses_an_illegal_step_with_409_and_writes_nothing(world):
    initiative = make(world.commune)
    before = all_tables()
    client = ApiClient(world.editor)
    url = f"{API}/initiatives/{initiative.pk}/steps"
    message = refused(client.post(url, {"step": "resume"}), 409, "illegal_transition")
    assert message.startswith("Không thể") and "“Đã đăng ký”" in message
    assert (
        refused(client.post(url, {"step": "evaluate"}), 400, "invalid", {"step"}) == "Hãy chọn bước hợp lệ."
    )
    message = refused(client.post(url, {"step": "start", "on": "2099-01-01"}), 400, "invalid", {"on"})
    assert message == "Ngày không được sau ngày hôm nay."
    refused(client.post(url, {"step": "start", "on": "31/12/2024"}), 400, "invalid", {"on"})
    refused(ApiClient(world.viewer).post(url, {"step": "start"}), 403, "forbidden")
    assert all_tables() == before


# --- evaluation and recognition --------------------------------------------------------


def started(world, unit=None):
    initiative = make(unit or world.commune)
    services.take_step(initiative, actor=world.superuser, step="start", on=dt.date(2024, 2, 1))
    return Initiative.objects.get(pk=initiative.pk)


def test_it_evaluates_an_initiative_on_the_rubric(world):
    initiative = started(world)
    url = f"{API}/initiatives/{initiative.pk}/evaluations"
    response = ApiClient(world.admin).post(
        url, {"body": "Hội thảo đánh giá", "held_on": "2024-06-01", "scores": score_body(2), "note": "Tốt"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["total_score"] == 92.0 and body["max_total"] == 100.0 and len(body["scores"]) == 4
    assert Initiative.objects.get(pk=initiative.pk).status == "evaluated"
    assert ids(ApiClient(world.viewer).get(url)) == [body["id"]]


def test_it_refuses_bad_evaluations_and_writes_nothing(world):
    initiative = started(world)
    registered = make(world.commune, "Chưa triển khai")
    before = all_tables()
    url = f"{API}/initiatives/{initiative.pk}/evaluations"
    good = {"body": "Hội thảo", "held_on": "2024-06-01", "scores": score_body()}
    admin = ApiClient(world.admin)
    refused(ApiClient(world.editor).post(url, good), 403, "forbidden")
    message = refused(admin.post(url, {**good, "scores": score_body()[:3]}), 400, "invalid", {"scores"})
    assert message.startswith("Hãy chấm điểm đủ các tiêu chí: ")
    unknown = [*score_body()[:3], {"criterion": 987654, "score": 1}]
    refused(admin.post(url, {**good, "scores": unknown}), 400, "invalid", {"scores.3.criterion"})
    too_high = [{**score_body()[0], "score": 31}, *score_body()[1:]]
    refused(admin.post(url, {**good, "scores": too_high}), 400, "invalid", {"scores"})
    refused(admin.post(url, {**good, "body": " "}), 400, "invalid", {"body"})
    message = refused(
        admin.post(f"{API}/initiatives/{registered.pk}/evaluations", good), 409, "illegal_transition"
    )
    assert "“Đã đăng ký”" in message
    refused(ApiClient(world.outsider_admin).post(url, good), 404, "not_found")
    assert all_tables() == before


def evaluated(world, unit=None):
    initiative = started(world, unit)
    services.evaluate(
        initiative, actor=world.superuser, body="Hội thảo", held_on=dt.date(2024, 6, 1), scores=scores()
    )
    return Initiative.objects.get(pk=initiative.pk)


def test_it_recognises_an_initiative_at_the_bodys_level(world):
    initiative = evaluated(world)
    url = f"{API}/initiatives/{initiative.pk}/recognitions"
    response = ApiClient(world.province_approver).post(
        url,
        {
            "level": "province",
            "grade": "outstanding",
            "on": "2024-07-01",
            "body_unit": world.province.pk,
            "decision": "Quyết định số 12-QĐ/TU",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["body"] == "Tỉnh Thử"
        and body["level"] == "province"
        and body["decision"] == "Quyết định số 12-QĐ/TU"
    )
    initiative.refresh_from_db()
    assert initiative.status == "recognised" and initiative.recognition_level == "province"
    assert ids(ApiClient(world.viewer).get(url)) == [body["id"]]


def test_it_refuses_bad_recognitions_and_writes_nothing(world):
    initiative = evaluated(world)
    before = all_tables()
    url = f"{API}/initiatives/{initiative.pk}/recognitions"
    good = {"level": "commune", "grade": "pilot", "on": "2024-07-01", "body_unit": world.commune.pk}
    # A commune recognises at commune level at most.
    message = refused(
        ApiClient(world.admin).post(url, {**good, "level": "province"}), 400, "invalid", {"level"}
    )
    assert (
        message == "Xã Đông Sơn không thể công nhận “Cấp tỉnh”: mỗi cơ quan chỉ công nhận đến cấp của mình."
    )
    # The province is not the commune admin's to approve at; the sibling is no one's here.
    refused(
        ApiClient(world.admin).post(url, {**good, "body_unit": world.province.pk}),
        404,
        "not_found",
        {"body_unit"},
    )
    refused(
        ApiClient(world.province_approver).post(url, {**good, "body_unit": world.sibling.pk}),
        400,
        "invalid",
        {"body_unit"},
    )
    refused(ApiClient(world.editor).post(url, good), 404, "not_found", {"body_unit"})
    national = {"level": "national", "grade": "outstanding", "on": "2024-07-01"}
    message = refused(ApiClient(world.province_admin).post(url, national), 400, "invalid", {"body_name"})
    assert message == "Hãy ghi tên cơ quan trung ương đã công nhận."
    refused(ApiClient(world.admin).post(url, {**good, "grade": "golden"}), 400, "invalid", {"grade"})
    refused(ApiClient(world.outsider_admin).post(url, good), 404, "not_found")
    assert all_tables() == before


# --- replication ---------------------------------------------------------------------


def test_it_records_and_removes_an_adoption(world):
    initiative = recognised(world)
    client = ApiClient(world.admin)
    url = f"{API}/initiatives/{initiative.pk}/adoptions"
    response = client.post(url, {"unit": world.cell.pk, "adopted_on": "2024-08-01", "local_title": "Thứ bảy"})
    assert response.status_code == 201, response.content
    adoption = response.json()
    assert adoption["unit"] == world.cell.pk and adoption["unit_name"] == "Chi bộ thôn Một"
    assert Initiative.objects.get(pk=initiative.pk).status == "replicated"
    assert ids(client.get(url)) == [adoption["id"]]
    refused(
        client.post(f"{API}/adoptions/{adoption['id']}/remove", {"reason": " "}), 400, "invalid", {"reason"}
    )
    refused(
        ApiClient(world.viewer).post(f"{API}/adoptions/{adoption['id']}/remove", {"reason": "Nhầm"}),
        403,
        "forbidden",
    )
    response = client.post(f"{API}/adoptions/{adoption['id']}/remove", {"reason": "Ghi nhầm đơn vị"})
    assert response.status_code == 204, response.content
    assert not Adoption.objects.exists()
    assert Initiative.objects.get(pk=initiative.pk).status == "recognised"
    assert AuditEvent.objects.filter(object_type="initiatives.adoption", action="delete", via="api").exists()


def test_it_refuses_bad_adoptions_and_writes_nothing(world):
    initiative = recognised(world)
    services.adopt(initiative, actor=world.superuser, unit=world.cell, adopted_on=dt.date(2024, 8, 1))
    registered = make(world.commune, "Chưa công nhận")
    before = all_tables()
    url = f"{API}/initiatives/{initiative.pk}/adoptions"
    admin = ApiClient(world.admin)
    message = refused(
        admin.post(url, {"unit": world.commune.pk, "adopted_on": "2024-08-01"}), 400, "invalid", {"unit"}
    )
    assert message == "Đơn vị chủ trì không thể tự nhân rộng mô hình của mình."
    message = refused(
        admin.post(url, {"unit": world.cell.pk, "adopted_on": "2024-08-02"}), 409, "duplicate", {"unit"}
    )
    assert message == "Chi bộ thôn Một đã nhân rộng mô hình này rồi."
    refused(
        admin.post(url, {"unit": world.sibling.pk, "adopted_on": "2024-08-01"}), 404, "not_found", {"unit"}
    )
    message = refused(
        ApiClient(world.admin).post(
            f"{API}/initiatives/{registered.pk}/adoptions",
            {"unit": world.cell.pk, "adopted_on": "2024-08-01"},
        ),
        409,
        "illegal_transition",
    )
    assert message.startswith("Chỉ nhân rộng được mô hình đã được công nhận")
    refused(
        admin.post(url, {"unit": world.cell.pk, "adopted_on": "2024-08-01", "extra": 1}),
        400,
        "invalid",
        {"extra"},
    )
    refused(
        ApiClient(world.outsider).post(url, {"unit": world.sibling.pk, "adopted_on": "2024-08-01"}),
        404,
        "not_found",
    )
    assert all_tables() == before


def test_it_reports_how_far_an_initiative_was_replicated(world):
    initiative = recognised(world)
    for number in range(3):
        child(world.province, f"X{number + 10}", f"Xã số {number}")
    services.adopt(initiative, actor=world.superuser, unit=world.sibling_cell, adopted_on=dt.date(2024, 8, 1))
    client = ApiClient(world.province_admin)
    url = f"{API}/initiatives/{initiative.pk}/replication"
    body = client.get(url).json()
    assert (
        body["within"] == world.province.pk
        and body["within_name"] == "Tỉnh Thử"
        and body["level"] == "commune"
    )
    assert (body["adopted"], body["total"], body["text"]) == (1, 4, "1/4 (25%)")
    assert body["units"]["count"] == 4
    assert [(u["name"], u["adopted"]) for u in body["units"]["items"]][:1] == [("Xã Tây Hồ", True)]
    assert sum(u["adopted"] for u in body["units"]["items"]) == 1
    body = client.get(url, {"within": world.sibling.pk, "level": "cell"}).json()
    assert (body["adopted"], body["total"], body["text"]) == (1, 1, "1/1 (100%)")
    assert len(client.get(url, {"limit": 2}).json()["units"]["items"]) == 2
    refused(ApiClient(world.editor).get(url, {"within": world.sibling.pk}), 404, "not_found", {"within"})
    refused(client.get(url, {"level": "planet"}), 400, "invalid", {"level"})


# --- results and outcomes ----------------------------------------------------------------


def test_it_adds_lists_and_removes_results(world):
    initiative = make(world.commune)
    client = ApiClient(world.editor)
    url = f"{API}/initiatives/{initiative.pk}/results"
    response = client.post(url, {"on": "2024-03-31", "text": "Quý I: 12 hộ thoát nghèo"})
    assert response.status_code == 201, response.content
    result = response.json()
    assert ids(ApiClient(world.viewer).get(url)) == [result["id"]]
    before = all_tables()
    assert (
        refused(client.post(url, {"on": "2024-03-31", "text": "  "}), 400, "invalid", {"text"})
        == "Hãy ghi kết quả."
    )
    refused(client.post(url, {"on": "2999-01-01", "text": "Tương lai"}), 400, "invalid", {"on"})
    refused(ApiClient(world.viewer).delete(f"{API}/results/{result['id']}"), 403, "forbidden")
    assert all_tables() == before
    assert client.delete(f"{API}/results/{result['id']}").status_code == 204
    assert not ResultEntry.objects.exists()


def test_it_adds_outcomes_as_numbers_or_vietnamese_text(world):
    initiative = make(world.commune)
    client = ApiClient(world.editor)
    url = f"{API}/initiatives/{initiative.pk}/outcomes"
    money = OutcomeMeasure.objects.get(name="Tiền huy động, ủng hộ")
    land = OutcomeMeasure.objects.get(name="Diện tích đất hiến")
    response = client.post(url, {"measure": money.pk, "value": 2652000000, "on": "2024-12-31"})
    assert response.status_code == 201, response.content
    assert response.json()["value_text"] == "2.652.000.000" and response.json()["unit_of_measure"] == "đồng"
    response = client.post(
        url, {"measure": land.pk, "value": "37.647,5", "on": "2024-12-31", "note": "Hiến đất"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["value"] == 37647.5
    assert Outcome.objects.get(pk=response.json()["id"]).value == Decimal("37647.5")
    assert client.post(url, {"measure": land.pk, "value": 12.5, "on": "2024-12-31"}).status_code == 201
    assert len(ids(client.get(url))) == 3
    outcome = response.json()["id"]
    assert client.delete(f"{API}/outcomes/{outcome}").status_code == 204
    assert not Outcome.objects.filter(pk=outcome).exists()


def test_it_refuses_bad_outcomes_and_writes_nothing(world):
    initiative = make(world.commune)
    money = OutcomeMeasure.objects.get(name="Tiền huy động, ủng hộ")
    retired = OutcomeMeasure.objects.create(name="Chỉ tiêu cũ", unit_of_measure="cái", is_active=False)
    services.add_outcome(initiative, actor=world.superuser, measure=money, value=1000, on=dt.date(2024, 5, 1))
    before = all_tables()
    client = ApiClient(world.editor)
    url = f"{API}/initiatives/{initiative.pk}/outcomes"
    response = client.post(url, {"measure": money.pk, "value": -5, "on": "2024-12-31"})
    message = refused(response, 400, "invalid", {"value"})
    assert message == "Giá trị không được âm."
    assert (
        refused(
            client.post(url, {"measure": money.pk, "value": "-1.000", "on": "2024-12-31"}),
            400,
            "invalid",
            {"value"},
        )
        == "Giá trị không được âm."
    )
    assert (
        refused(
            client.post(url, {"measure": money.pk, "value": "nhiều", "on": "2024-12-31"}),
            400,
            "invalid",
            {"value"},
        )
        == "Hãy nhập một số."
    )
    refused(
        client.post(url, {"measure": money.pk, "value": 1.5, "on": "2024-12-31"}), 400, "invalid", {"value"}
    )
    refused(
        client.post(url, {"measure": 987654, "value": 1, "on": "2024-12-31"}), 400, "invalid", {"measure"}
    )
    refused(
        client.post(url, {"measure": retired.pk, "value": 1, "on": "2024-12-31"}), 400, "invalid", {"measure"}
    )
    for value in ([1], True, None):
        refused(
            client.post(url, {"measure": money.pk, "value": value, "on": "2024-12-31"}),
            400,
            "invalid",
            {"value"},
        )
    refused(ApiClient(world.viewer).delete(f"{API}/outcomes/{Outcome.objects.get().pk}"), 403, "forbidden")
    assert all_tables() == before


def test_it_adds_up_outcomes_by_measure_within_the_scope(world):
    money = OutcomeMeasure.objects.get(name="Tiền huy động, ủng hộ")
    land = OutcomeMeasure.objects.get(name="Diện tích đất hiến")
    ours, cells, theirs = make(world.commune), make(world.cell, year=2023), make(world.sibling)
    for initiative, value in ((ours, 1500000), (cells, 2000000), (theirs, 9000000)):
        services.add_outcome(
            initiative, actor=world.superuser, measure=money, value=value, on=dt.date(2024, 5, 1)
        )
    services.add_outcome(ours, actor=world.superuser, measure=land, value="120,5", on=dt.date(2024, 5, 1))
    client = ApiClient(world.editor)
    rows = client.get(f"{API}/initiatives/outcome-totals").json()
    assert [(row["name"], row["total"], row["total_text"], row["entries"]) for row in rows] == [
        ("Tiền huy động, ủng hộ", 3500000.0, "3.500.000", 2),
        ("Diện tích đất hiến", 120.5, "120,5", 1),
    ]
    assert client.get(f"{API}/initiatives/outcome-totals", {"year": 2023}).json()[0]["total"] == 2000000.0
    rows = client.get(f"{API}/initiatives/outcome-totals", {"unit": world.cell.pk}).json()
    assert [(row["name"], row["total"]) for row in rows] == [("Tiền huy động, ủng hộ", 2000000.0)]
    refused(
        client.get(f"{API}/initiatives/outcome-totals", {"unit": world.sibling.pk}),
        404,
        "not_found",
        {"unit"},
    )


# --- attachments ---------------------------------------------------------------------


def test_it_uploads_lists_downloads_and_removes_an_attachment(world):
    initiative = make(world.commune)
    client = ApiClient(world.editor)
    response = upload(client, initiative, "Ảnh ra quân.png", caption="Ra quân  đầu năm")
    assert response.status_code == 201, response.content
    attachment = response.json()
    assert attachment["name"] == "Ảnh ra quân.png" and attachment["kind"] == "photo"
    assert attachment["content_type"] == "image/png" and attachment["caption"] == "Ra quân đầu năm"
    assert ids(ApiClient(world.viewer).get(f"{API}/initiatives/{initiative.pk}/attachments")) == [
        attachment["id"]
    ]
    download = ApiClient(world.viewer).get(attachment["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert download["Content-Type"] == "image/png"
    assert "attachment" in download["Content-Disposition"] and ".png" in download["Content-Disposition"]
    refused(ApiClient(world.outsider).get(attachment["download_url"]), 404, "not_found")
    refused(ApiClient(world.viewer).delete(f"{API}/attachments/{attachment['id']}"), 403, "forbidden")
    assert client.delete(f"{API}/attachments/{attachment['id']}").status_code == 204
    assert not Attachment.objects.exists()
    refused(client.get(attachment["download_url"]), 404, "not_found")


def test_it_refuses_bad_uploads_and_writes_nothing(world, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    initiative = make(world.commune)
    before = all_tables()
    client = ApiClient(world.editor)
    response = upload(client, initiative, "lon.png", PNG + b"\x00" * (1024 * 1024))
    assert refused(response, 400, "file_too_large", {"file"}) == "Tệp quá lớn: tối đa 1 MB."
    message = refused(
        upload(client, initiative, "virus.exe", b"MZ\x90\x00"), 400, "unsupported_file", {"file"}
    )
    assert message.startswith("Không nhận loại tệp này. Chỉ nhận: ")
    message = refused(upload(client, initiative, "gia.pdf", PNG), 400, "unsupported_file", {"file"})
    assert message == "Nội dung tệp không đúng với loại tệp (pdf)."
    refused(upload(client, initiative, "rong.png", b""), 400, "invalid", {"file"})
    response = client.client.post(
        f"{API}/initiatives/{initiative.pk}/attachments", {"caption": "Không có tệp"}, headers=client.headers
    )
    refused(response, 400, "invalid", {"file"})
    refused(upload(ApiClient(world.viewer), initiative), 403, "forbidden")
    refused(upload(ApiClient(world.outsider), initiative), 404, "not_found")
    assert all_tables() == before


# --- coverage ------------------------------------------------------------------------


def test_it_reports_the_units_without_an_initiative_by_kind(world):
    front = child(world.commune, "X1-MT", "Mặt trận xã Đông Sơn", Level.NONE, Kind.FRONT)
    make(world.commune, year=2024)
    recognised_elsewhere = recognised(world, world.sibling, "Hũ gạo")
    services.adopt(recognised_elsewhere, actor=world.superuser, unit=front, adopted_on=dt.date(2024, 8, 1))
    client = ApiClient(world.province_admin)
    body = client.get(f"{API}/initiatives/coverage", {"year": 2024}).json()
    # Expected: the province, both communes and the Front (cells are not expected to own one).
    assert (body["expected"], body["covered"], body["missing"], body["text"]) == (4, 3, 1, "3/4 (75%)")
    committees = next(row for row in body["by_kind"] if row["kind"] == "party_committee")
    assert committees == {
        "kind": "party_committee",
        "label": "Cấp ủy, đảng bộ",
        "expected": 3,
        "covered": 2,
        "missing": 1,
    }
    assert body["missing_units"] == {
        "items": [
            {
                "id": world.province.pk,
                "code": "T",
                "name": "Tỉnh Thử",
                "kind": "party_committee",
                "level": "province",
            }
        ],
        "count": 1,
    }
    body = client.get(f"{API}/initiatives/coverage", {"year": 2024, "unit": world.commune.pk}).json()
    assert (body["unit"], body["expected"], body["covered"]) == (world.commune.pk, 2, 2)
    body = client.get(f"{API}/initiatives/coverage", {"year": 2024, "kind": ["front", "mass_org"]}).json()
    assert [row["kind"] for row in body["by_kind"]] == ["front", "mass_org"]
    assert (body["expected"], body["covered"]) == (1, 1)
    body = client.get(f"{API}/initiatives/coverage", {"year": 2023}).json()
    assert body["covered"] == 0 and body["missing_units"]["count"] == 4
    editor = ApiClient(world.editor)
    assert editor.get(f"{API}/initiatives/coverage", {"year": 2024}).json()["expected"] == 2
    refused(editor.get(f"{API}/initiatives/coverage", {"unit": world.sibling.pk}), 404, "not_found", {"unit"})
    refused(editor.get(f"{API}/initiatives/coverage", {"year": 1}), 400, "invalid", {"year"})
    refused(editor.get(f"{API}/initiatives/coverage", {"kind": "planet"}), 400, "invalid")


def test_it_reports_coverage_with_the_same_number_of_queries_for_3_or_30_communes(world):
    client = ApiClient(world.province_admin)
    client.get(f"{API}/initiatives/coverage")  # the first call records the token's use

    def queries():
        return api_queries(
            client, f"{API}/initiatives/coverage", {"year": 2024, "unit": world.province.pk, "limit": 2}
        )

    for number in range(1):  # a third commune, without an initiative
        child(world.province, f"K{number}", f"Xã trống {number}")
    few, body = queries()
    assert body["expected"] == 4
    _province_with_communes(world, 30)
    for number in range(1, 12):
        child(world.province, f"K{number}", f"Xã trống {number}")
    many, body = queries()
    assert body["expected"] == 1 + 30 + 11 and body["missing_units"]["count"] == 4 + 11
    assert many == few
    assert few <= 6  # token, roles, unit, counts by kind, missing page (+ its count)


# --- the configured lists ----------------------------------------------------------------


def test_everyone_reads_the_lists_and_filters_by_use(world):
    Movement.objects.create(name="Phong trào cũ", is_active=False)
    client = ApiClient(world.viewer)
    response = client.get(f"{API}/initiative-lists/criteria")
    assert response.status_code == 200
    assert [(c["name"], c["max_score"]) for c in response.json()["items"]][:1] == [("Hiệu quả", 30)]
    measures = client.get(f"{API}/initiative-lists/measures").json()["items"]
    assert {"name": "Diện tích đất hiến", "unit_of_measure": "m²", "decimals": 1}.items() <= next(
        m for m in measures if m["name"] == "Diện tích đất hiến"
    ).items()
    assert client.get(f"{API}/initiative-lists/fields").json()["count"] == 9
    assert client.get(f"{API}/initiative-lists/movements").json()["count"] == 10
    assert client.get(f"{API}/initiative-lists/movements", {"in_use": True}).json()["count"] == 9
    off = client.get(f"{API}/initiative-lists/movements", {"in_use": False}).json()["items"]
    assert [m["name"] for m in off] == ["Phong trào cũ"]


def test_the_system_administrator_adds_and_changes_list_entries(world):
    client = ApiClient(world.superuser)
    response = client.post(
        f"{API}/initiative-lists/measures", {"name": "Cây xanh trồng mới", "unit_of_measure": "cây"}
    )
    assert response.status_code == 201, response.content
    entry = response.json()
    assert entry["unit_of_measure"] == "cây" and entry["decimals"] == 0 and entry["is_active"]
    response = client.patch(
        f"{API}/initiative-lists/measures", {"id": entry["id"], "is_active": False, "decimals": 1}
    )
    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is False and response.json()["decimals"] == 1
    assert not OutcomeMeasure.objects.get(pk=entry["id"]).is_active
    criterion = Criterion.objects.first()
    response = client.patch(f"{API}/initiative-lists/criteria", {"id": criterion.pk, "max_score": 40})
    assert response.status_code == 200 and response.json()["max_score"] == 40
    assert AuditEvent.objects.filter(object_type="initiatives.outcomemeasure", via="api").count() == 2


def test_others_cannot_change_the_lists_and_bad_entries_write_nothing(world):
    field = InitiativeField.objects.active().first()
    before = world_state(InitiativeField)
    for user in (world.province_admin, world.editor):
        client = ApiClient(user)
        refused(client.post(f"{API}/initiative-lists/fields", {"name": "Lĩnh vực mới"}), 403, "forbidden")
        refused(
            client.patch(f"{API}/initiative-lists/fields", {"id": field.pk, "name": "Đổi"}), 403, "forbidden"
        )
    root = ApiClient(world.superuser)
    message = refused(
        root.post(f"{API}/initiative-lists/fields", {"name": field.name}), 409, "duplicate", {"name"}
    )
    assert message == "Tên này đã có trong danh mục."
    refused(
        root.patch(f"{API}/initiative-lists/fields", {"id": 987654, "name": "Đổi"}), 404, "not_found", {"id"}
    )
    refused(root.patch(f"{API}/initiative-lists/fields", {"name": "Không có id"}), 400, "invalid", {"id"})
    refused(
        root.patch(f"{API}/initiative-lists/fields", {"id": field.pk, "colour": "đỏ"}),
        400,
        "invalid",
        {"colour"},
    )
    assert world_state(InitiativeField) == before


# --- the document ----------------------------------------------------------------------

PATHS = {
    "/api/v1/initiatives": {"get", "post"},
    "/api/v1/initiatives/coverage": {"get"},
    "/api/v1/initiatives/outcome-totals": {"get"},
    "/api/v1/initiatives/{initiative_id}": {"get", "patch"},
    "/api/v1/initiatives/{initiative_id}/steps": {"get", "post"},
    "/api/v1/initiatives/{initiative_id}/evaluations": {"get", "post"},
    "/api/v1/initiatives/{initiative_id}/recognitions": {"get", "post"},
    "/api/v1/initiatives/{initiative_id}/adoptions": {"get", "post"},
    "/api/v1/initiatives/{initiative_id}/replication": {"get"},
    "/api/v1/initiatives/{initiative_id}/results": {"get", "post"},
    "/api/v1/initiatives/{initiative_id}/outcomes": {"get", "post"},
    "/api/v1/initiatives/{initiative_id}/attachments": {"get", "post"},
    "/api/v1/adoptions/{adoption_id}/remove": {"post"},
    "/api/v1/results/{result_id}": {"delete"},
    "/api/v1/outcomes/{outcome_id}": {"delete"},
    "/api/v1/attachments/{attachment_id}": {"delete"},
    "/api/v1/attachments/{attachment_id}/download": {"get"},
    **{f"/api/v1/initiative-lists/{name}": {"get", "post", "patch"} for name in services.LISTS},
}


def test_the_openapi_document_lists_every_initiative_endpoint():
    document = Client().get("/api/v1/openapi.json").json()
    for path, methods in PATHS.items():
        assert path in document["paths"], path
        assert methods <= set(document["paths"][path]), path
        for method in methods:
            assert document["paths"][path][method]["tags"] == ["initiatives"], (method, path)
    schemas = document["components"]["schemas"]
    assert schemas["StepIn"]["properties"]["step"]["enum"] == [
        "start",
        "suspend",
        "resume",
        "drop",
    ]
    assert "replicated" in str(document["paths"]["/api/v1/initiatives"]["get"]["parameters"])
    upload_body = document["paths"]["/api/v1/initiatives/{initiative_id}/attachments"]["post"]["requestBody"]
    assert "multipart/form-data" in upload_body["content"]
    # The units' and the people's schemas keep their own names.
    assert {"UnitOut", "PersonOut", "InitiativeOut", "AdoptionOut", "CoverageOut"} <= set(schemas)
