"""The shared isolation contract for imports: a commune's import jobs, their page
and their API status stay its own, and nobody imports into another's units."""

from lamtheobac.activities.models import ImportJob
from lamtheobac.core.testing import ApiClient, IsolationContract, web_client, world_state

from . import line, workbook_bytes, xlsx_upload


class TestImportJobIsolation(IsolationContract):
    model = ImportJob
    web_list_url = "/activities/import/"
    api_list_url = "/api/v1/activity-imports?limit=500"
    covers = ("activities/import/<int:pk>/", "api/v1/activity-imports/<id:job_id>")

    def make(self, unit):
        return ImportJob.objects.create(
            unit=unit, name="sinh-hoat-chi-bo-thang-3.xlsx", status=ImportJob.Status.DONE, created_count=4
        )

    def marker(self, obj):
        return obj.name

    def web_detail_url(self, obj):
        return f"/activities/import/{obj.pk}/"

    def api_detail_url(self, obj):
        return f"/api/v1/activity-imports/{obj.pk}"

    def web_create_elsewhere(self, world):
        return (
            "post",
            "/activities/import/",
            {"unit": world.commune.pk, "file": xlsx_upload(workbook_bytes([line("X1-C1")]))},
        )

    def api_create_elsewhere(self, world):
        # JSON cannot carry the file; the multipart attempt is the test below.
        return ("post", "/api/v1/activity-imports", {"unit": world.commune.pk})

    def test_the_progress_fragment_is_ours_only(self, world, obj):
        url = self.web_detail_url(obj)
        assert web_client(world.editor).get(url, headers={"HX-Request": "true"}).status_code == 200
        assert web_client(world.outsider).get(url, headers={"HX-Request": "true"}).status_code == 404

    def test_outsider_cannot_upload_into_our_unit_through_the_api(self, world, obj):
        api = ApiClient(world.outsider)
        before = world_state(ImportJob)
        response = api.client.post(
            "/api/v1/activity-imports",
            {"unit": world.commune.pk, "file": xlsx_upload(workbook_bytes([line("X1-C1")]))},
            headers=api.headers,
        )
        assert response.status_code == 404 and response.json()["code"] == "not_found"
        assert world_state(ImportJob) == before
