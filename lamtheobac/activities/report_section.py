"""The activities' section of every report: conferences, talks, cell meetings,
flag ceremonies and days with the people, from activities.figures."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lamtheobac.core.sections import ByMonth, Figure, Section

from . import figures
from .models import Category
from .models import Form as ActivityForm

FIGURES = (
    Figure("in_person_conferences", _("In-person conferences")),
    Figure("in_person_attendances", _("Attendances at in-person conferences")),
    Figure("online_conferences", _("Online conferences"), additive=False),
    Figure("online_points", _("Connection points")),
    Figure("online_attendances", _("Attendances at connection points")),
    Figure("talks", _("Talks")),
    Figure("talk_attendances", _("Attendances at talks")),
    Figure("cell_meetings", _("Cell meetings")),
    Figure("cell_meetings_with_topic", _("Cell meetings with topic content")),
    Figure("thematic_cell_meetings", _("Thematic cell meetings")),
    Figure("committee_attended_meetings", _("Cell meetings attended by a committee member")),
    Figure("flag_ceremonies", _("Flag ceremonies")),
    Figure("days_with_people", _("Days with the people")),
    Figure("other_activities", _("Other activities")),
)


def compute(within, start: dt.date, end: dt.date, *, user=None, only=None) -> dict[str, int]:
    return figures.activity_figures(within, start, end, user=user, only=only).as_dict()


def compute_by_child(
    within, start: dt.date, end: dt.date, *, user=None, only=None
) -> dict[str, dict[str, int]]:
    return figures.activity_figures_by_child(within, start, end, user=user, only=only)


def sentence(values: dict[str, int]) -> str:
    found = figures.ActivityFigures(within=None, start=None, end=None)
    for name in figures.FIGURE_NAMES:
        setattr(found, name, int(values.get(name) or 0))
    return found.sentence()


# Where the rows behind each figure are listed: the filters of /activities/.
ROWS = {
    "in_person_conferences": {"category": Category.CONFERENCE, "form": ActivityForm.IN_PERSON},
    "in_person_attendances": {"category": Category.CONFERENCE, "form": ActivityForm.IN_PERSON},
    "online_conferences": {"category": Category.CONFERENCE},
    "online_points": {"category": Category.CONFERENCE},
    "online_attendances": {"category": Category.CONFERENCE},
    "talks": {"category": Category.TALK},
    "talk_attendances": {"category": Category.TALK},
    "cell_meetings": {"category": Category.CELL_MEETING},
    "cell_meetings_with_topic": {"category": Category.CELL_MEETING},
    "thematic_cell_meetings": {"category": Category.CELL_MEETING},
    "committee_attended_meetings": {"category": Category.CELL_MEETING},
    "flag_ceremonies": {"category": Category.FLAG_CEREMONY},
    "days_with_people": {"category": Category.DAY_WITH_PEOPLE},
    "other_activities": {"category": Category.OTHER},
}

# The per-month series of the dashboard's charts (figures an activity carries itself).
MONTH_SERIES = ("in_person_conferences", "in_person_attendances", "cell_meetings")


def rows_url(unit, period, figure: str) -> str | None:
    """The activity list filtered to the unit's subtree, the period and the figure's kind."""
    if figure not in ROWS:
        return None
    query: dict = {"unit": unit.pk}
    if period.key:
        query["period"] = period.key
    else:
        query.update(start=period.start.isoformat(), end=period.end.isoformat())
    query.update({name: str(value) for name, value in ROWS[figure].items()})
    return f"{reverse('activities:list')}?{urlencode(query)}"


def compute_by_month(within, start: dt.date, end: dt.date, *, user=None) -> dict[tuple[int, int], dict]:
    return figures.activity_figures_by_month(within, start, end, user=user)


SECTION = Section(
    key="activities",
    title=_("Study conferences and activities"),
    figures=FIGURES,
    compute=compute,
    compute_by_child=compute_by_child,
    sentence=sentence,
    order=10,
    headline=("in_person_conferences", "in_person_attendances", "cell_meetings"),
    chart_figure="in_person_attendances",
    rows_url=rows_url,
    by_month=ByMonth(
        title=_("Activities by month"),
        figures=MONTH_SERIES,
        compute=compute_by_month,
        note=_(
            "Online conferences and their connection points are counted in the key figures, not by month."
        ),
    ),
)
