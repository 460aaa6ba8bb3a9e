"""The initiative pages: what the owner, an approver above and an outsider see and
may do, and how every bad input is refused on the page without writing anything."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from lamtheobac.core.models import AuditEvent
from lamtheobac.core.querysets import today
from lamtheobac.core.testing import START, state, web_client, world_state
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
    Status,
    Transition,
)
from lamtheobac.people.models import Person
from lamtheobac.units import forms as unit_forms
from lamtheobac.units.models import Kind, Level, Unit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
MODELS = (Initiative, Transition, Evaluation, Recognition, Adoption, ResultEntry, Outcome, Attachment)


def field(name="Giảm nghèo, an sinh xã hội"):
    return InitiativeField.objects.get(name=name)


def register(world, unit=None, title="Ngày thứ bảy với dân", **values):
    values.setdefault("year", today().year)
    return services.register_initiative(
        actor=world.superuser,
        unit=unit or world.commune,
        title=title,
        field=values.pop("field", field()),
        **values,
    )


def evaluate(world, initiative):
    scores = [(criterion, criterion.max_score) for criterion in Criterion.objects.active()]
    services.evaluate(
        initiative, actor=world.province_approver, body="Hội thảo", held_on=today(), scores=scores
    )


def recognised(world, initiative, level="province"):
    """Take an initiative through start, evaluation and recognition at `level`."""
    services.take_step(initiative, actor=world.province_approver, step="start")
    evaluate(world, initiative)
    services.recognise(
        initiative,
        actor=world.province_approver,
        level=level,
        grade="pilot",
        on=today(),
        body_unit=world.province,
    )
    return Initiative.objects.get(pk=initiative.pk)


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def initiative(world):
    return register(world)


# -- every page, three users ------------------------------------------------------
def pages(initiative):
    base = f"/initiatives/{initiative.pk}"
    return [
        f"{base}/",
        f"{base}/edit/",
        f"{base}/adopt/",
        f"{base}/replication/",
        f"{base}/results/new/",
        f"{base}/outcomes/new/",
        f"{base}/attachments/new/",
    ]


def test_each_page_answers_for_the_owner_and_404_for_an_outsider(world, initiative):
    owner, outsider = web_client(world.editor), web_client(world.outsider)
    for url in pages(initiative):
        assert owner.get(url).status_code == 200, url
        assert outsider.get(url).status_code == 404, url
    approver = web_client(world.province_approver)
    for url in (f"/initiatives/{initiative.pk}/evaluate/", f"/initiatives/{initiative.pk}/recognise/"):
        assert approver.get(url).status_code == 200, url
        assert outsider.get(url).status_code == 404, url
        # Evaluating and recognising are an approver's acts: an editor meets the same 404.
        assert owner.get(url).status_code == 404, url
    for url in ("/initiatives/", "/initiatives/new/", "/initiatives/coverage/"):
        assert owner.get(url).status_code == 200, url
    assert owner.get("/initiatives/987654321/").status_code == 404


def test_the_detail_page_shows_the_facts_and_offers_only_allowed_steps(world, initiative):
    page = text(web_client(world.editor).get(f"/initiatives/{initiative.pk}/"))
    assert "Ngày thứ bảy với dân" in page and "Xã Đông Sơn" in page
    assert "Giảm nghèo, an sinh xã hội" in page and "Đã đăng ký" in page
    assert '<option value="start"' in page and '<option value="drop"' in page
    assert '<option value="resume"' not in page
    # No approver actions for an editor.
    assert f"/initiatives/{initiative.pk}/evaluate/" not in page
    viewer = text(web_client(world.viewer).get(f"/initiatives/{initiative.pk}/"))
    assert "Ngày thứ bảy với dân" in viewer
    assert (
        f"/initiatives/{initiative.pk}/step/" not in viewer
        and f"/initiatives/{initiative.pk}/edit/" not in viewer
    )


# -- register and edit --------------------------------------------------------------
def test_it_registers_an_initiative_through_the_form(world):
    person = Person.objects.create(unit=world.cell, full_name="Lê Thị Phụ Trách")
    client = web_client(world.editor)
    form_page = text(client.get("/initiatives/new/"))
    assert "Lê Thị Phụ Trách" in form_page  # people of the editor's commune are offered
    response = client.post(
        "/initiatives/new/",
        {
            "unit": world.commune.pk,
            "title": "  Dân vận   khéo ở thôn  ",
            "field": field().pk,
            "kind": "exemplary_practice",
            "year": today().year,
            "movement": Movement.objects.get(name="Dân vận khéo").pk,
            "description": "Cán bộ về thôn mỗi thứ bảy.",
            "goals": "100% hộ được thăm hỏi.",
            "responsible": person.pk,
            "start_date": "2024-03-01",
            "registered_on": today().isoformat(),
        },
    )
    initiative = Initiative.objects.get(title="Dân vận khéo ở thôn")
    assert response.status_code == 302 and response["Location"] == f"/initiatives/{initiative.pk}/"
    assert initiative.responsible == person and initiative.kind == "exemplary_practice"
    assert initiative.status == Status.REGISTERED and initiative.transitions.count() == 1
    assert AuditEvent.objects.filter(
        object_type="initiatives.initiative", object_id=str(initiative.pk)
    ).exists()
    page = text(client.get(response["Location"]))
    assert "Đã đăng ký mô hình “Dân vận khéo ở thôn”." in page
    assert "Cách làm hay, việc làm điển hình" in page and "Lê Thị Phụ Trách" in page


def test_choosing_a_unit_reloads_the_people_offered(world):
    Person.objects.create(unit=world.cell, full_name="Người Chi Bộ Một")
    Person.objects.create(unit=world.sibling_cell, full_name="Người Xã Bên")
    client = web_client(world.province_approver)
    fragment = client.get("/initiatives/new/", {"unit": world.cell.pk}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    body = text(fragment)
    assert body.startswith('<div id="field-responsible">')
    assert "Người Chi Bộ Một" in body and "Người Xã Bên" not in body


def test_it_refuses_a_unit_or_a_person_outside_the_scope(world):
    stranger = Person.objects.create(unit=world.sibling_cell, full_name="Người Xã Bên")
    client = web_client(world.editor)
    before = state(*MODELS)
    data = {"title": "Mô hình lạ", "field": field().pk, "kind": "model", "year": today().year}
    data["registered_on"] = today().isoformat()
    outside = client.post("/initiatives/new/", {**data, "unit": world.sibling.pk})
    assert outside.status_code == 200 and outside.context["form"].errors["unit"]
    person = client.post("/initiatives/new/", {**data, "unit": world.commune.pk, "responsible": stranger.pk})
    assert person.status_code == 200 and person.context["form"].errors["responsible"]
    assert "Hãy chọn một lựa chọn hợp lệ" in text(person)
    assert state(*MODELS) == before


def test_it_refuses_a_year_out_of_range_with_the_services_words(world):
    client = web_client(world.editor)
    before = state(*MODELS)
    response = client.post(
        "/initiatives/new/",
        {
            "unit": world.commune.pk,
            "title": "Mô hình tương lai",
            "field": field().pk,
            "kind": "model",
            "year": today().year + 5,
            "registered_on": today().isoformat(),
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["year"]
    assert "Năm phải từ 2000 đến" in text(response)
    assert state(*MODELS) == before


def test_it_edits_an_initiative(world, initiative):
    client = web_client(world.editor)
    assert client.get(f"/initiatives/{initiative.pk}/edit/").status_code == 200
    response = client.post(
        f"/initiatives/{initiative.pk}/edit/",
        {
            "title": "Ngày thứ bảy với dân (mở rộng)",
            "field": field("Văn hóa, xã hội").pk,
            "kind": "model",
            "year": initiative.year,
            "goals": "Mỗi thôn một buổi.",
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Ngày thứ bảy với dân (mở rộng)" and initiative.goals == "Mỗi thôn một buổi."
    assert initiative.field.name == "Văn hóa, xã hội"


def test_an_editor_keeps_a_source_set_above_that_they_cannot_see(world, initiative):
    source = register(world, unit=world.sibling, title="Mô hình gốc của xã bạn")
    Initiative.objects.filter(pk=initiative.pk).update(derived_from=source)
    initiative.refresh_from_db()
    response = web_client(world.editor).post(
        f"/initiatives/{initiative.pk}/edit/",
        {
            "title": initiative.title,
            "field": initiative.field_id,
            "kind": "model",
            "year": initiative.year,
            "derived_from": source.pk,
            "description": "Thêm mô tả.",
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.derived_from_id == source.pk and initiative.description == "Thêm mô tả."
    page = text(web_client(world.editor).get(f"/initiatives/{initiative.pk}/"))
    assert "Mô hình gốc của xã bạn" not in page  # the lineage shows only what the user may see


# -- the lifecycle ------------------------------------------------------------------
def test_it_takes_a_step_and_refuses_an_illegal_one(world, initiative):
    client = web_client(world.editor)
    url = f"/initiatives/{initiative.pk}/step/"
    response = client.post(url, {"step": "start", "on": today().isoformat()})
    assert response.status_code == 302
    assert Initiative.objects.get(pk=initiative.pk).status == Status.IN_PROGRESS
    before = state(*MODELS)
    illegal = client.post(url, {"step": "resume", "on": today().isoformat()})
    assert illegal.status_code == 200
    assert "Không thể “Tiếp tục thực hiện” khi mô hình đang ở trạng thái “Đang thực hiện”." in text(illegal)
    no_reason = client.post(url, {"step": "suspend", "on": today().isoformat(), "note": " "})
    assert no_reason.status_code == 200 and "Hãy nêu lý do." in text(no_reason)
    assert state(*MODELS) == before
    assert client.get(url).status_code == 405


def test_it_suspends_with_a_reason_and_shows_it_in_the_timeline(world, initiative):
    client = web_client(world.editor)
    services.take_step(initiative, actor=world.editor, step="start")
    services.add_result(initiative, actor=world.editor, on=today(), text="12 hộ được thăm hỏi")
    client.post(f"/initiatives/{initiative.pk}/step/", {"step": "suspend", "note": "Mùa mưa bão"})
    initiative.refresh_from_db()
    assert initiative.status == Status.SUSPENDED
    page = text(client.get(f"/initiatives/{initiative.pk}/"))
    assert "Mùa mưa bão" in page and "12 hộ được thăm hỏi" in page and "Tạm dừng" in page
    assert '<option value="resume"' in page and '<option value="start"' not in page


def test_an_approver_evaluates_with_scores_and_a_bad_score_is_refused(world, initiative):
    services.take_step(initiative, actor=world.editor, step="start")
    client = web_client(world.province_approver)
    url = f"/initiatives/{initiative.pk}/evaluate/"
    criteria = list(Criterion.objects.active())
    form_page = text(client.get(url))
    assert all(f'name="score_{criterion.pk}"' in form_page for criterion in criteria)
    data = {"body": "Hội thảo đánh giá của Tỉnh ủy", "held_on": today().isoformat(), "note": "Hiệu quả"}
    before = state(*MODELS)
    too_high = client.post(url, {**data, **{f"score_{c.pk}": c.max_score + 1 for c in criteria}})
    assert too_high.status_code == 200 and too_high.context["form"].errors
    assert "Đảm bảo giá trị này" in text(too_high)
    assert state(*MODELS) == before
    response = client.post(url, {**data, **{f"score_{c.pk}": c.max_score - 5 for c in criteria}})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(initiative=initiative)
    assert evaluation.total_score == Decimal(100 - 5 * len(criteria)) and evaluation.scores.count() == len(
        criteria
    )
    page = text(client.get(f"/initiatives/{initiative.pk}/"))
    assert "Đã đánh giá" in page and "Hội thảo đánh giá của Tỉnh ủy" in page and "80/100 điểm" in page


def test_evaluating_a_registered_initiative_is_refused_as_an_illegal_step(world, initiative):
    client = web_client(world.province_approver)
    criteria = list(Criterion.objects.active())
    before = state(*MODELS)
    response = client.post(
        f"/initiatives/{initiative.pk}/evaluate/",
        {"body": "Hội thảo", "held_on": today().isoformat(), **{f"score_{c.pk}": 1 for c in criteria}},
    )
    assert response.status_code == 200
    assert "Không thể “Đánh giá” khi mô hình đang ở trạng thái “Đã đăng ký”." in text(response)
    assert state(*MODELS) == before


def test_it_recognises_at_province_level(world, initiative):
    services.take_step(initiative, actor=world.editor, step="start")
    evaluate(world, initiative)
    client = web_client(world.province_approver)
    response = client.post(
        f"/initiatives/{initiative.pk}/recognise/",
        {
            "level": "province",
            "grade": "outstanding",
            "on": today().isoformat(),
            "body_unit": world.province.pk,
            "decision": "125-QĐ/TU",
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.status, initiative.recognition_level) == (Status.RECOGNISED, "province")
    page = text(client.get(f"/initiatives/{initiative.pk}/"))
    assert "Cấp tỉnh" in page and "Mô hình tiêu biểu" in page and "125-QĐ/TU" in page


def test_a_commune_cannot_recognise_above_its_own_level(world, initiative):
    services.take_step(initiative, actor=world.editor, step="start")
    evaluate(world, initiative)
    client = web_client(world.admin)  # unit admin of the commune: approves there
    offered = client.get(f"/initiatives/{initiative.pk}/recognise/").context["form"].fields["body_unit"]
    assert list(offered.queryset) == [world.commune]
    before = state(*MODELS)
    response = client.post(
        f"/initiatives/{initiative.pk}/recognise/",
        {"level": "province", "grade": "pilot", "on": today().isoformat(), "body_unit": world.commune.pk},
    )
    assert response.status_code == 200 and response.context["form"].errors["level"]
    assert "Xã Đông Sơn không thể công nhận “Cấp tỉnh”" in text(response)
    assert state(*MODELS) == before


def test_it_records_an_adoption_and_shows_the_replication(world, initiative):
    initiative = recognised(world, initiative)
    client = web_client(world.province_approver)
    response = client.post(
        f"/initiatives/{initiative.pk}/adopt/",
        {"unit": world.sibling.pk, "adopted_on": today().isoformat(), "local_title": "Thứ bảy cùng dân"},
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Status.REPLICATED
    page = text(client.get(f"/initiatives/{initiative.pk}/"))
    assert "Đã nhân rộng" in page and "Thứ bảy cùng dân" in page and "1/1 (100%)" in page
    replication = text(
        client.get(f"/initiatives/{initiative.pk}/replication/", {"within": world.province.pk})
    )
    assert "Xã Tây Hồ" in replication and "1/1 (100%)" in replication


def test_the_replication_page_counts_cells_when_asked(world, initiative):
    initiative = recognised(world, initiative)
    services.adopt(initiative, actor=world.province_approver, unit=world.sibling_cell, adopted_on=today())
    client = web_client(world.province_approver)
    cells = client.get(
        f"/initiatives/{initiative.pk}/replication/", {"within": world.province.pk, "level": "cell"}
    )
    # The owner's own cell is a target too (it sits below the owner, not above it).
    assert "1/2 (50%)" in text(cells)
    assert "Chi bộ thôn Hai" in text(cells) and "Chi bộ thôn Một" in text(cells)


def test_adoptions_that_break_the_rules_are_refused_on_the_page(world, initiative):
    initiative = recognised(world, initiative)
    services.adopt(initiative, actor=world.province_approver, unit=world.sibling, adopted_on=today())
    approver = web_client(world.province_approver)
    url = f"/initiatives/{initiative.pk}/adopt/"
    day = today().isoformat()
    before = state(*MODELS)
    own = approver.post(url, {"unit": world.commune.pk, "adopted_on": day})
    assert own.status_code == 200 and own.context["form"].errors["unit"]
    assert "Hãy chọn một lựa chọn hợp lệ" in text(own)
    again = approver.post(url, {"unit": world.sibling.pk, "adopted_on": day})
    assert again.status_code == 200 and "Xã Tây Hồ đã nhân rộng mô hình này rồi." in text(again)
    # The commune's editor sees the initiative but may not act for the sibling commune.
    sibling = web_client(world.editor).post(url, {"unit": world.sibling.pk, "adopted_on": day})
    assert sibling.status_code == 200 and sibling.context["form"].errors["unit"]
    assert state(*MODELS) == before


def test_an_unrecognised_initiative_cannot_be_adopted(world, initiative):
    client = web_client(world.province_approver)
    before = state(*MODELS)
    response = client.post(
        f"/initiatives/{initiative.pk}/adopt/", {"unit": world.sibling.pk, "adopted_on": today().isoformat()}
    )
    assert response.status_code == 200
    assert "Chỉ nhân rộng được mô hình đã được công nhận" in text(response)
    assert state(*MODELS) == before


def test_it_removes_an_adoption_with_a_reason(world, initiative):
    initiative = recognised(world, initiative)
    adoption = services.adopt(
        initiative, actor=world.province_approver, unit=world.sibling, adopted_on=today()
    )
    client = web_client(world.province_approver)
    before = state(*MODELS)
    blank = client.post(f"/initiatives/adoptions/{adoption.pk}/remove/", {"reason": ""})
    assert blank.status_code == 200 and blank.context["form"].errors["reason"]
    assert state(*MODELS) == before
    assert (
        web_client(world.editor)
        .post(f"/initiatives/adoptions/{adoption.pk}/remove/", {"reason": "Nhầm"})
        .status_code
        == 404
    )  # the editor may not act for the adopting commune
    response = client.post(f"/initiatives/adoptions/{adoption.pk}/remove/", {"reason": "Ghi nhầm đơn vị"})
    assert response.status_code == 302 and not Adoption.objects.exists()
    assert Initiative.objects.get(pk=initiative.pk).status == Status.RECOGNISED


# -- results, outcomes, attachments ----------------------------------------------------
def test_it_adds_and_removes_a_result(world, initiative):
    client = web_client(world.editor)
    response = client.post(
        f"/initiatives/{initiative.pk}/results/new/", {"on": today().isoformat(), "text": "3 hộ thoát nghèo"}
    )
    assert response.status_code == 302
    entry = ResultEntry.objects.get(initiative=initiative)
    before = state(*MODELS)
    blank = client.post(
        f"/initiatives/{initiative.pk}/results/new/", {"on": today().isoformat(), "text": " "}
    )
    assert blank.status_code == 200 and blank.context["form"].errors["text"]
    assert state(*MODELS) == before
    assert client.get(f"/initiatives/results/{entry.pk}/remove/").status_code == 405
    assert web_client(world.outsider).post(f"/initiatives/results/{entry.pk}/remove/").status_code == 404
    assert client.post(f"/initiatives/results/{entry.pk}/remove/").status_code == 302
    assert not ResultEntry.objects.exists()


def test_it_reads_an_outcome_as_officials_write_it(world, initiative):
    client = web_client(world.editor)
    land = OutcomeMeasure.objects.get(name="Diện tích đất hiến")
    response = client.post(
        f"/initiatives/{initiative.pk}/outcomes/new/",
        {"measure": land.pk, "value": "1.234,5", "on": today().isoformat(), "note": "Thôn Một"},
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get(initiative=initiative)
    assert outcome.value == Decimal("1234.5")
    page = text(client.get(f"/initiatives/{initiative.pk}/"))
    assert "1.234,5 m²" in page
    assert client.post(f"/initiatives/outcomes/{outcome.pk}/remove/").status_code == 302
    assert not Outcome.objects.exists()


def test_a_negative_outcome_is_refused(world, initiative):
    money = OutcomeMeasure.objects.get(name="Tiền huy động, ủng hộ")
    client = web_client(world.editor)
    before = state(*MODELS)
    response = client.post(
        f"/initiatives/{initiative.pk}/outcomes/new/",
        {"measure": money.pk, "value": "-5.000", "on": today().isoformat()},
    )
    assert response.status_code == 200 and response.context["form"].errors["value"]
    assert "Giá trị không được âm." in text(response)
    assert state(*MODELS) == before


def test_it_attaches_a_file_and_lets_only_the_units_people_download_it(world, initiative):
    client = web_client(world.editor)
    upload = SimpleUploadedFile("Báo cáo sơ kết.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/initiatives/{initiative.pk}/attachments/new/", {"file": upload, "caption": "Sơ kết"}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(initiative=initiative)
    page = text(client.get(f"/initiatives/{initiative.pk}/"))
    assert "Báo cáo sơ kết.pdf" in page and f"/initiatives/attachments/{attachment.pk}/" in page
    assert "/media/" not in page
    download = client.get(f"/initiatives/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "B%C3%A1o%20c%C3%A1o%20s%C6%A1%20k%E1%BA%BFt.pdf" in download["Content-Disposition"]
    assert web_client(world.outsider).get(f"/initiatives/attachments/{attachment.pk}/").status_code == 404
    assert web_client(world.viewer).get(f"/initiatives/attachments/{attachment.pk}/").status_code == 200
    assert (
        web_client(world.viewer).post(f"/initiatives/attachments/{attachment.pk}/remove/").status_code == 404
    )
    assert client.post(f"/initiatives/attachments/{attachment.pk}/remove/").status_code == 302
    assert not Attachment.objects.exists()


@override_settings(ATTACHMENT_MAX_BYTES=16)
def test_a_file_too_large_is_refused(world, initiative):
    before = state(*MODELS)
    upload = SimpleUploadedFile("anh.pdf", PDF, content_type="application/pdf")
    response = web_client(world.editor).post(
        f"/initiatives/{initiative.pk}/attachments/new/", {"file": upload}
    )
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert "Tệp quá lớn" in text(response)
    assert state(*MODELS) == before


def test_a_forbidden_file_type_is_refused(world, initiative):
    before = state(*MODELS)
    upload = SimpleUploadedFile("cai-dat.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = web_client(world.editor).post(
        f"/initiatives/{initiative.pk}/attachments/new/", {"file": upload}
    )
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert "Không nhận loại tệp này" in text(response)
    assert state(*MODELS) == before


# -- list, search, coverage ------------------------------------------------------------
def test_it_lists_only_initiatives_in_scope(world, initiative):
    register(world, unit=world.sibling, title="Mô hình của xã bạn")
    page = text(web_client(world.editor).get("/initiatives/"))
    assert "Ngày thứ bảy với dân" in page and "Mô hình của xã bạn" not in page


def test_it_searches_ignoring_diacritics(world, initiative):
    register(world, title="Tuyến đường hoa")
    page = text(web_client(world.editor).get("/initiatives/", {"q": "ngay thu bay"}))
    assert "Ngày thứ bảy với dân" in page and "Tuyến đường hoa" not in page


def test_it_filters_by_year_status_field_kind_recognition_movement_and_unit(world, initiative):
    year = today().year
    movement = Movement.objects.get(name="Dân vận khéo")
    old = register(
        world, unit=world.cell, title="Mô hình năm trước", year=year - 1, kind="exemplary_practice"
    )
    culture = register(world, unit=world.sibling, title="Mô hình văn hóa", field=field("Văn hóa, xã hội"))
    culture = recognised(world, culture)
    moving = register(world, title="Mô hình theo phong trào", movement=movement)
    client = web_client(world.province_approver)

    def titles(**filters):
        page = client.get("/initiatives/", filters)
        return {row.title for row in page.context["page"].object_list}

    everything = {initiative.title, old.title, culture.title, moving.title}
    assert titles() == everything
    assert titles(year=year - 1) == {old.title}
    assert titles(status="recognised") == {culture.title}
    assert titles(field=field("Văn hóa, xã hội").pk) == {culture.title}
    assert titles(kind="exemplary_practice") == {old.title}
    assert titles(level="province", grade="pilot") == {culture.title}
    assert titles(movement=movement.pk) == {moving.title}
    assert titles(unit=world.commune.pk) == {initiative.title, old.title, moving.title}
    assert titles(unit=world.cell.pk) == {old.title}


def test_a_filter_on_a_unit_outside_the_scope_shows_nothing(world, initiative):
    register(world, unit=world.sibling, title="Mô hình của xã bạn")
    response = web_client(world.editor).get("/initiatives/", {"unit": world.sibling.pk})
    assert response.context["form"].errors["unit"]
    assert "Mô hình của xã bạn" not in text(response) and "Ngày thứ bảy với dân" not in text(response)


def child(parent, code, name, kind, level=Level.NONE, **values):
    return Unit.objects.add_child(
        Unit.objects.get(pk=parent.pk),
        instance=Unit(code=code, name=name, level=level, kind=kind, valid_from=START, **values),
    )


def test_the_coverage_page_shows_the_front_and_mass_org_without_an_initiative(world, initiative):
    child(world.commune, "X1-MT", "Mặt trận Tổ quốc xã Đông Sơn", Kind.FRONT)
    child(world.commune, "X1-PN", "Hội Phụ nữ xã Đông Sơn", Kind.MASS_ORG, mass_org_type="women")
    youth = child(world.commune, "X1-DT", "Đoàn Thanh niên xã Đông Sơn", Kind.MASS_ORG, mass_org_type="youth")
    register(world, unit=youth, title="Thắp sáng đường quê")
    client = web_client(world.editor)
    response = client.get("/initiatives/coverage/", {"year": today().year})
    page = text(response)
    assert response.status_code == 200
    assert "Mặt trận Tổ quốc xã Đông Sơn" in page and "Hội Phụ nữ xã Đông Sơn" in page
    assert "Đoàn Thanh niên xã Đông Sơn" not in page
    rows = {row.kind: row for row in response.context["result"].by_kind}
    assert (rows["front"].expected, rows["front"].covered) == (1, 0)
    assert (rows["mass_org"].expected, rows["mass_org"].covered) == (2, 1)
    assert (rows["party_committee"].expected, rows["party_committee"].covered) == (1, 1)
    assert "1/2 (50%)" in page
    only_front = text(client.get("/initiatives/coverage/", {"year": today().year, "kind": ["front"]}))
    assert "Mặt trận Tổ quốc xã Đông Sơn" in only_front and "Hội Phụ nữ xã Đông Sơn" not in only_front
    last_year = text(client.get("/initiatives/coverage/", {"year": today().year - 1}))
    assert "Xã Đông Sơn" in last_year  # no initiative that year
    this_year_below_the_commune = client.get("/initiatives/coverage/", {"unit": world.commune.pk})
    assert this_year_below_the_commune.context["year"] == today().year
    assert "Mặt trận Tổ quốc xã Đông Sơn" in text(this_year_below_the_commune)


# -- the system administrator's lists ----------------------------------------------------
def test_the_superuser_adds_renames_and_retires_list_entries(world):
    client = web_client(world.superuser)
    assert client.get("/initiatives/lists/").status_code == 200
    response = client.post(
        "/initiatives/lists/", {"list": "fields", "name": "Chuyển đổi số", "position": 20, "is_active": "on"}
    )
    assert response.status_code == 302
    entry = InitiativeField.objects.get(name="Chuyển đổi số")
    response = client.post(
        "/initiatives/lists/",
        {"list": "fields", "id": entry.pk, "name": "Chuyển đổi số cấp xã", "position": 1},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.name, entry.position, entry.is_active) == ("Chuyển đổi số cấp xã", 1, False)
    measure = client.post(
        "/initiatives/lists/",
        {
            "list": "measures",
            "name": "Cây xanh trồng mới",
            "unit_of_measure": "cây",
            "decimals": 0,
            "position": 30,
        },
    )
    assert measure.status_code == 302 and OutcomeMeasure.objects.filter(unit_of_measure="cây").exists()
    before = world_state(InitiativeField)
    clash = client.post(
        "/initiatives/lists/",
        {"list": "fields", "name": "cải cách hành chính", "position": 0, "is_active": "on"},
    )
    assert clash.status_code == 200 and "Tên này đã có trong danh mục." in text(clash)
    assert world_state(InitiativeField) == before


def test_the_lists_page_is_404_for_everyone_else(world):
    before = world_state(InitiativeField)
    client = web_client(world.province_admin)
    assert client.get("/initiatives/lists/").status_code == 404
    assert (
        client.post("/initiatives/lists/", {"list": "fields", "name": "Mới", "position": 0}).status_code
        == 404
    )
    assert web_client(world.editor).get("/initiatives/lists/").status_code == 404
    assert world_state(InitiativeField) == before


# -- the audit trail --------------------------------------------------------------------
def test_the_audit_trail_links_initiative_events_to_the_initiative(world, initiative):
    services.add_result(initiative, actor=world.editor, on=today(), text="Kết quả tháng")
    page = text(web_client(world.admin).get("/audit/", {"object_type": "initiatives.resultentry"}))
    assert f'href="/initiatives/{initiative.pk}/"' in page
    assert "Kết quả thực hiện" in page
    all_events = text(web_client(world.admin).get("/audit/"))
    assert all_events.count(f'href="/initiatives/{initiative.pk}/"') >= 2


def test_the_navigation_leads_to_the_initiatives(world):
    page = text(web_client(world.editor).get("/"))
    assert 'href="/initiatives/"' in page and ">Mô hình<" in page


def test_dates_in_the_past_are_kept_in_order(world, initiative):
    # A step dated before the registration is refused with the date written the Vietnamese way.
    client = web_client(world.editor)
    before = state(*MODELS)
    early = (initiative.registered_on - dt.timedelta(days=3)).isoformat()
    response = client.post(f"/initiatives/{initiative.pk}/step/", {"step": "start", "on": early})
    assert response.status_code == 200
    day = initiative.registered_on
    assert f"Ngày không được trước bước thực hiện gần nhất ({day.day}/{day.month}/{day.year})." in text(
        response
    )
    assert state(*MODELS) == before


def test_a_large_scope_is_offered_units_above_the_cells_and_a_named_cell(world, initiative, monkeypatch):
    initiative = recognised(world, initiative)
    client = web_client(world.province_approver)
    url = f"/initiatives/{initiative.pk}/adopt/"

    def offered(response):
        return [value for value, _label in response.context["form"].fields["unit"].widget.choices if value]

    assert world.sibling_cell.pk in offered(client.get(url))  # a small scope: everything
    monkeypatch.setattr(unit_forms, "UNITS_OFFERED", 2)
    choices = offered(client.get(url))
    assert world.sibling.pk in choices and world.sibling_cell.pk not in choices
    assert world.sibling_cell.pk in offered(client.get(url, {"unit": world.sibling_cell.pk}))
    response = client.post(url, {"unit": world.sibling_cell.pk, "adopted_on": today().isoformat()})
    assert response.status_code == 302
    assert Adoption.objects.get(initiative=initiative).unit == world.sibling_cell
