"""The period select (core.forms.PeriodField): periods named as officials write
them, grouped by kind, most recent first, the running one marked; the key is
what is sent, so URLs keep working, and a bad key is a form error in Vietnamese."""

import datetime as dt
import re

import pytest
from django import forms
from django.utils import translation

from lamtheobac.core import forms as core_forms
from lamtheobac.core.forms import PeriodField, PeriodOffer

TODAY = dt.date(2026, 12, 6)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(core_forms, "today", lambda: TODAY)


class Filter(forms.Form):
    period = PeriodField(label="Kỳ", required=False, empty_label="Tất cả")


class QuartersOnly(forms.Form):
    period = PeriodField(label="Kỳ", kinds=("quarter",))


def options(form: forms.Form) -> list[tuple[str, str, str]]:
    """(group, key, label) of every option, in order; "" for an option outside a group."""
    html = str(form["period"])
    found, group = [], ""
    for match in re.finditer(
        r'<optgroup label="([^"]*)">|</optgroup>|<option value="([^"]*)"[^>]*>([^<]*)', html
    ):
        if match.group(0) == "</optgroup>":
            group = ""
        elif match.group(1) is not None:
            group = match.group(1)
        else:
            found.append((group, match.group(2), match.group(3)))
    return found


def test_it_lists_the_periods_by_kind_as_officials_write_them_the_running_one_marked():
    with translation.override("vi"):
        found = options(Filter())
    assert found[0] == ("", "", "Tất cả")
    groups = list(dict.fromkeys(group for group, _key, _label in found[1:]))
    assert groups == ["Tháng", "Quý", "6 tháng", "Năm"]
    by_group = {name: [(key, label) for group, key, label in found if group == name] for name in groups}
    # Most recent first, from the one after the running period; this year and the two before.
    assert by_group["Quý"][:3] == [
        ("2027-Q1", "Quý I/2027"),
        ("2026-Q4", "Quý IV/2026 (đang diễn ra)"),
        ("2026-Q3", "Quý III/2026"),
    ]
    assert by_group["Quý"][-1] == ("2024-Q1", "Quý I/2024")
    assert by_group["6 tháng"][:3] == [
        ("2027-H1", "6 tháng đầu năm 2027"),
        ("2026-H2", "6 tháng cuối năm 2026 (đang diễn ra)"),
        ("2026-H1", "6 tháng đầu năm 2026"),
    ]
    assert by_group["Năm"] == [
        ("2027", "Năm 2027"),
        ("2026", "Năm 2026 (đang diễn ra)"),
        ("2025", "Năm 2025"),
        ("2024", "Năm 2024"),
    ]
    assert by_group["Tháng"][:3] == [
        ("2027-01", "Tháng 1/2027"),
        ("2026-12", "Tháng 12/2026 (đang diễn ra)"),
        ("2026-11", "Tháng 11/2026"),
    ]
    assert len(by_group["Tháng"]) == 37
    # No key is shown to a person.
    assert not any(re.search(r"\d{4}-(Q|H|\d)", label) for _group, _key, label in found)


def test_the_english_names_are_english():
    with translation.override("en"):
        found = options(QuartersOnly())
    assert found[:2] == [
        ("Quarters", "2027-Q1", "Quarter I/2027"),
        ("Quarters", "2026-Q4", "Quarter IV/2026 (in progress)"),
    ]


def test_it_offers_the_years_and_other_periods_its_form_gives_it():
    class Other:
        key, label = "custom-7", "2 năm thực hiện Kết luận 01-KL/TW"
        start, end = dt.date(2025, 6, 1), dt.date(2027, 5, 31)

    form = QuartersOnly()
    calls = []
    form.fields["period"].offer(lambda: calls.append(1) or PeriodOffer(years={2021}, others=[Other()]))
    with translation.override("vi"):
        found = options(form)
        assert form.fields["period"].clean("custom-7") == "custom-7"
    assert ("Quý", "2021-Q1", "Quý I/2021") in found and ("Quý", "2022-Q1", "Quý I/2022") not in found
    assert found[-1] == ("Kỳ báo cáo riêng", "custom-7", "2 năm thực hiện Kết luận 01-KL/TW (đang diễn ra)")
    # The offer is asked once per form, however often the choices are read.
    assert calls == [1]


def test_a_calendar_key_typed_in_a_url_works_and_shows_chosen_even_when_not_listed():
    form = Filter({"period": "2019-q2"})
    assert form.is_valid() and form.cleaned_data["period"] == "2019-Q2"
    with translation.override("vi"):
        html = str(form["period"])
    assert '<option value="2019-Q2" selected>Quý II/2019</option>' in html
    # After the empty choice, before the groups.
    assert html.index('value=""') < html.index('value="2019-Q2"') < html.index("<optgroup")
    listed = Filter({"period": "2026-Q3"})
    with translation.override("vi"):
        assert '<option value="2026-Q3" selected>Quý III/2026</option>' in str(listed["period"])


@pytest.mark.parametrize("key", ["2025-13", "2025-Q5", "quý một", "1999", "2101-Q1", "custom-3", "2025-03"])
def test_a_bad_key_is_a_form_error_in_vietnamese(key):
    # "2025-03" is a month: a good key, but not of the kinds this field takes.
    form = QuartersOnly({"period": key})
    with translation.override("vi"):
        assert not form.is_valid()
        assert form.errors["period"] == ["Chọn một kỳ trong danh sách."]


def test_each_form_builds_its_own_choices_for_its_day(monkeypatch):
    first = Filter()
    with translation.override("vi"):
        assert ("Quý", "2026-Q4", "Quý IV/2026 (đang diễn ra)") in options(first)
        monkeypatch.setattr(core_forms, "today", lambda: dt.date(2027, 1, 2))
        assert ("Quý", "2027-Q1", "Quý I/2027 (đang diễn ra)") in options(Filter())
