"""Proves that the shared contracts cover every scoped model and every route, so a
new model or endpoint cannot skip them quietly.

- Every model of lamtheobac that reaches `units.Unit` through its concrete
  foreign keys (directly, or through a parent: a score through its evaluation
  and initiative) has an `IsolationContract`, or an exemption with its reason.
- Every route of the URL conf (pages and /api/v1/) is exercised by a contract:
  named in its `covers`, or its static list URL, or exempt with its reason.
- Every API operation that takes a reference to rows in its query string or its
  body (a unit, a period key, a person, a topic, report ids, an import file...)
  is named by a `ReferenceContract`. (The pages' forms cannot be read the same
  way: their reference routes are named by the contracts of each app.)

The checks are functions of the models, routes, operations, contracts and
exemptions, so the tests below also prove that each check fails, naming what it
finds, on a model or a route made up to be uncovered.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

import lamtheobac
from lamtheobac.core.testing import IsolationContract, ReferenceContract
from lamtheobac.units.models import Unit

# Models with a unit whose read rule is not the unit's subtree, and why.
EXEMPT_MODELS = {
    "core.Notification": (
        "a personal message, read and marked only by its recipient through for_user(); "
        "core/tests/test_notifications.py proves another user can neither read nor mark it"
    ),
}

# Routes that take no reference to anyone's rows, and why.
EXEMPT_ROUTES = {
    "": "the home page: the user's own roles and to-do list, no parameter",
    "healthz": "the health check reads no rows",
    "notifications/": "the user's own notifications (core/tests/test_notifications.py)",
    "notifications/read/": "marks the user's own notifications; others' ids are passed over",
    "notifications/badge/": "the user's own unread count",
    "accounts/login/": "signing in",
    "accounts/logout/": "signing out",
    "i18n/setlang/": "Django's language switcher",
    "activities/kinds/": "the system administrator's list of kinds of activity, the same for every unit",
    "initiatives/lists/": "the system administrator's lists (fields, movements, criteria, measures)",
    "api/v1/": "the API's root",
    "api/v1/^": "the API's catch-all: a 404 in the error shape for any unknown path",
    "api/v1/openapi.json": "the OpenAPI document",
    "api/v1/docs": "the API's documentation page",
    "api/v1/auth/token": "a token for the caller's own username and password",
    "api/v1/notifications": "the caller's own notifications (core/tests/test_notifications.py)",
    "api/v1/notifications/read": "marks the caller's own notifications; others' ids are passed over",
    "api/v1/reports/to-do": "what the caller's own units owe",
    "api/v1/activity-kinds": "the kinds of activity, the same for every unit (system administrator's)",
    "api/v1/initiative-lists/fields": "the system administrator's list of fields",
    "api/v1/initiative-lists/movements": "the system administrator's list of movements",
    "api/v1/initiative-lists/criteria": "the system administrator's list of criteria",
    "api/v1/initiative-lists/measures": "the system administrator's list of outcome measures",
}

# Query or body parameters of the API that name rows of a scoped model.
REFERENCE_PARAMETERS = frozenset(
    {
        "unit",
        "units",
        "parent",
        "subtree",
        "within",
        "new_parent",
        "into",
        "sources",
        "body_unit",
        "person",
        "responsible",
        "committee_attendees",
        "points",
        "topic",
        "activity",
        "derived_from",
        "period",
        "ids",
    }
)

# API operations with such a parameter that name only the caller's own rows, and why.
EXEMPT_REFERENCES = {
    "api/v1/notifications/read": "ids of the caller's own notifications; others' are passed over",
}


# --- what exists -----------------------------------------------------------------------
def contracts() -> tuple[list[type], list[type]]:
    """The isolation and the reference contracts of every app."""
    for module in pkgutil.walk_packages(lamtheobac.__path__, "lamtheobac."):
        if module.name.endswith((".test_isolation", ".test_references")):
            importlib.import_module(module.name)
    return _subclasses(IsolationContract), _subclasses(ReferenceContract)


def _subclasses(base: type) -> list[type]:
    """The contracts pytest runs (named Test…): a helper base class or a contract
    made up to fail (core/tests/test_reference_contract.py) covers nothing."""
    found, queue = [], list(base.__subclasses__())
    while queue:
        cls = queue.pop()
        if cls.__name__.startswith("Test"):
            found.append(cls)
        queue.extend(cls.__subclasses__())
    return found


def routes(patterns=None, prefix: str = "") -> list[str]:
    """Every route of the URL conf (or of `patterns`), as Django writes it."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    result = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            result.extend(routes(entry.url_patterns, route))
        elif isinstance(entry, URLPattern):
            result.append(route)
    return result


def api_operations() -> list[tuple[str, str, set[str]]]:
    """(method, route, query and body parameters) of every API operation, read
    from the OpenAPI document; the route as Django writes it."""
    from lamtheobac.api.base import api

    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    by_openapi_path = {_openapi_path(route): route for route in routes() if route.startswith("api/v1/")}
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] != "path"}
            for content in operation.get("requestBody", {}).get("content", {}).values():
                body = content.get("schema", {})
                if "$ref" in body:
                    body = components[body["$ref"].rsplit("/", 1)[1]]
                names |= set(body.get("properties", {}))
            found.append((method.upper(), by_openapi_path[path], names))
    return found


def _openapi_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


# --- the rules --------------------------------------------------------------------------
def scoped_models(candidates: Iterable[type[models.Model]]) -> set[type[models.Model]]:
    """The models of lamtheobac that are Unit or reach it through concrete foreign
    keys, directly or through their parents."""

    def reaches_unit(model, seen) -> bool:
        if model is Unit:
            return True
        seen.add(model)
        return any(
            reaches_unit(field.related_model, seen)
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model not in seen
        )

    return {
        model
        for model in candidates
        if model.__module__.startswith("lamtheobac.") and reaches_unit(model, set())
    }


def uncovered_models(candidates, isolation: list[type], exempt: dict[str, str]) -> list[str]:
    covered = {getattr(cls, "model", None) for cls in isolation}
    return sorted(
        model._meta.label
        for model in scoped_models(candidates)
        if model not in covered and model._meta.label not in exempt
    )


def covered_routes(contracts: Iterable[type]) -> set[str]:
    """Routes named in `covers`, and those of the static list URLs."""
    covered = set()
    for cls in contracts:
        covered |= set(getattr(cls, "covers", ()))
        for name in ("web_list_url", "api_list_url"):
            url = getattr(cls, name, None)
            if url:
                covered.add(resolve(urlsplit(url).path).route)
    return covered


def uncovered_routes(
    all_routes: Iterable[str], contracts: Iterable[type], exempt: dict[str, str]
) -> list[str]:
    covered = covered_routes(contracts)
    return sorted({route for route in all_routes if route not in covered and route not in exempt})


def unnamed_reference_routes(
    operations: Iterable[tuple[str, str, set[str]]], references: Iterable[type], exempt: dict[str, str]
) -> list[str]:
    named = {route for cls in references for route in cls.covers}
    return sorted(
        f"{method} {route} ({', '.join(sorted(names & REFERENCE_PARAMETERS))})"
        for method, route, names in operations
        if names & REFERENCE_PARAMETERS and route not in named and route not in exempt
    )


def exemptions_without_reasons(*tables: dict[str, str]) -> list[str]:
    return sorted(name for table in tables for name, reason in table.items() if not str(reason or "").strip())


# --- the project passes them --------------------------------------------------------------
def test_every_scoped_model_has_an_isolation_contract():
    isolation, _references = contracts()
    assert scoped_models(apps.get_models()), "no scoped models found: the check itself is broken"
    assert uncovered_models(apps.get_models(), isolation, EXEMPT_MODELS) == []


def test_every_route_is_exercised_by_a_contract_or_exempt_with_its_reason():
    isolation, references = contracts()
    assert uncovered_routes(routes(), [*isolation, *references], EXEMPT_ROUTES) == []


def test_every_api_route_that_takes_a_reference_is_named_by_a_reference_contract():
    _isolation, references = contracts()
    operations = api_operations()
    assert any(names & REFERENCE_PARAMETERS for _method, _route, names in operations), "the check is broken"
    assert unnamed_reference_routes(operations, references, EXEMPT_REFERENCES) == []


def test_contracts_and_exemptions_name_only_what_exists():
    isolation, references = contracts()
    existing = set(routes())
    claimed = {route for cls in [*isolation, *references] for route in cls.covers}
    assert sorted(claimed - existing) == []
    assert sorted(set(EXEMPT_ROUTES) - existing) == []
    labels = {model._meta.label for model in apps.get_models()}
    assert sorted(set(EXEMPT_MODELS) - labels) == []


def test_every_exemption_has_a_reason():
    assert exemptions_without_reasons(EXEMPT_MODELS, EXEMPT_ROUTES, EXEMPT_REFERENCES) == []


# --- and each rule fails on what it must find ---------------------------------------------
@isolate_apps("lamtheobac.core")
def test_a_model_with_a_unit_and_no_contract_fails_naming_it():
    class StrayLedger(models.Model):  # noqa: DJ008
        unit = models.ForeignKey(Unit, on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

    class StrayLine(models.Model):  # noqa: DJ008
        # Reaches the unit through its parent only.
        ledger = models.ForeignKey(StrayLedger, on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

    class StrayNote(models.Model):  # noqa: DJ008
        text = models.TextField()

        class Meta:
            app_label = "core"

    isolation, _references = contracts()
    real = uncovered_models(apps.get_models(), isolation, EXEMPT_MODELS)
    candidates = [*apps.get_models(), StrayLedger, StrayLine, StrayNote]
    found = uncovered_models(candidates, isolation, EXEMPT_MODELS)
    assert sorted(set(found) - set(real)) == ["core.StrayLedger", "core.StrayLine"]
    covering = type("StrayLedgerContract", (), {"model": StrayLedger})
    exempt = {**EXEMPT_MODELS, "core.StrayLine": "a reason"}
    assert uncovered_models(candidates, [*isolation, covering], exempt) == real


def test_a_route_without_a_contract_fails_naming_it():
    isolation, references = contracts()
    stray = [
        URLPattern(RoutePattern("stray/<int:pk>/"), lambda request, pk: None),
        URLPattern(RoutePattern("stray/"), lambda request: None),
    ]
    every = [*routes(), *routes(stray, "reports/")]
    real = uncovered_routes(routes(), [*isolation, *references], EXEMPT_ROUTES)
    found = uncovered_routes(every, [*isolation, *references], EXEMPT_ROUTES)
    assert sorted(set(found) - set(real)) == ["reports/stray/", "reports/stray/<int:pk>/"]
    naming = type("StrayContract", (), {"covers": ("reports/stray/<int:pk>/",)})
    exempt = {**EXEMPT_ROUTES, "reports/stray/": "a reason"}
    assert uncovered_routes(every, [*isolation, *references, naming], exempt) == real


def test_an_api_route_taking_a_unit_without_a_reference_contract_fails_naming_it():
    _isolation, references = contracts()
    real = unnamed_reference_routes(api_operations(), references, EXEMPT_REFERENCES)
    operations = [*api_operations(), ("GET", "api/v1/strays", {"unit", "limit", "offset"})]
    found = unnamed_reference_routes(operations, references, EXEMPT_REFERENCES)
    assert sorted(set(found) - set(real)) == ["GET api/v1/strays (unit)"]
    naming = type("StrayContract", (), {"covers": ("api/v1/strays",)})
    assert unnamed_reference_routes(operations, [*references, naming], EXEMPT_REFERENCES) == real


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_an_exemption_needs_a_reason(reason):
    assert exemptions_without_reasons(EXEMPT_ROUTES, {"reports/stray/": reason}) == ["reports/stray/"]
    assert exemptions_without_reasons({"core.StrayLedger": reason}) == ["core.StrayLedger"]
