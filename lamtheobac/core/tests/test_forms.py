"""Days on the pages are bounded as in the API (core.forms.DayField): a date
past the years the product deals in is a form error in Vietnamese, on every
page that takes one, and nothing is written."""

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from lamtheobac.core.forms import DayField
from lamtheobac.core.testing import START, state, web_client
from lamtheobac.reports.models import Obligation, ReportingPeriod
from lamtheobac.units.models import Kind, Level, Unit, UnitChange

pytestmark = pytest.mark.django_db


def test_a_day_field_takes_the_years_the_product_deals_in_and_no_other():
    field = DayField(required=False)
    assert field.clean("2000-01-01") == dt.date(2000, 1, 1)
    assert field.clean("2100-12-31") == dt.date(2100, 12, 31)
    assert field.clean("") is None
    with translation.override("vi"):
        for day in ("1999-12-31", "2101-01-01", "9999-12-31", "0001-01-01"):
            with pytest.raises(Exception) as refused:
                field.clean(day)
            assert refused.value.messages == ["Nhập ngày từ 1/1/2000 đến 31/12/2100."]


def test_a_day_is_shown_and_read_as_officials_write_it_whatever_the_browser():
    """A text input, not a native date input (which shows 11/15/2026 on an English PC)."""
    field = DayField()
    html = field.widget.render("on", dt.date(2026, 11, 5))
    assert 'type="text"' in html and 'value="05/11/2026"' in html and 'inputmode="numeric"' in html
    for typed in ("5/11/2026", "05/11/2026", "2026-11-05", "5-11-2026", "5.11.2026"):
        assert field.clean(typed) == dt.date(2026, 11, 5), typed
    for wrong in ("11/2026", "31/02/2026", "abc"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(wrong)
        assert "15/11/2026" in str(refused.value) or "dd/mm/yyyy" in str(refused.value)
    with pytest.raises(forms.ValidationError):
        field.clean("01/01/1999")  # before the years the product deals in


@pytest.mark.parametrize(
    ("user", "url", "body", "model"),
    [
        (
            "province_approver",
            "/reports/periods/new/",
            {"unit": "province", "name": "Cả thiên niên kỷ", "start": "0001-01-01", "end": "9999-12-31"},
            ReportingPeriod,
        ),
        (
            "province_approver",
            "/reports/obligations/new/",
            {
                "unit": "province",
                "period": "2025-Q1",
                "title": "Báo cáo quý",
                "unit_kinds": ["party_committee"],
                "deadline": "9999-12-31",
            },
            Obligation,
        ),
        ("admin", "/units/{cell}/merge/", {"into": "commune", "on": "9999-12-31"}, UnitChange),
        ("admin", "/units/{cell}/close/", {"on": "9999-12-31"}, UnitChange),
    ],
)
def test_a_page_refuses_a_day_out_of_range_and_writes_nothing(world, user, url, body, model):
    sibling_cell = Unit.objects.add_child(
        Unit.objects.get(pk=world.commune.pk),
        instance=Unit(
            code="X1-C9", name="Chi bộ Chín", level=Level.CELL, kind=Kind.PARTY_CELL, valid_from=START
        ),
    )
    units = {"province": world.province.pk, "commune": world.commune.pk}
    body = {
        name: units.get(value, value) if isinstance(value, str) else value for name, value in body.items()
    }
    before = state(model, Unit)
    with translation.override("vi"):
        response = web_client(getattr(world, user)).post(url.format(cell=sibling_cell.pk), body)
    assert response.status_code in (200, 400)
    errors = [message for messages in response.context["form"].errors.values() for message in messages]
    assert "Nhập ngày từ 1/1/2000 đến 31/12/2100." in errors
    assert state(model, Unit) == before
