"""The reference contract can fail: pointed at rows the outsider may read or
write, each of its tests refuses, naming the attempt. (A contract that cannot
fail proves nothing.)"""

import pytest

from lamtheobac.core.testing import Attempt, ReferenceContract
from lamtheobac.people.models import Person

pytestmark = pytest.mark.django_db

THEIRS = "Lê Văn Của Xã Bên"


class Misdirected(ReferenceContract):
    """'Ours' made in the outsider's commune: what the contract must refuse."""

    models = (Person,)
    covers = ("people/", "people/new/")

    def make(self, world):
        return Person.objects.create(unit=world.sibling_cell, full_name=THEIRS)

    def marker(self, made):
        return THEIRS

    def attempts(self, world, made):
        return [
            Attempt.page("get", f"/people/?unit={world.sibling.pk}"),
            Attempt.page("post", "/people/new/", {"full_name": "Người mới", "unit": world.sibling_cell.pk}),
        ]


@pytest.fixture
def contract():
    return Misdirected()


@pytest.fixture
def made(contract, world):
    return contract.make(world)


def test_it_fails_when_the_outsider_reads_the_marker(contract, world, made):
    with pytest.raises(AssertionError, match=r"GET /people/\?unit=\d+ shows"):
        contract.test_the_outsider_gets_none_of_our_rows_and_writes_nothing(world, made)


def test_it_fails_when_the_outsider_writes(contract, world, made, monkeypatch):
    reads = [attempt for attempt in contract.attempts(world, made) if attempt.is_read]
    writes = [attempt for attempt in contract.attempts(world, made) if not attempt.is_read]
    monkeypatch.setattr(contract, "attempts", lambda world, made: writes)
    assert reads and writes
    with pytest.raises(AssertionError, match=r"POST /people/new/: 302"):
        contract.test_the_outsider_gets_none_of_our_rows_and_writes_nothing(world, made)


def test_its_positive_control_fails_when_our_user_gets_nothing(contract, world, made):
    with pytest.raises(AssertionError, match="does not show"):
        contract.test_our_own_user_does_get_them(world, made)


def test_it_fails_when_covers_and_attempts_differ(contract, world, made, monkeypatch):
    monkeypatch.setattr(contract, "covers", ("people/", "people/new/", "people/<int:pk>/edit/"))
    with pytest.raises(AssertionError, match="never attempted"):
        contract.test_it_names_exactly_the_routes_it_attempts(world, made)
    monkeypatch.setattr(contract, "covers", ("people/",))
    with pytest.raises(AssertionError, match="not in covers"):
        contract.test_it_names_exactly_the_routes_it_attempts(world, made)
