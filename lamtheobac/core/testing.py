"""Shared test machinery: a small world of units and users, and the isolation
contract that every scoped model and endpoint must pass.

Usage (see lamtheobac/people/tests/test_isolation.py):

    class TestPersonIsolation(IsolationContract):
        model = Person
        web_list_url = "/people/"
        api_list_url = "/api/v1/people"

        def make(self, unit):
            return Person.objects.create(unit=unit, full_name="Nguyễn Văn Riêng")

        def web_detail_url(self, obj): return f"/people/{obj.pk}/"
        def web_write(self, obj): return ("post", f"/people/{obj.pk}/edit/", {...})
        def api_detail_url(self, obj): return f"/api/v1/people/{obj.pk}"
        def api_write(self, obj): return ("patch", f"/api/v1/people/{obj.pk}", {...})

Every hook left as None is skipped *by name* in the report, never silently passed.

Routes that take a reference in the query string or the body (a unit to filter
on or to write in, a period key, a person, a topic, report ids, an import file)
have a `ReferenceContract` as well: see lamtheobac/people/tests/test_references.py.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.db import connection, models, transaction
from django.forms import BaseForm
from django.forms.models import model_to_dict
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from lamtheobac.accounts.models import Role
from lamtheobac.core.models import AuditEvent
from lamtheobac.units.models import Kind, Level, Unit

PASSWORD = "lamtheobac-test"
START = dt.date(2020, 1, 1)


@dataclass
class World:
    province: Unit
    commune: Unit  # "ours": where the editor works
    cell: Unit  # a cell of our commune
    sibling: Unit  # a sibling commune: never visible to `editor`
    sibling_cell: Unit
    superuser: User
    province_admin: User
    province_approver: User
    admin: User  # unit admin of `commune`
    editor: User  # editor of `commune`
    viewer: User  # viewer of `commune`
    outsider: User  # editor of `sibling`
    outsider_admin: User  # unit admin of `sibling`
    nobody: User  # signed in, no role at all


def make_user(
    username: str, *, unit: Unit | None = None, kind: str | None = None, superuser: bool = False
) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, is_superuser=superuser, is_staff=superuser
    )
    if unit is not None and kind is not None:
        Role.objects.create(user=user, unit=unit, kind=kind)
    return user


def build_world() -> World:
    province = Unit.objects.add_root(
        instance=Unit(
            code="T", name="Tỉnh Thử", level=Level.PROVINCE, kind=Kind.PARTY_COMMITTEE, valid_from=START
        )
    )

    def child(parent, code, name, level, kind):
        return Unit.objects.add_child(
            Unit.objects.get(pk=parent.pk),
            instance=Unit(code=code, name=name, level=level, kind=kind, valid_from=START),
        )

    commune = child(province, "X1", "Xã Đông Sơn", Level.COMMUNE, Kind.PARTY_COMMITTEE)
    cell = child(commune, "X1-C1", "Chi bộ thôn Một", Level.CELL, Kind.PARTY_CELL)
    sibling = child(province, "X2", "Xã Tây Hồ", Level.COMMUNE, Kind.PARTY_COMMITTEE)
    sibling_cell = child(sibling, "X2-C1", "Chi bộ thôn Hai", Level.CELL, Kind.PARTY_CELL)
    return World(
        province=Unit.objects.get(pk=province.pk),
        commune=Unit.objects.get(pk=commune.pk),
        cell=Unit.objects.get(pk=cell.pk),
        sibling=Unit.objects.get(pk=sibling.pk),
        sibling_cell=Unit.objects.get(pk=sibling_cell.pk),
        superuser=make_user("root", superuser=True),
        province_admin=make_user("tinh_admin", unit=province, kind="admin"),
        province_approver=make_user("tinh", unit=province, kind="approver"),
        admin=make_user("xa_admin", unit=commune, kind="admin"),
        editor=make_user("xa", unit=commune, kind="editor"),
        viewer=make_user("xa_xem", unit=commune, kind="viewer"),
        outsider=make_user("xa_ben", unit=sibling, kind="editor"),
        outsider_admin=make_user("xa_ben_admin", unit=sibling, kind="admin"),
        nobody=make_user("khong"),
    )


def web_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


class ApiClient:
    """A test client that sends JSON with a bearer token."""

    def __init__(self, user: User | None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            from lamtheobac.accounts.services import issue_token

            self.headers["Authorization"] = f"Bearer {issue_token(user)}"

    def request(self, method: str, url: str, data: Any = None, **extra):
        call = getattr(self.client, method.lower())
        if data is None:
            return call(url, headers=self.headers, **extra)
        if method.lower() == "get":
            return call(url, data, headers=self.headers, **extra)
        return call(
            url, data=json.dumps(data), content_type="application/json", headers=self.headers, **extra
        )

    def get(self, url, data=None, **extra):
        return self.request("get", url, data, **extra)

    def post(self, url, data=None, **extra):
        return self.request("post", url, data if data is not None else {}, **extra)

    def patch(self, url, data=None, **extra):
        return self.request("patch", url, data if data is not None else {}, **extra)

    def put(self, url, data=None, **extra):
        return self.request("put", url, data if data is not None else {}, **extra)

    def delete(self, url, **extra):
        return self.request("delete", url, **extra)


def table_state(model: type[models.Model]) -> list[dict]:
    """Every row of a model, to prove that a refused write changed nothing."""
    return [model_to_dict(obj) for obj in model._default_manager.order_by("pk")]


def world_state(model: type[models.Model]) -> tuple:
    return (table_state(model), AuditEvent.objects.count())


def state(*tables: type[models.Model]) -> tuple:
    """The world_state of each model, to compare before and after a refused write."""
    return tuple(world_state(model) for model in tables)


# --- helpers of the API tests --------------------------------------------------------
def ids(response) -> list[int]:
    """The ids of an API list's page, after checking that it answered 200."""
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def refused(response, status: int, code: str, fields=None) -> str:
    """The one error shape, in Vietnamese; returns the message."""
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"]
    if fields is not None:
        assert set(body.get("fields", {})) == set(fields), body
    return body["message"]


# --- query counts -----------------------------------------------------------------------
def captured_queries(call_or_client, url: str | None = None, data=None) -> tuple[int, Any]:
    """Run one call and count its SQL queries: `(client, url, data)` GETs the url
    with a web or API client, a callable alone is called. A response must answer
    200. Returns the count and what the call returned."""
    call: Callable[[], Any] = call_or_client if url is None else (lambda: call_or_client.get(url, data))
    with CaptureQueriesContext(connection) as context:
        result = call()
    if hasattr(result, "status_code"):
        assert result.status_code == 200, (url, result.content[:500])
    return len(context.captured_queries), result


def count_queries(call_or_client, url: str | None = None, data=None) -> int:
    """The SQL queries of one call (see `captured_queries`)."""
    return captured_queries(call_or_client, url, data)[0]


def api_queries(client: ApiClient, url: str, data=None) -> tuple[int, Any]:
    """The SQL queries of one API GET, and the JSON it answered."""
    count, response = captured_queries(client, url, data)
    return count, response.json()


# --- a bigger province --------------------------------------------------------------------
class Grown(NamedTuple):
    number: int
    commune: Unit
    cells: list[Unit]


def grow_communes(world: World, communes: int, *, cells: int = 1, start: int = 0) -> list[Grown]:
    """`communes` more communes under the province (G{start}, "Xã Mới {start}", …),
    each with `cells` party cells: the shared tree that query-count tests grow,
    each app then adding its own rows to it."""
    grown = []
    for number in range(start, start + communes):
        commune = _add_unit(
            world.province, f"G{number}", f"Xã Mới {number}", Level.COMMUNE, Kind.PARTY_COMMITTEE
        )
        # One cell: G3-C, "Chi bộ 3"; more: G3-C1, "Chi bộ 3.1", G3-C2, …
        suffixes = [""] if cells == 1 else [str(index) for index in range(1, cells + 1)]
        made = [
            _add_unit(
                commune,
                f"G{number}-C{suffix}",
                f"Chi bộ {number}{'.' if suffix else ''}{suffix}",
                Level.CELL,
                Kind.PARTY_CELL,
            )
            for suffix in suffixes
        ]
        grown.append(Grown(number, commune, made))
    return grown


def _add_unit(parent: Unit, code: str, name: str, level: str, kind: str) -> Unit:
    unit = Unit.objects.add_child(
        Unit.objects.get(pk=parent.pk),
        instance=Unit(code=code, name=name, level=level, kind=kind, valid_from=START),
    )
    return Unit.objects.get(pk=unit.pk)


@pytest.mark.django_db
class IsolationContract:
    """Same tests for every scoped model and endpoint: see the module docstring."""

    model: type[models.Model]
    web_list_url: str | None = None
    api_list_url: str | None = None
    # Who may see the object: the editor of its commune by default. A model that
    # only unit admins read (the audit trail) sets "admin".
    owner_attr: str = "editor"
    outsider_attr: str = "outsider"
    # The action that reading needs: "view", or "admin" for the audit trail.
    read_action: str = "view"
    # URL routes (as Django resolves them) that this contract exercises; a
    # meta-test checks that every route taking an id is covered by some contract.
    covers: tuple[str, ...] = ()

    # --- hooks -------------------------------------------------------------
    def make(self, unit: Unit) -> models.Model:
        raise NotImplementedError

    def owning_unit(self, world: World) -> Unit:
        """The unit that owns the object under test (our commune by default)."""
        return world.commune

    def marker(self, obj: models.Model) -> str:
        return str(obj)

    def web_detail_url(self, obj) -> str | None:
        return None

    def web_write(self, obj) -> tuple[str, str, dict] | None:
        return None

    def api_detail_url(self, obj) -> str | None:
        return None

    def api_write(self, obj) -> tuple[str, str, dict] | None:
        return None

    def api_create_elsewhere(self, world: World) -> tuple[str, str, dict] | None:
        """An API call by the outsider that tries to create a row in *our* unit."""
        return None

    def web_create_elsewhere(self, world: World) -> tuple[str, str, dict] | None:
        return None

    # --- fixtures ----------------------------------------------------------
    @pytest.fixture
    def world(self, db) -> World:
        return build_world()

    @pytest.fixture
    def obj(self, world):
        return self.make(self.owning_unit(world))

    def _owner(self, world):
        return getattr(world, self.owner_attr)

    def _outsider(self, world):
        return getattr(world, self.outsider_attr)

    # --- the contract ------------------------------------------------------
    def test_queryset_narrows_to_the_subtree(self, world, obj):
        manager = self.model._default_manager
        action = self.read_action
        assert manager.visible_to(self._owner(world), action).filter(pk=obj.pk).exists()
        assert manager.visible_to(world.province_admin, action).filter(pk=obj.pk).exists()
        assert not manager.visible_to(self._outsider(world), action).filter(pk=obj.pk).exists()
        assert not manager.visible_to(world.nobody, action).filter(pk=obj.pk).exists()

    def test_outsider_does_not_see_it_in_the_web_list(self, world, obj):
        if self.web_list_url is None:
            pytest.skip("no web list for this model")
        mine = web_client(self._owner(world)).get(self.web_list_url)
        assert mine.status_code == 200
        assert self.marker(obj) in mine.content.decode()
        theirs = web_client(self._outsider(world)).get(self.web_list_url)
        assert theirs.status_code == 200
        assert self.marker(obj) not in theirs.content.decode()

    def test_outsider_gets_404_on_the_web_page(self, world, obj):
        url = self.web_detail_url(obj)
        if url is None:
            pytest.skip("no web page for this model")
        assert web_client(self._owner(world)).get(url).status_code == 200
        assert web_client(self._outsider(world)).get(url).status_code == 404
        missing = url.replace(f"/{obj.pk}/", "/987654321/")
        if missing != url:
            assert web_client(self._owner(world)).get(missing).status_code == 404

    def test_outsider_web_write_is_refused_and_changes_nothing(self, world, obj):
        attempt = self.web_write(obj)
        if attempt is None:
            pytest.skip("no web form for this model")
        method, url, data = attempt
        before = world_state(self.model)
        response = getattr(web_client(self._outsider(world)), method)(url, data)
        assert response.status_code == 404
        assert world_state(self.model) == before

    def test_outsider_does_not_see_it_in_the_api_list(self, world, obj):
        if self.api_list_url is None:
            pytest.skip("no API list for this model")
        mine = ApiClient(self._owner(world)).get(self.api_list_url)
        assert mine.status_code == 200, mine.content
        assert obj.pk in [item["id"] for item in mine.json()["items"]]
        theirs = ApiClient(self._outsider(world)).get(self.api_list_url)
        assert theirs.status_code == 200
        assert obj.pk not in [item["id"] for item in theirs.json()["items"]]

    def test_outsider_gets_404_from_the_api(self, world, obj):
        url = self.api_detail_url(obj)
        if url is None:
            pytest.skip("no API detail for this model")
        assert ApiClient(self._owner(world)).get(url).status_code == 200
        response = ApiClient(self._outsider(world)).get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"

    def test_outsider_api_write_is_refused_and_changes_nothing(self, world, obj):
        attempt = self.api_write(obj)
        if attempt is None:
            pytest.skip("no API write for this model")
        method, url, data = attempt
        before = world_state(self.model)
        response = ApiClient(self._outsider(world)).request(method, url, data)
        assert response.status_code == 404, response.content
        assert world_state(self.model) == before

    def test_outsider_cannot_create_in_our_unit_through_the_api(self, world, obj):
        attempt = self.api_create_elsewhere(world)
        if attempt is None:
            pytest.skip("no API create for this model")
        method, url, data = attempt
        before = world_state(self.model)
        response = ApiClient(self._outsider(world)).request(method, url, data)
        assert 400 <= response.status_code < 500, response.content
        assert world_state(self.model) == before

    def test_outsider_cannot_create_in_our_unit_through_the_pages(self, world, obj):
        attempt = self.web_create_elsewhere(world)
        if attempt is None:
            pytest.skip("no web create for this model")
        method, url, data = attempt
        before = world_state(self.model)
        response = getattr(web_client(self._outsider(world)), method)(url, data)
        assert response.status_code in (200, 400, 404), response.status_code  # form error or refusal
        assert world_state(self.model) == before

    def test_anonymous_is_sent_to_login_and_refused_by_the_api(self, world, obj):
        url = self.web_detail_url(obj) or self.web_list_url
        if url is not None:
            response = Client().get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        api_url = self.api_detail_url(obj) or self.api_list_url
        if api_url is not None:
            assert ApiClient(None).get(api_url).status_code == 401


# --- references in the query string or the body ----------------------------------------
@dataclass(frozen=True)
class Attempt:
    """One request that names our commune's rows in its query string or body: as
    the outsider sends it and, for the positive control, as our own user sends
    it (`own_url`/`own_data` when that differs, e.g. their unit swapped for ours)."""

    method: str
    url: str
    data: Any = None
    api: bool = False
    own_url: str | None = None
    own_data: Any = None
    # Multipart (an upload) instead of JSON, for the API.
    multipart: bool = False
    # Whether our own user's answer shows the marker (a read); False for answers
    # that cannot (a .docx, a redirect after a write).
    shows: bool = True
    # The text to look for, when it is not the contract's marker.
    marker: str | None = None
    # Who sends it, when not the contract's outsider and owner (World attributes):
    # approving takes an approver on both sides.
    outsider: str | None = None
    owner: str | None = None

    @classmethod
    def page(cls, method: str, url: str, data: Any = None, **options) -> Attempt:
        return cls(method, url, data, api=False, **options)

    @classmethod
    def call(cls, method: str, url: str, data: Any = None, **options) -> Attempt:
        return cls(method, url, data, api=True, **options)

    @property
    def is_read(self) -> bool:
        return self.method.lower() == "get"

    @property
    def route(self) -> str:
        return resolve(urlsplit(self.url).path).route

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.url}{' (API)' if self.api else ''}"


def response_text(response) -> str:
    """What a person would read in a response: the page, the JSON with its
    Vietnamese unescaped, or the cells of a spreadsheet."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "json" in kind:
        return json.dumps(json.loads(content or b"null"), ensure_ascii=False)
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return content.decode(errors="replace")


def shows_a_form_error(response) -> bool:
    """A page that answers a write with its form again, carrying an error (the
    units and people pages answer 200 so, the others 400)."""
    context = getattr(response, "context", None)
    if not context:
        return False
    values = [context[key] for key in context.keys()]  # noqa: SIM118 (a ContextList iterates its contexts)
    return any(isinstance(value, BaseForm) and value.is_bound and value.errors for value in values)


@pytest.mark.django_db
class ReferenceContract:
    """Same tests for every route that names our rows in its query string or body.

    Hooks: `make(world)` makes our commune's rows; `attempts(world, made)` lists
    the outsider's requests that name them (and our own user's version); `marker`
    is the text that must never reach the outsider; `models` are the tables (with
    the audit log) that no refused attempt may change. For every attempt the
    outsider gets a 4xx, or a page or list (200) without the marker; nothing is
    written. Our own user, sending the same, succeeds: a read shows the marker, a
    write changes the tables. `covers` names exactly the routes attempted.
    """

    covers: tuple[str, ...] = ()
    models: tuple[type[models.Model], ...] = ()
    owner_attr: str = "editor"
    outsider_attr: str = "outsider"

    # --- hooks -------------------------------------------------------------
    def make(self, world: World) -> Any:
        raise NotImplementedError

    def marker(self, made: Any) -> str:
        return str(made)

    def attempts(self, world: World, made: Any) -> list[Attempt]:
        raise NotImplementedError

    # --- fixtures ----------------------------------------------------------
    @pytest.fixture
    def world(self, db) -> World:
        return build_world()

    @pytest.fixture
    def made(self, world):
        return self.make(world)

    def _send(self, user: User, attempt: Attempt, *, own: bool):
        url = (attempt.own_url or attempt.url) if own else attempt.url
        data = (attempt.own_data if attempt.own_data is not None else attempt.data) if own else attempt.data
        if not attempt.api:
            client = web_client(user)
            return self._rolled_back(lambda: getattr(client, attempt.method.lower())(url, data or {}))
        client = ApiClient(user)
        if attempt.multipart:
            call = lambda: getattr(client.client, attempt.method.lower())(url, data, headers=client.headers)  # noqa: E731
        else:
            call = lambda: client.request(attempt.method, url, data)  # noqa: E731
        return self._rolled_back(call)

    def _rolled_back(self, call: Callable[[], Any]):
        """Send in a savepoint, run what it queued for after the commit (an import's
        task), read what it did, and undo it: each attempt starts from the same rows."""
        with transaction.atomic():
            before = state(*self.models)
            with TestCase.captureOnCommitCallbacks(execute=True):
                response = call()
            text = response_text(response)
            changed = state(*self.models) != before
            transaction.set_rollback(True)
        return response, text, changed

    # --- the contract ------------------------------------------------------
    def test_the_outsider_gets_none_of_our_rows_and_writes_nothing(self, world, made):
        for attempt in self.attempts(world, made):
            marker = attempt.marker or self.marker(made)
            assert marker, "a contract needs a marker to look for"
            outsider = getattr(world, attempt.outsider or self.outsider_attr)
            response, text, changed = self._send(outsider, attempt, own=False)
            status = response.status_code
            refused = 400 <= status < 500 or (
                status == 200 and (attempt.is_read or shows_a_form_error(response))
            )
            assert refused, f"{attempt}: {status}"
            assert marker not in text, f"{attempt} shows {marker!r}"
            assert not changed, f"{attempt} wrote"

    def test_our_own_user_does_get_them(self, world, made):
        """The positive control: the same request from our side succeeds, so the
        refusals above are the scope's doing and not a broken request."""
        for attempt in self.attempts(world, made):
            marker = attempt.marker or self.marker(made)
            owner = getattr(world, attempt.owner or self.owner_attr)
            response, text, changed = self._send(owner, attempt, own=True)
            assert response.status_code < 400, f"{attempt}: {response.status_code} {text[:300]}"
            if attempt.is_read:
                assert response.status_code == 200, f"{attempt}: {response.status_code}"
                if attempt.shows:
                    assert marker in text, f"{attempt} does not show {marker!r} to our own user"
            else:
                assert changed, f"{attempt} wrote nothing for our own user"

    def test_it_names_exactly_the_routes_it_attempts(self, world, made):
        attempted = {attempt.route for attempt in self.attempts(world, made)}
        assert sorted(attempted - set(self.covers)) == [], "attempted but not in covers"
        assert sorted(set(self.covers) - attempted) == [], "in covers but never attempted"
