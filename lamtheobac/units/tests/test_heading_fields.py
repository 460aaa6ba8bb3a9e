"""The names a unit's documents give it (heading_name, organisation_name,
place_name, symbol): set on the unit's edit page and over the API, audited,
refused when wrong with nothing written, and used by the next report."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import ApiClient, state, web_client
from lamtheobac.reports import services as report_services
from lamtheobac.units import services
from lamtheobac.units.models import Unit, UnitChange

pytestmark = pytest.mark.django_db

NAMES = {
    "heading_name": "Tỉnh ủy Thử",
    "organisation_name": "Đảng bộ tỉnh Thử",
    "place_name": "TP. Thử",
    "symbol": "TU",
}


def edit_form(unit: Unit, **changes) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "kind": unit.kind,
        "valid_from": unit.valid_from.isoformat(),
        **changes,
    }


def test_the_edit_page_shows_what_a_blank_field_gives_and_saves_the_overrides(world):
    client = web_client(world.province_admin)
    page = client.get(f"/units/{world.commune.pk}/edit/").content.decode()
    for derived in ('placeholder="ĐẢNG ỦY XÃ ĐÔNG SƠN"', 'placeholder="ĐẢNG BỘ XÃ ĐÔNG SƠN"'):
        assert derived in page
    assert 'placeholder="Đông Sơn"' in page and 'placeholder="ĐU"' in page
    assert "Tên cơ quan ban hành trên tiêu đề văn bản" in page  # the label, in Vietnamese

    response = client.post(f"/units/{world.province.pk}/edit/", edit_form(world.province, **NAMES))
    assert response.status_code == 302
    province = Unit.objects.get(pk=world.province.pk)
    assert {field: getattr(province, field) for field in NAMES} == NAMES
    event = AuditEvent.objects.get(action="update", object_id=str(province.pk))
    assert event.actor == world.province_admin
    assert event.before["symbol"] == "" and event.after["symbol"] == "TU"
    assert event.after["heading_name"] == "Tỉnh ủy Thử"


def test_the_next_report_takes_the_units_overrides(world):
    services.update_unit(world.province, actor=world.superuser, heading_name="Ban Thường vụ Tỉnh ủy Thử")
    services.update_unit(world.commune, actor=world.superuser, organisation_name="Đảng bộ xã Đông Sơn (mới)")
    services.update_unit(world.cell, actor=world.superuser, place_name="Thôn Một")
    period = report_services.period_for("2025-Q1")
    province = report_services.start_report(actor=world.superuser, unit=world.province, period=period)
    cell = report_services.start_report(actor=world.superuser, unit=world.cell, period=period)
    assert province.issuing_body == "BAN THƯỜNG VỤ TỈNH ỦY THỬ" and province.place == "Thử"
    assert (cell.superior_body, cell.issuing_body, cell.place) == (
        "ĐẢNG BỘ XÃ ĐÔNG SƠN (MỚI)",
        "CHI BỘ THÔN MỘT",
        "Thôn Một",
    )


@pytest.mark.parametrize("symbol", ["BC/ĐU", "Đ U", "TU;", "-TU"])
def test_a_wrong_symbol_is_a_form_error_and_writes_nothing(world, symbol):
    before = state(Unit, UnitChange, AuditEvent)
    response = web_client(world.province_admin).post(
        f"/units/{world.commune.pk}/edit/", edit_form(world.commune, symbol=symbol)
    )
    assert response.status_code == 200
    assert "không kèm “BC/”" in response.content.decode()
    assert response.context["form"].errors["symbol"]
    assert state(Unit, UnitChange, AuditEvent) == before


def test_a_name_too_long_is_a_form_error_and_writes_nothing(world):
    before = state(Unit, UnitChange, AuditEvent)
    response = web_client(world.province_admin).post(
        f"/units/{world.commune.pk}/edit/", edit_form(world.commune, place_name="Đ" * 101)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["place_name"]
    assert state(Unit, UnitChange, AuditEvent) == before


def test_the_api_reads_and_changes_the_overrides(world):
    client = ApiClient(world.province_admin)
    body = client.get(f"/api/v1/units/{world.commune.pk}").json()
    assert {field: body[field] for field in NAMES} == dict.fromkeys(NAMES, "")
    response = client.patch(f"/api/v1/units/{world.commune.pk}", {"symbol": " ĐU ", "place_name": "Đông Sơn"})
    assert response.status_code == 200, response.content
    assert response.json()["symbol"] == "ĐU" and response.json()["place_name"] == "Đông Sơn"
    assert AuditEvent.objects.get(action="update", object_id=str(world.commune.pk)).via == "api"
    created = client.post(
        "/api/v1/units",
        {
            "parent": world.commune.pk,
            "code": "X1-C9",
            "name": "Thôn Chín",
            "level": "cell",
            "kind": "party_cell",
            "valid_from": "2024-01-01",
            "symbol": "CB",
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["symbol"] == "CB"


def test_the_api_refuses_a_wrong_symbol_or_a_stranger_and_writes_nothing(world):
    before = state(Unit, UnitChange, AuditEvent)
    url = f"/api/v1/units/{world.commune.pk}"
    wrong = ApiClient(world.province_admin).patch(url, {"symbol": "BC/ĐU"})
    assert wrong.status_code == 400
    assert set(wrong.json()["fields"]) == {"symbol"}
    too_long = ApiClient(world.province_admin).patch(url, {"symbol": "T" * 21})
    assert too_long.status_code == 400
    editor = ApiClient(world.editor).patch(f"/api/v1/units/{world.commune.pk}", {"symbol": "ĐU"})
    assert editor.status_code == 403
    outsider = ApiClient(world.outsider_admin).patch(f"/api/v1/units/{world.commune.pk}", {"symbol": "ĐU"})
    assert outsider.status_code == 404
    assert state(Unit, UnitChange, AuditEvent) == before


def test_the_service_refuses_a_name_longer_than_its_column(world):
    before = state(Unit, UnitChange, AuditEvent)
    with pytest.raises(services.ValidationFailed) as refused:
        services.update_unit(world.commune, actor=world.superuser, heading_name="Đ" * 201)
    assert refused.value.fields.keys() == {"heading_name"}
    with pytest.raises(services.ValidationFailed):
        services.create_unit(
            actor=world.superuser,
            parent=world.commune,
            code="X1-C9",
            name="Thôn Chín",
            kind="party_cell",
            level="cell",
            valid_from=dt.date(2024, 1, 1),
            symbol="CB/",
        )
    assert state(Unit, UnitChange, AuditEvent) == before
