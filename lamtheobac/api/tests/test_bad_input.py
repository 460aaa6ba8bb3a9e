"""Bad input at the API's edge: each answers a 4xx in the one error shape, in
Vietnamese, and writes nothing.

scripts/fuzz throws generated input at every operation; these are the cases
a review found by hand, kept as tests because a fuzzer may not reach them (a
body past the upload limit, a CSRF-enforcing client, a zip bomb).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import time
import zipfile

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from lamtheobac.activities.models import ImportJob
from lamtheobac.activities.services import spreadsheets
from lamtheobac.core.api.common import MAX_ID
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.testing import ApiClient, world_state
from lamtheobac.people.models import Person, Position
from lamtheobac.reports.models import Obligation, ReportingPeriod
from lamtheobac.units.models import Unit

pytestmark = pytest.mark.django_db

API = "/api/v1"
TOO_BIG = MAX_ID + 1
NOT_ALLOWED_CHARACTER = "Văn bản có ký tự không được phép."
DATE_RANGE = "Nhập ngày từ 1/1/2000 đến 31/12/2100."


def refused(response, status, code, fields=None) -> dict:
    """The one error shape with a Vietnamese message; returns the body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"]
    if fields is not None:
        assert set(body.get("fields", {})) == set(fields), body
    return body


def csrf_client(user) -> Client:
    """A signed-in browser whose unsafe requests CSRF would check, and a token besides."""
    from lamtheobac.accounts.services import issue_token

    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {issue_token(user)}"})
    client.force_login(user)
    return client


# -- numbers beyond the database's integers -------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/units",
        "/roles",
        "/people",
        "/initiative-lists/movements",
        "/initiative-lists/measures",
        "/initiative-lists/criteria",
        "/initiative-lists/fields",
        "/activity-kinds",
        "/activity-imports",
        "/reporting-periods",
        "/reports",
        "/notifications",
    ],
)
def test_an_offset_past_2_63_is_refused_on_every_list(world, path):
    body = refused(ApiClient(world.province_approver).get(f"{API}{path}?offset={TOO_BIG}"), 400, "invalid")
    assert body["fields"] == {"offset": "Giá trị quá lớn."}


def test_the_largest_offset_answers_an_empty_page(world):
    response = ApiClient(world.province_approver).get(f"{API}/units?offset={MAX_ID}")
    assert response.status_code == 200, response.content
    assert response.json()["items"] == []


def test_offsets_past_2_63_are_refused_on_nested_lists(world):
    person = Person.objects.create(unit=world.commune, full_name="Nguyễn Văn A")
    client = ApiClient(world.province_approver)
    refused(client.get(f"{API}/people/{person.pk}/positions?offset={TOO_BIG}"), 400, "invalid", {"offset"})
    refused(client.get(f"{API}/initiatives/1/steps?offset={TOO_BIG}"), 400, "invalid", {"offset"})
    refused(
        client.get(f"{API}/units/{world.commune.pk}/subtree?offset={TOO_BIG}"), 400, "invalid", {"offset"}
    )


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_an_id_past_2_63_in_a_path_answers_the_json_404(world, method):
    before = world_state(Unit)
    client = ApiClient(world.province_admin)
    refused(getattr(client, method)(f"{API}/units/{TOO_BIG}"), 404, "not_found")
    refused(getattr(client, method)(f"{API}/roles/{TOO_BIG}"), 404, "not_found")
    assert world_state(Unit) == before


def test_every_api_route_reads_its_ids_with_the_bounded_converter():
    from django.urls.resolvers import RoutePattern

    from lamtheobac.api.base import api

    routes = [str(url.pattern) for url in api.urls[0] if isinstance(url.pattern, RoutePattern)]
    assert any("<id:" in route for route in routes)
    assert [route for route in routes if "<int:" in route] == []


def test_a_route_written_with_int_is_read_with_the_bounded_converter():
    from ninja import Router

    from lamtheobac.api.base import Api

    router = Router()

    @router.get("/things/{int:thing_id}")
    def thing(request, thing_id: int):
        return {}

    probe = Api(urls_namespace="probe")
    probe.add_router("", router)
    (route,) = [str(url.pattern) for url in probe.urls[0] if "things" in str(url.pattern)]
    assert route == "things/<id:thing_id>"


def test_an_id_past_2_63_in_a_body_is_refused_and_nothing_is_merged(world):
    before = world_state(Unit)
    client = ApiClient(world.province_admin)
    body = {"sources": [TOO_BIG], "into": world.commune.pk, "on": "2025-07-01"}
    refused(client.post(f"{API}/units/merge", body), 400, "invalid", {"sources.0"})
    refused(client.post(f"{API}/units/merge", {**body, "sources": [world.sibling.pk], "into": TOO_BIG}),
            400, "invalid", {"into"})  # fmt: skip
    refused(client.post(f"{API}/people", {"unit": TOO_BIG, "full_name": "A"}), 400, "invalid", {"unit"})
    assert world_state(Unit) == before
    assert world_state(Person)[0] == []


def test_a_count_past_the_column_is_refused(world):
    before = world_state(Person)
    body = {"unit": world.commune.pk, "kind": 1, "held_on": "2025-03-01", "title": "Hội nghị"}
    response = ApiClient(world.editor).post(f"{API}/activities", {**body, "participants": 2**31})
    refused(response, 400, "invalid", {"participants"})
    assert world_state(Person) == before


# -- text ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["Nguyễn\x00Văn A", "Nguyễn \ud800 Văn A", "Nguyễn\x0bVăn A", "Nguyễn\x1fVăn A"],
    ids=["nul", "lone-surrogate", "vertical-tab", "unit-separator"],
)
def test_a_nul_or_a_lone_surrogate_in_text_is_refused_and_nothing_is_written(world, text):
    person = Person.objects.create(unit=world.commune, full_name="Nguyễn Văn A")
    before = world_state(Person)
    client = ApiClient(world.editor)
    body = refused(
        client.post(f"{API}/people", {"unit": world.commune.pk, "full_name": text}), 400, "invalid"
    )
    assert body["fields"] == {"full_name": NOT_ALLOWED_CHARACTER}
    body = refused(client.patch(f"{API}/people/{person.pk}", {"full_name": text}), 400, "invalid")
    assert body["fields"] == {"full_name": NOT_ALLOWED_CHARACTER}
    assert world_state(Person) == before


def test_tabs_and_line_breaks_are_still_text(world):
    body = {"unit": world.commune.pk, "full_name": "Nguyễn\tVăn A"}
    assert ApiClient(world.editor).post(f"{API}/people", body).status_code == 201


def test_the_import_template_is_written_even_when_a_stored_name_holds_a_control_character(world):
    # The fuzzer stored such a name through the API (now refused); one typed
    # into a form before must not make the template a server error.
    person = Person.objects.create(unit=world.cell, full_name="Lê Văn\x0bThành")
    Position.objects.create(
        person=person, unit=world.commune, kind="secretary", start_date=dt.date(2024, 1, 1)
    )
    response = ApiClient(world.editor).get(
        f"{API}/activity-imports/template?unit={world.commune.pk}&month=2025-03"
    )
    assert response.status_code == 200, response.content[:300]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    names = [row[7] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert f"Lê VănThành (#{person.pk})" in names


def test_a_nul_in_a_query_is_refused(world):
    refused(ApiClient(world.editor).get(f"{API}/people?q=a%00b"), 400, "invalid", {"q"})
    refused(ApiClient(world.editor).get(f"{API}/reporting-periods/custom-1%00"), 400, "invalid", {"key"})


def test_an_overlong_search_term_is_refused(world):
    client = ApiClient(world.editor)
    for path in ("/units", "/people", "/activities", "/initiatives"):
        body = refused(client.get(f"{API}{path}?q={'a' * 101}"), 400, "invalid")
        assert body["fields"] == {"q": "Tối đa 100 ký tự."}
    assert client.get(f"{API}/units?q={'a' * 100}").status_code == 200


def test_nan_is_not_json(world):
    client = ApiClient(world.editor)
    response = client.client.post(
        f"{API}/people",
        data=b'{"unit": NaN, "full_name": "A"}',
        content_type="application/json",
        headers=client.headers,
    )
    refused(response, 400, "malformed_json")


# -- bodies that cannot be read -----------------------------------------------------------------------
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_json_body_over_the_upload_limit_answers_413_and_writes_nothing(world):
    before = world_state(Person)
    body = {"unit": world.commune.pk, "full_name": "A", "padding": "x" * 2000}
    refused(ApiClient(world.editor).post(f"{API}/people", body), 413, "too_large")
    assert world_state(Person) == before


def test_multipart_without_a_boundary_is_refused_and_writes_nothing(world):
    before = world_state(ImportJob)
    client = ApiClient(world.editor)
    for path in ("/activity-imports", "/initiatives/1/attachments"):
        response = client.client.generic(
            "POST", f"{API}{path}", b"--x\r\n", content_type="multipart/form-data", headers=client.headers
        )
        body = refused(response, 400, "malformed_body")
        assert body["message"] == "Không đọc được nội dung yêu cầu."
    assert world_state(ImportJob) == before


# -- unknown paths and ids that are not ids, with CSRF enforced -------------------------------------------
@pytest.mark.parametrize("method", ["post", "patch", "put", "delete"])
@pytest.mark.parametrize("path", ["/no-such-thing", "/units/abc", "/units/-1", "/units/0", "/topics/1.5/x"])
def test_unsafe_methods_on_unknown_paths_answer_the_json_404_not_a_csrf_page(world, method, path):
    before = world_state(Unit)
    response = getattr(csrf_client(world.province_admin), method)(
        f"{API}{path}", data="{}", content_type="application/json"
    )
    body = refused(response, 404, "not_found")
    assert body["message"] == "Không tìm thấy, hoặc nằm ngoài phạm vi đơn vị của bạn."
    assert world_state(Unit) == before


def test_an_unknown_path_answers_json_to_an_anonymous_client_too():
    response = Client(enforce_csrf_checks=True).post(
        f"{API}/nowhere", data="{}", content_type="application/json"
    )
    refused(response, 404, "not_found")


# -- null in a partial update ------------------------------------------------------------------------
def test_an_explicit_null_in_a_patch_is_refused_and_the_schema_does_not_offer_it(world):
    person = Person.objects.create(unit=world.commune, full_name="Nguyễn Văn A")
    before = world_state(Person)
    body = refused(
        ApiClient(world.editor).patch(f"{API}/people/{person.pk}", {"full_name": None}), 400, "invalid"
    )
    assert body["fields"] == {"full_name": "Trường này không được để trống (null)."}
    assert world_state(Person) == before
    schemas = Client().get(f"{API}/openapi.json").json()["components"]["schemas"]
    assert "anyOf" not in schemas["PersonPatch"]["properties"]["full_name"]
    # A field that null clears still says so.
    start_date = schemas["InitiativePatch"]["properties"]["start_date"]
    assert {"type": "null"} in start_date["anyOf"]


# -- dates beyond the product's range ----------------------------------------------------------------
def test_a_custom_period_from_year_1_to_9999_is_refused(world):
    before = world_state(ReportingPeriod)
    body = {"unit": world.province.pk, "name": "Mãi mãi", "start": "0001-01-01", "end": "9999-12-31"}
    response = ApiClient(world.province_approver).post(f"{API}/reporting-periods", body)
    refused(response, 400, "invalid", {"start", "end"})
    assert response.json()["fields"]["end"] == DATE_RANGE
    assert world_state(ReportingPeriod) == before


def test_an_obligation_due_on_9999_12_31_is_refused(world):
    before = world_state(Obligation)
    body = {
        "unit": world.province.pk,
        "period": "2025-Q1",
        "title": "Báo cáo quý I",
        "unit_kinds": ["party_committee"],
        "deadline": "9999-12-31",
    }
    client = ApiClient(world.province_approver)
    response = client.post(f"{API}/report-obligations", body)
    assert refused(response, 400, "invalid", {"deadline"})["fields"]["deadline"] == DATE_RANGE
    assert world_state(Obligation) == before


def test_a_merge_on_9999_12_31_is_refused_and_nothing_moves(world):
    before = world_state(Unit)
    body = {"sources": [world.sibling.pk], "into": world.commune.pk, "on": "9999-12-31"}
    response = ApiClient(world.province_admin).post(f"{API}/units/merge", body)
    assert refused(response, 400, "invalid", {"on"})["fields"]["on"] == DATE_RANGE
    assert world_state(Unit) == before


def test_the_first_and_last_supported_days_are_accepted(world):
    client = ApiClient(world.province_approver)
    body = {"unit": world.province.pk, "name": "Cả thế kỷ", "start": "2000-01-01", "end": "2100-12-31"}
    response = client.post(f"{API}/reporting-periods", body)
    assert response.status_code == 201, response.content
    assert (response.json()["start"], response.json()["end"]) == ("2000-01-01", "2100-12-31")


# -- stored files --------------------------------------------------------------------------------------
def test_nothing_is_served_under_media_in_any_setting(world):
    default_storage.save("reports/1/bao-cao.pdf", ContentFile(b"%PDF-1.4"))
    for debug in (False, True):
        with override_settings(DEBUG=debug):
            assert Client().get("/media/reports/1/bao-cao.pdf").status_code == 404


def test_a_report_document_is_stored_under_a_random_folder():
    from lamtheobac.reports.models import document_path

    class Document:
        report_id = 7

    first, second = document_path(Document(), "bao-cao.pdf"), document_path(Document(), "bao-cao.pdf")
    assert first != second and first.startswith("reports/") and first.endswith("/bao-cao.pdf")
    assert "/7/" not in first and len(first.split("/")[1]) == 24


def test_the_migration_moves_old_report_documents_out_of_guessable_folders(world):
    import importlib

    from django.apps import apps

    from lamtheobac.reports.models import Report, ReportDocument

    migration = importlib.import_module("lamtheobac.reports.migrations.0002_document_files_unguessable")
    report = Report.objects.create(unit=world.commune, period=ReportingPeriod.objects.create(
        key="2025-Q1", kind="quarter", start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31)
    ), title="Báo cáo")  # fmt: skip
    old = default_storage.save(f"reports/{report.pk}/bao-cao.pdf", ContentFile(b"%PDF-1.4 old"))
    document = ReportDocument.objects.create(report=report, format="pdf", file=old)
    migration.move_documents(apps, None)
    document.refresh_from_db()
    folder, _, name = document.file.name.rpartition("/")
    assert (
        name == old.rpartition("/")[2]
        and folder.startswith("reports/")
        and len(folder) == len("reports/") + 24
    )
    assert not default_storage.exists(old)
    assert default_storage.open(document.file.name).read() == b"%PDF-1.4 old"


# -- the shared-strings bomb ---------------------------------------------------------------------------
SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def strings_bomb(count: int = 1_000_000) -> bytes:
    """An import file (the headers and one row) whose shared strings hold `count` entries:
    about 70 kB that openpyxl used to read for many seconds before accepting it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([str(column.header) for column in spreadsheets.COLUMNS])
    sheet.append(["X1-C1", "", "Sinh hoạt chi bộ", dt.date(2025, 3, 5), "Sinh hoạt", "", 10, 5, "", "", ""])
    plain = io.BytesIO()
    workbook.save(plain)
    items = b"".join(b"<si><t>%d</t></si>" % (index % 10) for index in range(count))
    strings = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (count, count) + items + b"</sst>"
    )
    bomb = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/></Types>'
                    % SHARED_STRINGS.encode(),
                )
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdStrings" Type="%s" Target="sharedStrings.xml"/></Relationships>'
                    % SHARED_STRINGS_REL.encode(),
                )
            out.writestr(info.filename, data)
        out.writestr("xl/sharedStrings.xml", strings)
    return bomb.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return strings_bomb()


def test_a_million_shared_strings_are_refused_before_the_workbook_is_parsed(bomb):
    assert len(bomb) < 100_000
    upload = SimpleUploadedFile("bom.xlsx", bomb, content_type=spreadsheets.XLSX)
    began = time.perf_counter()
    with pytest.raises(ValidationFailed) as refusal:
        spreadsheets.check_file(upload)
    # Counting is cheap; parsing took 12-18 s here before the check existed.
    assert time.perf_counter() - began < 3
    assert refusal.value.code == "file_too_large"


def test_the_api_refuses_the_shared_strings_bomb_and_writes_nothing(world, bomb):
    before = world_state(ImportJob)
    client = ApiClient(world.editor)
    response = client.client.post(
        f"{API}/activity-imports",
        {
            "unit": world.commune.pk,
            "file": SimpleUploadedFile("bom.xlsx", bomb, content_type=spreadsheets.XLSX),
        },
        headers=client.headers,
    )
    body = refused(response, 400, "file_too_large", {"file"})
    assert body["message"].startswith("Tệp chứa nhiều hơn mức 20.000 dòng")
    assert world_state(ImportJob) == before


def test_the_unpacking_cap_follows_the_row_limit():
    assert spreadsheets.unpack_limits(20_000) == (2 * 1024 * 1024 + 4096 * 20_000, 1000 + 16 * 20_000)
    with override_settings(IMPORT_MAX_ROWS=10):
        upload = SimpleUploadedFile("bom.xlsx", strings_bomb(1200), content_type=spreadsheets.XLSX)
        with pytest.raises(ValidationFailed):
            spreadsheets.check_file(upload)
    upload = SimpleUploadedFile("bom.xlsx", strings_bomb(1200), content_type=spreadsheets.XLSX)
    assert spreadsheets.check_file(upload) == ("bom.xlsx", 1)


# -- the OpenAPI document bounds every input ---------------------------------------------------------------
def _inputs(document):
    components = document["components"]["schemas"]

    def resolve(schema):
        return components[schema["$ref"].rsplit("/", 1)[-1]] if "$ref" in schema else schema

    def leaves(name, schema):
        schema = resolve(schema)
        for option in schema.get("anyOf", []):
            yield from leaves(name, option)
        if schema.get("type") == "array":
            yield from leaves(f"{name}[]", schema["items"])
        elif schema.get("type") == "object" and "properties" in schema:
            for key, value in schema["properties"].items():
                yield from leaves(f"{name}.{key}", value)
        elif schema.get("type") == "object":
            yield from leaves(f"{name}{{}}", schema.get("additionalProperties") or {})
        elif "type" in schema:
            yield name, schema

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                yield from (
                    (f"{where} {name}", leaf) for name, leaf in leaves(parameter["name"], parameter["schema"])
                )
            for content in operation.get("requestBody", {}).get("content", {}).values():
                yield from ((f"{where} {name}", leaf) for name, leaf in leaves("body", content["schema"]))


def test_every_input_of_the_openapi_document_is_bounded():
    document = Client().get(f"{API}/openapi.json").json()
    unbounded = []
    for name, schema in _inputs(document):
        kind = schema["type"]
        low, high = schema.get("minimum", -(2**64)), schema.get("maximum", 2**64)
        if kind == "integer" and not (low >= -(2**63) and high <= MAX_ID):
            unbounded.append(name)
        elif kind == "string" and schema.get("format") == "date":
            if not (schema.get("formatMinimum") and schema.get("formatMaximum")):
                unbounded.append(name)
        elif (
            kind == "string"
            and not ({"enum", "const", "maxLength"} & set(schema))
            and schema.get("format") != "binary"
        ):
            unbounded.append(name)
    assert unbounded == []


def test_every_operation_documents_the_refusals_it_can_answer():
    document = Client().get(f"{API}/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert {"400", "401", "403", "404", "405", "409", "413", "429"} <= set(operation["responses"]), (
                method,
                path,
            )


def test_a_json_body_with_surrogates_escaped_is_read_not_crashed(world):
    # json.dumps escapes a lone surrogate as \\ud800: the server must refuse it, not fail to store it.
    client = ApiClient(world.editor)
    raw = json.dumps({"unit": world.commune.pk, "full_name": "A\ud800"})
    response = client.client.post(
        f"{API}/people", data=raw, content_type="application/json", headers=client.headers
    )
    refused(response, 400, "invalid", {"full_name"})
