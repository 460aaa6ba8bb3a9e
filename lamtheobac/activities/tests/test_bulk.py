"""The bulk entry screen: a month's cell meetings for every cell of a commune on
one page, saved all together or not at all, with each refusal on its row."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheobac.activities.models import Activity, ActivityKind, Topic
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import count_queries, state, web_client

from .imports import REGULAR, THEMATIC, add_cell, committee_member

pytestmark = pytest.mark.django_db

URL = "/activities/bulk/"
MONTH = {"month": "2025-03"}
THROUGH = Activity.committee_attendees.through


def page_url(world) -> str:
    return f"{URL}?unit={world.commune.pk}&month=2025-03"


def filled(cell, *, day="2025-03-12", kind=None, participants="18", party_members="12", **values) -> dict:
    """The POST fields of one cell's row."""
    prefix = f"c{cell.pk}-"
    data = {
        "held_on": day,
        "kind": (kind or ActivityKind.objects.get(name=REGULAR)).pk,
        "title": "Sinh hoạt chi bộ tháng 3/2025",
        "participants": participants,
        "party_members": party_members,
        "topic_content": "Học tập chuyên đề năm 2025",
        **values,
    }
    return {prefix + name: value for name, value in data.items()}


@pytest.fixture
def second_cell(world):
    return add_cell(world.commune, "X1-C2", "Chi bộ thôn Hai")


@pytest.fixture
def member(world):
    return committee_member(world.commune)


class TestThePage:
    def test_it_offers_one_row_per_cell_open_in_the_month(self, world, second_cell, member):
        add_cell(world.commune, "X1-C9", "Chi bộ đã giải thể", valid_to=dt.date(2025, 2, 28))
        add_cell(world.commune, "X1-C10", "Chi bộ thành lập tháng 4", valid_from=dt.date(2025, 4, 1))
        response = web_client(world.editor).get(page_url(world))
        assert response.status_code == 200
        html = response.content.decode()
        assert [row["cell"] for row in response.context["rows"]] == [world.cell, second_cell]
        assert "Chi bộ đã giải thể" not in html and "thành lập tháng 4" not in html
        assert "Chi bộ thôn Hai" not in web_client(world.outsider).get(URL).content.decode()
        assert html.count('value="Sinh hoạt chi bộ tháng 3/2025"') == 2
        assert f"Nguyễn Văn Ủy (#{member.pk})" in html
        assert 'min="2025-03-01"' in html and 'max="2025-03-31"' in html
        # The same page leads to the template and the upload.
        assert f"/activities/import/template.xlsx?unit={world.commune.pk}&amp;month=2025-03" in html
        assert 'action="/activities/import/"' in html and 'enctype="multipart/form-data"' in html

    def test_it_says_which_cells_already_have_a_meeting_this_month(self, world, second_cell):
        Activity.objects.create(
            unit=second_cell,
            kind=ActivityKind.objects.get(name=REGULAR),
            held_on=dt.date(2025, 3, 5),
            title="Họp",
        )
        html = web_client(world.editor).get(page_url(world)).content.decode()
        assert html.count("Đã ghi trong tháng: 1") == 1

    def test_a_viewer_meets_a_404_and_an_outsider_gets_no_rows_of_ours(self, world):
        assert web_client(world.viewer).get(page_url(world)).status_code == 404
        response = web_client(world.outsider).get(page_url(world))
        assert response.status_code == 200
        assert response.context["rows"] == [] and "unit" in response.context["pick"].errors

    def test_the_queries_do_not_grow_with_the_cells(self, world, member):
        client = web_client(world.editor)
        client.get(page_url(world))  # warm the session and the caches

        few = count_queries(client, page_url(world))
        for number in range(2, 12):
            add_cell(world.commune, f"X1-C{number}", f"Chi bộ số {number}")
        assert count_queries(client, page_url(world)) == few


class TestSaving:
    def test_filled_rows_are_saved_and_empty_ones_skipped(self, world, second_cell, member):
        Topic.objects.create(unit=world.province, year=2025, title="Chuyên đề năm 2025")
        data = filled(world.cell, committee_attendees=[member.pk])
        data[f"c{second_cell.pk}-title"] = "Sinh hoạt chi bộ tháng 3/2025"  # prefilled, left as it was
        response = web_client(world.editor).post(page_url(world), data)
        assert response.status_code == 302
        assert response["Location"].startswith("/activities/?")
        activity = Activity.objects.get()
        assert (activity.unit, activity.held_on, activity.participants, activity.party_members) == (
            world.cell,
            dt.date(2025, 3, 12),
            18,
            12,
        )
        assert activity.topic.title == "Chuyên đề năm 2025"
        assert list(activity.committee_attendees.all()) == [member]
        assert AuditEvent.objects.filter(object_type="activities.activity", action="create").count() == 1

    def test_two_cells_are_saved_in_one_go(self, world, second_cell):
        thematic = ActivityKind.objects.get(name=THEMATIC)
        data = {
            **filled(world.cell),
            **filled(second_cell, day="2025-03-20", kind=thematic, participants="1.103"),
        }
        response = web_client(world.editor).post(page_url(world), data, follow=True)
        assert "Đã lưu 2 buổi sinh hoạt tháng 3/2025." in response.content.decode()
        assert sorted(Activity.objects.values_list("unit__code", "participants")) == [
            ("X1-C1", 18),
            ("X1-C2", 1103),
        ]

    def test_a_wrong_row_saves_nothing_and_is_marked(self, world, second_cell):
        data = {**filled(world.cell), **filled(second_cell, participants="10", party_members="12")}
        before = state(Activity, THROUGH)
        response = web_client(world.editor).post(page_url(world), data)
        assert response.status_code == 200
        assert state(Activity, THROUGH) == before
        rows = {row["cell"]: row["form"] for row in response.context["rows"]}
        assert rows[world.cell].errors == {}
        assert rows[second_cell].errors["party_members"] == [
            "Số đảng viên không được nhiều hơn số người tham gia."
        ]
        assert "Chưa lưu dòng nào" in response.content.decode()

    def test_a_refusal_after_a_saved_row_rolls_the_saved_row_back(self, world, second_cell):
        # The second cell closed mid-month: the service refuses its meeting on the 20th,
        # after the first cell's meeting went through in the same transaction.
        second_cell.valid_to = dt.date(2025, 3, 15)
        second_cell.save()
        data = {**filled(world.cell), **filled(second_cell, day="2025-03-20")}
        before = state(Activity, THROUGH)
        response = web_client(world.editor).post(page_url(world), data)
        assert response.status_code == 200
        assert state(Activity, THROUGH) == before
        form = {row["cell"]: row["form"] for row in response.context["rows"]}[second_cell]
        assert form.non_field_errors() == ["Chi bộ thôn Hai không còn hoặc chưa có vào ngày 20/3/2025."]

    def test_a_date_outside_the_month_or_a_missing_date_is_refused(self, world, second_cell):
        data = {**filled(world.cell, day="2025-04-02"), **filled(second_cell, day="")}
        before = state(Activity, THROUGH)
        response = web_client(world.editor).post(page_url(world), data)
        rows = {row["cell"]: row["form"] for row in response.context["rows"]}
        assert rows[world.cell].errors["held_on"] == ["Ngày này không thuộc tháng 3/2025."]
        assert rows[second_cell].errors["held_on"] == ["Hãy nhập ngày sinh hoạt."]
        assert state(Activity, THROUGH) == before

    def test_a_negative_count_is_refused_in_words(self, world):
        before = state(Activity, THROUGH)
        response = web_client(world.editor).post(page_url(world), filled(world.cell, participants="-5"))
        form = response.context["rows"][0]["form"]
        assert form.errors["participants"] == ["Số người không được âm."]
        assert state(Activity, THROUGH) == before

    def test_a_committee_member_not_offered_is_refused(self, world, member):
        stranger = committee_member(world.sibling, "Lê Văn Lạ")
        before = state(Activity, THROUGH)
        response = web_client(world.editor).post(
            page_url(world), filled(world.cell, committee_attendees=[stranger.pk])
        )
        assert "committee_attendees" in response.context["rows"][0]["form"].errors
        assert state(Activity, THROUGH) == before

    def test_an_empty_page_saves_nothing(self, world):
        before = state(Activity, THROUGH)
        response = web_client(world.editor).post(page_url(world), {})
        assert response.status_code == 200
        assert "Chưa có gì để lưu" in response.content.decode()
        assert state(Activity, THROUGH) == before

    def test_an_outsider_or_a_viewer_cannot_save_into_our_cells(self, world):
        before = (state(Activity, THROUGH), AuditEvent.objects.count())
        assert web_client(world.viewer).post(page_url(world), filled(world.cell)).status_code == 404
        response = web_client(world.outsider).post(page_url(world), filled(world.cell))
        assert response.status_code == 200 and response.context["rows"] == []
        assert (state(Activity, THROUGH), AuditEvent.objects.count()) == before
