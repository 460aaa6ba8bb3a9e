"""Proves that the shared isolation contract covers every scoped model and every
route that takes an id, so a new model or endpoint cannot skip it quietly."""

import importlib
import pkgutil

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

import lamtheobac
from lamtheobac.core.querysets import ScopedQuerySet
from lamtheobac.core.testing import IsolationContract

# Routes with an id that are deliberately outside the contract, and why.
EXEMPT_ROUTES = {
    "i18n/": "Django's language switcher",
}


def contracts() -> list[type[IsolationContract]]:
    for module in pkgutil.walk_packages(lamtheobac.__path__, "lamtheobac."):
        if module.name.endswith(".test_isolation"):
            importlib.import_module(module.name)
    found, queue = [], list(IsolationContract.__subclasses__())
    while queue:
        cls = queue.pop()
        found.append(cls)
        queue.extend(cls.__subclasses__())
    return found


def routes(resolver=None, prefix="") -> list[str]:
    resolver = resolver or get_resolver()
    result = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            result.extend(routes(entry, route))
        elif isinstance(entry, URLPattern):
            result.append(route)
    return result


def test_every_scoped_model_has_an_isolation_contract():
    scoped = {
        model
        for model in apps.get_models()
        if model.__module__.startswith("lamtheobac.")
        and isinstance(model._default_manager.all(), ScopedQuerySet)
    }
    covered = {cls.model for cls in contracts() if hasattr(cls, "model")}
    assert scoped, "no scoped models found: the check itself is broken"
    assert scoped - covered == set()


def test_every_route_that_takes_an_id_is_exercised_by_a_contract():
    covered = {route for cls in contracts() for route in cls.covers}
    with_ids = {route for route in routes() if "<" in route and not route.startswith(tuple(EXEMPT_ROUTES))}
    assert with_ids, "no routes with ids found: the check itself is broken"
    assert sorted(with_ids - covered) == []
    # A contract must not claim a route that does not exist.
    assert sorted(covered - set(routes())) == []
