import re

import pytest
from django.test import Client

from lamtheobac.core.testing import web_client
from lamtheobac.units.models import Unit

pytestmark = pytest.mark.django_db


def test_it_shows_a_demo_banner_only_for_demo_units(world):
    assert "DỮ LIỆU MINH HỌA" not in web_client(world.editor).get("/").content.decode()
    Unit.objects.filter(pk=world.commune.pk).update(is_demo=True)
    assert "DỮ LIỆU MINH HỌA" in web_client(world.editor).get("/").content.decode()


def test_it_loads_every_asset_from_our_own_server(world):
    client = web_client(world.admin)
    urls = ["/", "/units/", f"/units/{world.commune.pk}/", "/people/", "/audit/"]
    pages = [client.get(url).content.decode() for url in urls] + [
        Client().get("/accounts/login/").content.decode()
    ]
    for page in pages:
        assert re.findall(r"""(?:src|href)=["']?(?:https?:)?//""", page) == []
        assert "/static/vendor/htmx.min.js" in page
        assert "/static/css/app.css" in page


def test_it_switches_the_language(world):
    client = web_client(world.editor)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.get("/").headers["Content-Language"] == "en"
