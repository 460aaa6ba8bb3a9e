import pytest

from lamtheobac.core.testing import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def _clear_cache():
    # The login throttle lives in the cache; every test starts with a clean one.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
