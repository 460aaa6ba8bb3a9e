import pytest
from django.test import RequestFactory

from lamtheobac.accounts import services
from lamtheobac.accounts.models import ApiToken, Role
from lamtheobac.core import access
from lamtheobac.core.errors import Forbidden, Throttled, ValidationFailed
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import PASSWORD, world_state

pytestmark = pytest.mark.django_db


def request_from(ip="10.0.0.1"):
    return RequestFactory().post("/", REMOTE_ADDR=ip)


def test_a_unit_admin_grants_and_revokes_roles_in_the_subtree(world):
    role = services.grant_role(actor=world.admin, user=world.nobody, unit=world.cell, kind="editor")
    assert access.can(world.nobody, "change", world.cell)
    assert AuditEvent.objects.filter(action="grant", unit=world.cell).exists()
    services.revoke_role(role, actor=world.admin)
    assert not access.can(world.nobody, "view", world.cell)
    assert AuditEvent.objects.filter(action="revoke", unit=world.cell).exists()


def test_an_editor_cannot_grant_roles_and_nothing_is_written(world):
    before = world_state(Role)
    with pytest.raises(Forbidden):
        services.grant_role(actor=world.editor, user=world.nobody, unit=world.cell, kind="admin")
    with pytest.raises(Forbidden):
        services.grant_role(actor=world.admin, user=world.nobody, unit=world.sibling, kind="viewer")
    assert world_state(Role) == before


def test_a_role_is_granted_once(world):
    with pytest.raises(ValidationFailed):
        services.grant_role(actor=world.admin, user=world.editor, unit=world.commune, kind="editor")


def test_wrong_credentials_are_refused_then_throttled(world, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        with pytest.raises(ValidationFailed):
            services.login_user(request_from(), username="xa", password="sai")
    with pytest.raises(Throttled):
        services.login_user(request_from(), username="xa", password=PASSWORD)
    # Another address is still throttled for the same username.
    with pytest.raises(Throttled):
        services.login_user(request_from("10.0.0.2"), username="xa", password=PASSWORD)


def test_a_good_login_clears_the_username_counter(world, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(2):
        with pytest.raises(ValidationFailed):
            services.login_user(request_from(), username="xa", password="sai")
    assert services.login_user(request_from("10.0.0.9"), username="xa", password=PASSWORD) == world.editor


def test_tokens_are_stored_hashed_and_expire(world):
    key = services.issue_token(world.editor)
    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert services.user_for_token(key) == world.editor
    ApiToken.objects.update(expires_at="2000-01-01T00:00:00Z")
    assert services.user_for_token(key) is None
    assert services.user_for_token("nonsense") is None
