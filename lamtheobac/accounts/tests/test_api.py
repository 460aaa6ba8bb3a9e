import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from lamtheobac.accounts.models import ApiToken, Role
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import PASSWORD, ApiClient, ids, world_state

pytestmark = pytest.mark.django_db


def ask_token(username, password):
    return ApiClient(None).post("/api/v1/auth/token", {"username": username, "password": password})


# --- tokens -----------------------------------------------------------------


def test_it_gives_a_token_that_opens_the_api(world):
    response = ask_token("xa", PASSWORD)
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    assert ApiToken.objects.filter(user=world.editor, key_hash=ApiToken.hash(token)).exists()
    answer = Client().get("/api/v1/units", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    assert world.commune.pk in [item["id"] for item in answer.json()["items"]]


def test_it_refuses_wrong_credentials_with_a_code(world):
    for username, password in (("xa", "wrong"), ("nobody-by-that-name", PASSWORD)):
        response = ask_token(username, password)
        assert response.status_code == 400
        assert response.json()["code"] == "invalid_credentials"
    assert not ApiToken.objects.exists()


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_it_throttles_repeated_wrong_credentials(world):
    for _ in range(3):
        assert ask_token("xa", "wrong").status_code == 400
    response = ask_token("xa", PASSWORD)  # even the right password waits now
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert not ApiToken.objects.exists()


def test_it_refuses_an_incomplete_or_padded_token_request(world):
    response = ApiClient(None).post("/api/v1/auth/token", {"username": "xa"})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"password"}
    response = ApiClient(None).post(
        "/api/v1/auth/token", {"username": "xa", "password": PASSWORD, "otp": "1"}
    )
    assert response.status_code == 400 and set(response.json()["fields"]) == {"otp"}


def test_it_refuses_a_token_of_a_deactivated_account(world):
    client = ApiClient(world.editor)
    User.objects.filter(pk=world.editor.pk).update(is_active=False)
    response = client.get("/api/v1/units")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


# --- roles ------------------------------------------------------------------


def test_it_lists_the_roles_of_the_callers_subtree(world):
    ours = set(Role.objects.filter(unit=world.commune).values_list("pk", flat=True))
    assert set(ids(ApiClient(world.viewer).get("/api/v1/roles"))) == ours
    theirs = set(ids(ApiClient(world.outsider).get("/api/v1/roles")))
    assert theirs and not theirs & ours


def test_it_filters_roles_by_unit_and_username(world):
    client = ApiClient(world.province_admin)
    assert set(ids(client.get("/api/v1/roles", {"unit": world.sibling.pk}))) == set(
        Role.objects.filter(unit=world.sibling).values_list("pk", flat=True)
    )
    response = client.get("/api/v1/roles", {"user": "xa_xem"})
    assert [(item["username"], item["unit"], item["kind"]) for item in response.json()["items"]] == [
        ("xa_xem", world.commune.pk, "viewer")
    ]


def test_it_shows_a_role_and_hides_others(world):
    role = Role.objects.get(user=world.editor)
    response = ApiClient(world.viewer).get(f"/api/v1/roles/{role.pk}")
    assert response.status_code == 200
    assert response.json()["username"] == "xa" and response.json()["unit_name"] == world.commune.name
    assert ApiClient(world.outsider).get(f"/api/v1/roles/{role.pk}").status_code == 404


def test_it_grants_a_role_and_records_it_as_an_api_change(world):
    response = ApiClient(world.admin).post(
        "/api/v1/roles", {"username": "khong", "unit": world.cell.pk, "kind": "editor"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["granted_by"] == "xa_admin"
    role = Role.objects.get(pk=response.json()["id"])
    assert role.user == world.nobody and role.unit == world.cell and role.kind == "editor"
    event = AuditEvent.objects.get(action="grant")
    assert event.via == "api" and event.actor == world.admin
    # The new role takes effect at once.
    assert world.cell.pk in ids(ApiClient(world.nobody).get("/api/v1/units"))


def test_it_refuses_a_role_twice(world):
    before = world_state(Role)
    response = ApiClient(world.admin).post(
        "/api/v1/roles", {"username": "xa", "unit": world.commune.pk, "kind": "editor"}
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"kind"}
    assert world_state(Role) == before


def test_it_refuses_an_unknown_username(world):
    before = world_state(Role)
    response = ApiClient(world.admin).post(
        "/api/v1/roles", {"username": "ai_vay", "unit": world.commune.pk, "kind": "viewer"}
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"username"}
    assert world_state(Role) == before


def test_it_refuses_a_grant_by_someone_who_is_not_the_units_admin(world):
    before = world_state(Role)
    for user in (world.editor, world.outsider_admin):
        response = ApiClient(user).post(
            "/api/v1/roles", {"username": "khong", "unit": world.commune.pk, "kind": "admin"}
        )
        assert response.status_code == 404
        assert set(response.json()["fields"]) == {"unit"}
    assert world_state(Role) == before


def test_it_revokes_a_role(world):
    role = Role.objects.get(user=world.viewer)
    response = ApiClient(world.admin).delete(f"/api/v1/roles/{role.pk}")
    assert response.status_code == 204
    assert not Role.objects.filter(pk=role.pk).exists()
    assert AuditEvent.objects.get(action="revoke").via == "api"


def test_it_refuses_a_revoke_by_someone_who_may_only_read_roles(world):
    role = Role.objects.get(user=world.editor)
    before = world_state(Role)
    response = ApiClient(world.viewer).delete(f"/api/v1/roles/{role.pk}")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert world_state(Role) == before
