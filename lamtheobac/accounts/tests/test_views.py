import pytest
from django.test import Client

from lamtheobac.core.testing import PASSWORD, web_client

pytestmark = pytest.mark.django_db


def test_it_shows_the_login_page(world):
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_it_signs_in_and_follows_a_safe_next(world):
    client = Client()
    response = client.post("/accounts/login/?next=/people/", {"username": "xa", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert client.get("/").status_code == 200


def test_it_ignores_a_next_to_another_site(world):
    response = Client().post(
        "/accounts/login/", {"username": "xa", "password": PASSWORD, "next": "https://example.com/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_it_shows_an_error_for_a_wrong_password(world):
    client = Client()
    response = client.post("/accounts/login/", {"username": "xa", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert client.get("/").status_code == 302


def test_it_throttles_the_sixth_attempt(world):
    client = Client()
    for _attempt in range(5):
        assert client.post("/accounts/login/", {"username": "xa", "password": "sai"}).status_code == 200
    response = client.post("/accounts/login/", {"username": "xa", "password": PASSWORD})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert 'name="password"' in response.content.decode()
    assert client.get("/").status_code == 302


def test_it_signs_out_with_a_post_only(world):
    client = web_client(world.editor)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.get("/").status_code == 302
