"""The shared isolation contract for the pages of yearly topics: a commune's
topics stay its own, on every route with an id."""

from lamtheobac.activities.models import Topic
from lamtheobac.core.testing import IsolationContract, web_client, world_state


class TestTopicPagesIsolation(IsolationContract):
    model = Topic
    web_list_url = "/activities/topics/"
    covers = ("activities/topics/<int:pk>/edit/", "activities/topics/<int:pk>/remove/")

    def make(self, unit):
        return Topic.objects.create(unit=unit, year=2025, title="Chuyên đề riêng của Xã Đông Sơn")

    def marker(self, obj):
        return obj.title

    def web_detail_url(self, obj):
        return f"/activities/topics/{obj.pk}/edit/"

    def web_write(self, obj):
        return ("post", f"/activities/topics/{obj.pk}/edit/", {"year": 2025, "title": "Đổi tên"})

    def web_create_elsewhere(self, world):
        data = {"unit": world.commune.pk, "year": 2024, "title": "Chuyên đề lạ"}
        return ("post", "/activities/topics/new/", data)

    def test_outsider_cannot_remove_it(self, world, obj):
        url = f"/activities/topics/{obj.pk}/remove/"
        assert web_client(world.editor).get(url).status_code == 200
        before = world_state(Topic)
        assert web_client(world.outsider).get(url).status_code == 404
        assert web_client(world.outsider).post(url).status_code == 404
        assert world_state(Topic) == before
