"""Form pieces every page shares: the date input and the day it reads, and the
period select.

A day is bounded to the years the product deals in (core.periods.FIRST_DAY to
LAST_DAY), on the pages as in the API, so that no date arithmetic (the next
quarter, a year on) can run past what a date holds, and a typing slip such as
9999 is said plainly instead of acted on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.choices import BaseChoiceIterator
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import periods
from .errors import ValidationFailed
from .formatting import format_date
from .periods import FIRST_DAY, LAST_DAY
from .querysets import today

# How a day is typed: as officials write it, then as a machine does (links, the API).
DAY_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


class DateInput(forms.DateInput):
    """A day shown and typed as officials write it, 15/11/2026, whatever the
    browser's language: a native date input shows 11/15/2026 on an English
    office PC. Text with a numeric keyboard on a phone; 2026-11-15 is read too."""

    input_type = "text"

    def __init__(self, attrs: dict | None = None, **kwargs):
        typed = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": _("dd/mm/yyyy"),
            "class": "date-input",
            "maxlength": "10",
        }
        super().__init__(attrs={**typed, **(attrs or {})}, format="%d/%m/%Y", **kwargs)


def read_day(value) -> dt.date | None:
    """A day from a form's or a link's raw value, in any of DAY_FORMATS; None if it is none."""
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for pattern in DAY_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class DayField(forms.DateField):
    """A date within the years the product deals in, typed as dd/mm/yyyy (or ISO)."""

    widget = DateInput
    input_formats = DAY_FORMATS
    default_error_messages = {
        "out_of_range": _("Enter a date from %(first)s to %(last)s."),
        "invalid": _("Enter a date as dd/mm/yyyy, for example 15/11/2026."),
    }

    def validate(self, value):
        super().validate(value)
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise forms.ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": format_date(FIRST_DAY), "last": format_date(LAST_DAY)},
            )


# -- the period select -------------------------------------------------------------------------
# The groups of the period select, as officials count periods: tháng, quý, 6 tháng, năm.
PERIOD_GROUPS = (
    ("month", pgettext_lazy("period group", "Months")),
    ("quarter", pgettext_lazy("period group", "Quarters")),
    ("half", pgettext_lazy("period group", "Half-years")),
    ("year", pgettext_lazy("period group", "Years")),
)
OTHER_PERIODS = pgettext_lazy("period group", "Custom periods")


class PeriodLike(Protocol):
    key: str
    label: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class PeriodOffer:
    """What a select offers beyond the calendar: the years that have data (their
    periods are listed whole) and the other periods the user may choose ("custom-12")."""

    years: Iterable[int] = ()
    others: Iterable[PeriodLike] = ()


def recent_years(day: dt.date) -> PeriodOffer:
    """This year and the two before: what a page with no data of its own to go by offers."""
    return PeriodOffer(years=range(day.year - 2, day.year + 1))


def option_label(period: PeriodLike, day: dt.date) -> str:
    """ "Quý IV/2026 (đang diễn ra)" for the period under way, "Quý III/2026" before it."""
    title = capfirst(period.label)
    if period.start <= day <= period.end:
        return gettext("%(period)s (in progress)") % {"period": title}
    return title


def period_options(kinds: Iterable[str], offer: PeriodOffer, day: dt.date) -> list:
    """The grouped choices: each kind's periods of the offered years, most recent
    first, up to the one after the period under way (so that the next quarter can be
    asked for ahead); then the other periods, in the order given."""
    years = {number for number in offer.years if periods.FIRST_YEAR <= number <= periods.LAST_YEAR}
    groups = []
    for kind, title in PERIOD_GROUPS:
        if kind not in kinds:
            continue
        upcoming = periods.containing(day, kind).next()
        offered = [
            period
            for number in sorted(years | {day.year, upcoming.start.year}, reverse=True)
            for period in reversed(periods.of_year(number, kind))
            if period.start <= upcoming.start
        ]
        groups.append((title, [(period.key, option_label(period, day)) for period in offered]))
    others = [(period.key, option_label(period, day)) for period in offer.others]
    if others:
        groups.append((OTHER_PERIODS, others))
    return groups


class _PeriodChoices(BaseChoiceIterator):
    """The select's choices, built on first use (rendering or validating) and then
    kept: the offer may cost a query, run once per form."""

    def __init__(self, field: PeriodField):
        self.field = field
        self.built: list | None = None

    def __iter__(self):
        if self.built is None:
            field = self.field
            groups = period_options(field.kinds, field.source(), today())
            self.built = [("", field.empty_label), *groups] if field.empty_label is not None else groups
        yield from self.built


class PeriodSelect(forms.Select):
    """A plain <select> with an <optgroup> per kind: no JavaScript, read by screen
    readers. A calendar key the list leaves out (typed in a URL: "2019-Q2") is shown
    chosen, under its own name, at the top."""

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        listed = {str(option["value"]) for _group, options, _index in groups for option in options}
        for key in value:
            if not key or key in listed:
                continue
            try:
                found = periods.parse(key)
            except ValidationFailed:
                continue
            option = self.create_option(name, found.key, option_label(found, today()), True, 0, attrs=attrs)
            # After the empty choice ("Tất cả"), if there is one.
            first = 1 if groups and groups[0][0] is None and groups[0][1][0]["value"] == "" else 0
            groups.insert(first, (None, [option], 0))
        return groups


class PeriodField(forms.ChoiceField):
    """A reporting period picked by its name as officials write it ("Quý III/2026",
    "6 tháng đầu năm 2026"), grouped by kind, most recent first, the running one marked.

    The value sent and cleaned is the key ("2026-Q3", "custom-12"), so that URLs and
    the API keep their keys. Any calendar key of the field's kinds is accepted, listed
    or not (a URL may name an older year); any other key only when offered. The form
    says what else to offer with `offer(source)`, a callable run once, when needed."""

    widget = PeriodSelect
    default_error_messages = {"invalid_choice": _("Choose a period from the list.")}

    def __init__(self, *, kinds: Iterable[str] = periods.KINDS, empty_label=None, **kwargs):
        self.kinds = tuple(kinds)
        self.empty_label = empty_label
        self.source: Callable[[], PeriodOffer] = lambda: recent_years(today())
        super().__init__(choices=(), **kwargs)
        self.choices = _PeriodChoices(self)

    def __deepcopy__(self, memo):
        # Each form gets its own choices, built for its request (never the class's, built once).
        result = super().__deepcopy__(memo)
        result.choices = _PeriodChoices(result)
        return result

    def offer(self, source: Callable[[], PeriodOffer]) -> None:
        self.source = source
        self.choices = _PeriodChoices(self)

    def calendar(self, value: str) -> periods.Period | None:
        """The calendar period a key names, if it is one of the field's kinds."""
        try:
            found = periods.parse(value)
        except ValidationFailed:
            return None
        return found if found.kind in self.kinds else None

    def to_python(self, value) -> str:
        text = super().to_python(value).strip()
        found = self.calendar(text) if text else None
        return found.key if found else text

    def prepare_value(self, value):
        if isinstance(value, str) and value:
            found = self.calendar(value.strip())
            return found.key if found else value
        return getattr(value, "key", value)

    def valid_value(self, value) -> bool:
        return self.calendar(value) is not None or super().valid_value(value)


class Renderer(TemplatesSetting):
    """Forms rendered with the project's templates; a whole form ({{ form }})
    starts with the summary of its errors, every field's at once, each linking
    to its field and taking the focus (includes/form_fields.html)."""

    form_template_name = "includes/form_fields.html"
