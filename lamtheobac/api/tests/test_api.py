"""The API as a whole: docs, OpenAPI, the one error shape, pagination, sessions."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from lamtheobac.core.api.common import PageQuery, paginate
from lamtheobac.core.testing import ApiClient, web_client, world_state
from lamtheobac.units.models import Unit

pytestmark = pytest.mark.django_db

MAIN_PATHS = {
    "/api/v1/auth/token": {"post"},
    "/api/v1/units": {"get", "post"},
    "/api/v1/units/{unit_id}": {"get", "patch"},
    "/api/v1/units/{unit_id}/subtree": {"get"},
    "/api/v1/units/{unit_id}/close": {"post"},
    "/api/v1/units/{unit_id}/move": {"post"},
    "/api/v1/units/merge": {"post"},
    "/api/v1/people": {"get", "post"},
    "/api/v1/people/{person_id}": {"get", "patch"},
    "/api/v1/people/{person_id}/positions": {"get", "post"},
    "/api/v1/positions/{position_id}/end": {"post"},
    "/api/v1/roles": {"get", "post"},
    "/api/v1/roles/{role_id}": {"get", "delete"},
    "/api/v1/audit-events": {"get"},
    "/api/v1/audit-events/{event_id}": {"get"},
}


def test_it_describes_every_endpoint_in_the_openapi_document():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path, methods in MAIN_PATHS.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path
        for method in methods:
            assert paths[path][method]["tags"], f"{method} {path} has no tag"


def test_it_documents_the_error_shape_and_the_bearer_token():
    document = Client().get("/api/v1/openapi.json").json()
    assert {"code", "message"} <= set(document["components"]["schemas"]["ErrorOut"]["properties"])
    schemes = document["components"]["securitySchemes"]
    assert any(scheme.get("scheme") == "bearer" for scheme in schemes.values())
    assert "security" not in document["paths"]["/api/v1/auth/token"]["post"]


def test_it_lists_the_allowed_values_of_each_choice_in_the_openapi_document():
    # Units, positions and roles each have a `Kind`: their values must not mix.
    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "party_cell" in schemas["UnitIn"]["properties"]["kind"]["enum"]
    assert "secretary" in schemas["PositionIn"]["properties"]["kind"]["enum"]
    assert "viewer" in schemas["RoleIn"]["properties"]["kind"]["enum"]


def test_it_serves_the_docs_with_bundled_assets_only():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert any(url.endswith("swagger-ui-bundle.js") for url in assets)
    assert all(url.startswith("/static/") for url in assets), assets
    assert "//" not in " ".join(assets)
    for url in assets:
        assert finders.find(url.removeprefix("/static/")), url


def test_it_refuses_an_anonymous_caller_with_401():
    response = ApiClient(None).get("/api/v1/units")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_it_refuses_a_wrong_token_with_401(world):
    client = ApiClient(None)
    client.headers["Authorization"] = "Bearer not-a-token"
    response = client.get("/api/v1/units")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    # A bad token is refused even when the browser is signed in.
    session = web_client(world.editor)
    assert session.get("/api/v1/units", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_it_accepts_the_session_of_a_signed_in_user(world):
    response = web_client(world.editor).get("/api/v1/units")
    assert response.status_code == 200
    assert world.commune.pk in [item["id"] for item in response.json()["items"]]


def test_it_checks_csrf_for_session_writes_but_not_for_tokens(world):
    session = Client(enforce_csrf_checks=True)
    session.force_login(world.admin)
    before = world_state(Unit)
    response = session.patch(
        f"/api/v1/units/{world.cell.pk}",
        data=json.dumps({"name": "Tên mới"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert world_state(Unit) == before

    token = ApiClient(world.admin)
    token.client = Client(enforce_csrf_checks=True)
    assert token.patch(f"/api/v1/units/{world.cell.pk}", {"name": "Tên mới"}).status_code == 200


def test_it_answers_malformed_json_with_400(world):
    client = ApiClient(world.admin)
    before = world_state(Unit)
    for body in ("{not json", "[1, 2]", "", "\xff"):
        response = client.client.post(
            "/api/v1/units", data=body, content_type="application/json", headers=client.headers
        )
        assert response.status_code == 400, body
        assert response.json()["code"] == "malformed_json", body
        assert response.json()["message"]
    assert world_state(Unit) == before


def test_it_refuses_an_unknown_field_with_400_and_names_it(world):
    before = world_state(Unit)
    response = ApiClient(world.admin).patch(f"/api/v1/units/{world.cell.pk}", {"name": "X", "colour": "red"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"colour"}
    assert world_state(Unit) == before


def test_it_reports_every_invalid_field_in_one_answer(world):
    response = ApiClient(world.province_admin).post(
        "/api/v1/units", {"parent": world.province.pk, "code": "Z", "kind": "castle", "valid_from": "hôm qua"}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"name", "kind", "valid_from"}
    assert all(isinstance(text, str) and text for text in body["fields"].values())


def test_it_answers_404_with_the_error_shape(world):
    response = ApiClient(world.superuser).get("/api/v1/units/987654")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["message"]


def test_it_lets_an_unexpected_error_be_a_500(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("lamtheobac.units.api.with_parents", broken)
    client = ApiClient(world.admin)
    with pytest.raises(RuntimeError):
        client.get("/api/v1/units")
    client.client.raise_request_exception = False
    assert client.get("/api/v1/units").status_code == 500


def test_it_pages_lists_with_limit_and_offset(world):
    client = ApiClient(world.superuser)
    everything = client.get("/api/v1/units").json()
    assert everything["count"] == 5 and len(everything["items"]) == 5
    page = client.get("/api/v1/units", {"limit": 2, "offset": 1}).json()
    assert page["count"] == 5
    assert [item["id"] for item in page["items"]] == [item["id"] for item in everything["items"][1:3]]
    beyond = client.get("/api/v1/units", {"offset": 10}).json()
    assert beyond == {"items": [], "count": 5}


@pytest.mark.parametrize("query", [{"limit": 501}, {"limit": 0}, {"offset": -1}, {"limit": "many"}])
def test_it_refuses_a_limit_out_of_bounds(world, query):
    response = ApiClient(world.superuser).get("/api/v1/units", query)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["fields"]) == set(query)


def test_it_counts_a_page_without_a_second_query_when_one_page_holds_all(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        result = paginate(Unit.objects.all(), PageQuery(limit=50, offset=0))
    assert result["count"] == 5
    with django_assert_num_queries(2):
        result = paginate(Unit.objects.all(), PageQuery(limit=2, offset=0))
    assert result["count"] == 5 and len(result["items"]) == 2


def test_it_answers_an_unknown_path_and_a_wrong_method_with_the_error_shape(world):
    client = ApiClient(world.editor)
    for url in ("/api/v1/nothing-here", "/api/v1/units/1/nothing", "/api/v1/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found", url
    before = world_state(Unit)
    response = client.delete(f"/api/v1/units/{world.cell.pk}")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert set(response["Allow"].split(", ")) == {"GET", "PATCH"}
    assert world_state(Unit) == before
