"""The pages and API lists of a province keep the same number of SQL queries
whether it has a handful of units or the 3.000 of the demo province."""

import pytest

from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import ApiClient, count_queries, web_client
from lamtheobac.demo.builder import build_demo

pytestmark = pytest.mark.django_db

# Pinned: a change that adds a query per page is a decision, not an accident.
# Measured as the superuser (no roles query). The audit page adds one query per
# kind of object on the page (links), which is bounded by the kinds that exist.
WEB = {
    "tree": 4,
    "tree_children": 4,
    "unit_list": 6,
    "unit_list_cells": 6,
    "unit_search": 6,
    "people_list": 6,
    "audit": 9,  # its first page now holds the demo reports' trail too: one link query more
}
API = {"api_units": 4, "api_people": 3, "api_audit": 3}


def urls(summary) -> dict[str, str]:
    return {
        "tree": "/units/",
        "tree_children": f"/units/{summary.province.pk}/children/",
        "unit_list": "/units/?view=list",
        "unit_list_cells": "/units/?view=list&level=cell&page=2",
        "unit_search": "/units/?q=chi+bo",
        "people_list": "/people/?page=2",
        "audit": "/audit/",
        "api_units": "/api/v1/units?limit=50&offset=50",
        "api_people": "/api/v1/people?limit=50&offset=50",
        "api_audit": "/api/v1/audit-events?limit=50",
    }


@pytest.mark.parametrize("communes", [3, 100])
def test_list_pages_do_not_grow_with_the_number_of_units(communes):
    summary = build_demo(communes=communes)
    if communes == 100:
        assert summary.units >= 2500  # a province-sized tree, not a toy
    admin = summary.users["admin"]
    AuditEvent.objects.update(actor=admin)
    addresses = urls(summary)
    client = web_client(admin)
    measured = {name: count_queries(lambda url=addresses[name]: client.get(url)) for name in WEB}
    api = ApiClient(admin)
    api.get("/api/v1/units?limit=1")  # the first call of a token records its use
    measured |= {name: count_queries(lambda url=addresses[name]: api.get(url)) for name in API}
    assert measured == WEB | API


@pytest.mark.parametrize("communes", [3, 100])
def test_a_province_user_sees_the_tree_with_the_same_queries(communes):
    summary = build_demo(communes=communes)
    client = web_client(summary.users["tinh"])
    assert count_queries(lambda: client.get("/units/")) == count_queries(lambda: client.get("/units/"))
    tree = count_queries(lambda: client.get("/units/"))
    listing = count_queries(lambda: client.get("/units/?view=list&page=3"))
    assert (tree, listing) == (WEB["tree"] + 1, WEB["unit_list"] + 1)  # + the user's roles
