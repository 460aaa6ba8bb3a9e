"""The initiatives' section of every report: initiatives registered, under way,
recognised and taken up by other units in the period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lamtheobac.core import access
from lamtheobac.core.formatting import format_number
from lamtheobac.core.sections import Breakdown, BreakdownRow, ByChild, Figure, Section, Uncovered

from . import figures
from .models import Adoption, Grade, Initiative, Recognition, Status

FIGURES = (
    Figure("initiatives_registered", gettext_lazy("Initiatives registered")),
    Figure("initiatives_running", gettext_lazy("Initiatives under way")),
    Figure("initiatives_recognised", gettext_lazy("Initiatives recognised")),
    Figure("initiatives_outstanding", gettext_lazy("Initiatives recognised as outstanding")),
    Figure("adoptions", gettext_lazy("Adoptions by other units")),
)
NAMES = tuple(figure.key for figure in FIGURES)


def _queries(within, start: dt.date, end: dt.date, user, only):
    """(queryset, path field of the owning unit, aggregates) for each figure group."""

    def scoped(queryset, path_field, date_field):
        queryset = queryset.filter(**{f"{path_field}__startswith": within.path})
        if user is not None:
            queryset = queryset.filter(access.scope_q(user, access.Action.VIEW, path_field))
        if only is not None:
            queryset = queryset.filter(only(path_field, date_field))
        return queryset

    live = ~Q(status=Status.DROPPED)
    initiatives = scoped(Initiative.objects.all(), "unit__path", "registered_on").filter(
        registered_on__lte=end
    )
    recognitions = scoped(Recognition.objects.all(), "initiative__unit__path", "on").filter(
        on__gte=start, on__lte=end
    )
    adoptions = scoped(Adoption.objects.all(), "unit__path", "adopted_on").filter(
        adopted_on__gte=start, adopted_on__lte=end
    )
    return (
        (
            initiatives,
            "unit__path",
            {
                "initiatives_registered": Count("pk", filter=live & Q(registered_on__gte=start)),
                "initiatives_running": Count("pk", filter=live),
            },
        ),
        (
            recognitions,
            "initiative__unit__path",
            {
                "initiatives_recognised": Count("initiative", distinct=True),
                "initiatives_outstanding": Count(
                    "initiative", filter=Q(grade=Grade.OUTSTANDING), distinct=True
                ),
            },
        ),
        (adoptions, "unit__path", {"adoptions": Count("pk")}),
    )


def compute(within, start: dt.date, end: dt.date, *, user=None, only=None) -> dict[str, int]:
    values = dict.fromkeys(NAMES, 0)
    for queryset, _path, aggregates in _queries(within, start, end, user, only):
        values.update(queryset.aggregate(**aggregates))
    return values


def compute_by_child(
    within, start: dt.date, end: dt.date, *, user=None, only=None
) -> dict[str, dict[str, int]]:
    size = len(within.path) + within.steplen
    result: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(NAMES, 0))
    for queryset, path, aggregates in _queries(within, start, end, user, only):
        grouped = (
            queryset.annotate(child=Substr(path, 1, size)).values("child").annotate(**aggregates).order_by()
        )
        for row in grouped:
            result[row.pop("child")].update(row)
    return ByChild(result)


def sentence(values: dict[str, int]) -> str:
    """The initiatives as a report writes them after its subject: "đăng ký xây dựng mới
    3 mô hình, việc làm điển hình, nâng tổng số mô hình đang thực hiện lên 12; có 2 mô
    hình được công nhận, trong đó 1 mô hình tiêu biểu; …". A zero is left out; with
    nothing at all, "chưa có mô hình, việc làm điển hình"."""
    registered, running, recognised, outstanding, adoptions = (
        int(values.get(name) or 0)
        for name in (
            "initiatives_registered",
            "initiatives_running",
            "initiatives_recognised",
            "initiatives_outstanding",
            "adoptions",
        )
    )
    clauses = []
    if registered:
        clause = _("registered %(initiatives)s") % {
            "initiatives": _count(
                ngettext("%(count)s new initiative", "%(count)s new initiatives", registered), registered
            )
        }
        # Those under way include the new ones: their total says something only when larger.
        if running > registered:
            clause = _("%(registered)s, bringing those under way to %(running)s") % {
                "registered": clause,
                "running": format_number(running),
            }
        clauses.append(clause)
    elif running:
        clauses.append(
            _("kept %(initiatives)s under way")
            % {
                "initiatives": _count(
                    ngettext("%(count)s initiative", "%(count)s initiatives", running), running
                )
            }
        )
    if recognised:
        clause = _("had %(initiatives)s recognised") % {
            "initiatives": _count(
                ngettext("%(count)s initiative", "%(count)s initiatives", recognised), recognised
            )
        }
        if outstanding:
            clause = _("%(recognised)s, %(outstanding)s of them as outstanding") % {
                "recognised": clause,
                "outstanding": format_number(outstanding),
            }
        clauses.append(clause)
    if adoptions:
        clauses.append(
            _("took up initiatives of other units %(times)s")
            % {
                "times": ngettext("%(count)s time", "%(count)s times", adoptions)
                % {"count": format_number(adoptions)}
            }
        )
    if not clauses:
        return _("had no initiative yet")
    return "; ".join(clauses)


def _count(text: str, count: int) -> str:
    # The call site says ngettext("…", "…", n) itself, so that makemessages finds both forms.
    return text % {"count": format_number(count)}


# The filters of /initiatives/ that narrow the list to a figure's rows.
ROWS = {"initiatives_outstanding": {"grade": Grade.OUTSTANDING}}


def rows_url(unit, period, figure: str) -> str | None:
    """The initiative list of the unit's subtree (and the year, when the period lies in one)."""
    query: dict = {"unit": unit.pk}
    if period.start.year == period.end.year:
        query["year"] = period.start.year
    query.update({name: str(value) for name, value in ROWS.get(figure, {}).items()})
    return f"{reverse('initiatives:list')}?{urlencode(query)}"


def by_field(within, start: dt.date, end: dt.date, *, user) -> list[BreakdownRow]:
    """The initiatives registered in the days (and not dropped) in `within`'s
    subtree, by field — the same rows as the "initiatives registered" figure,
    so the fields add up to it. One query."""
    rows = (
        Initiative.objects.visible_to(user)
        .in_subtree(within)
        .filter(registered_on__gte=start, registered_on__lte=end)
        .exclude(status=Status.DROPPED)
        .values("field_id", "field__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "field__name")
    )
    return [BreakdownRow(key=row["field_id"], name=row["field__name"], count=row["count"]) for row in rows]


def coverage(user, *, year: int, within):
    # The dashboard of `within` lists the units below it without an initiative:
    # never `within` itself, whose dashboard it is.
    return figures.coverage(user, year=year, within=within, below=True)


def coverage_url(unit, year: int) -> str:
    return f"{reverse('initiatives:coverage')}?{urlencode({'unit': unit.pk, 'year': year})}"


SECTION = Section(
    key="initiatives",
    title=gettext_lazy("Initiatives (models)"),
    figures=FIGURES,
    compute=compute,
    compute_by_child=compute_by_child,
    sentence=sentence,
    order=20,
    headline=("initiatives_registered",),
    rows_url=rows_url,
    breakdown=Breakdown(
        title=gettext_lazy("Initiatives registered by field"),
        figure="initiatives_registered",
        category=gettext_lazy("Field"),
        unit_label=gettext_lazy("Initiatives"),
        empty=gettext_lazy("No initiative registered this year."),
        compute=by_field,
        param="field",
    ),
    uncovered=Uncovered(
        title=gettext_lazy("Units without an initiative this year"),
        ratio=gettext_lazy("Units with an initiative of their own or adopted: %(ratio)s."),
        none_missing=gettext_lazy("Every unit has an initiative this year."),
        link=gettext_lazy("Coverage of initiatives"),
        compute=coverage,
        url=coverage_url,
    ),
)
