"""The activities' section of every report: conferences, talks, cell meetings,
flag ceremonies and days with the people, from activities.figures."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from lamtheobac.core.sections import Figure, Section

from . import figures

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


SECTION = Section(
    key="activities",
    title=_("Study conferences and activities"),
    figures=FIGURES,
    compute=compute,
    compute_by_child=compute_by_child,
    sentence=sentence,
    order=10,
)
