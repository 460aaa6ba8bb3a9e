"""What the initiative data adds up to: coverage of a subtree in a year, how far
an initiative has been replicated, and outcome totals. Each answer is a fixed
number of queries, whatever the number of units; reports read these functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from lamtheobac.core import access, tree
from lamtheobac.core.querysets import today
from lamtheobac.units.models import Kind as UnitKind
from lamtheobac.units.models import Level, Unit, UnitChange

from .models import Adoption, Initiative, Outcome, Status

# Bodies that must each own at least one initiative a year (the committees,
# the government, the Front, the mass organisations, agencies, police and army).
EXPECTED_KINDS = (
    UnitKind.PARTY_COMMITTEE,
    UnitKind.GOVERNMENT,
    UnitKind.FRONT,
    UnitKind.MASS_ORG,
    UnitKind.AGENCY,
    UnitKind.POLICE,
    UnitKind.MILITARY,
)


def reference_day(year: int) -> dt.date:
    """The day on which a unit must exist to be expected to act in `year`:
    the last day of the year, or today while the year runs."""
    return max(dt.date(year, 1, 1), min(dt.date(year, 12, 31), today()))


def _owns(year: int) -> Q:
    # A successor also counts what the units merged into it registered that year. Two EXISTS,
    # not one over an OR: each is an index lookup, where the OR made the database scan the
    # initiatives once for every unit.
    live = Initiative.objects.filter(year=year).exclude(status=Status.DROPPED)
    return Q(Exists(live.filter(unit=OuterRef("pk")))) | Q(
        Exists(live.filter(unit__merged_into=OuterRef("pk")))
    )


def _adopted(year: int) -> Q:
    adopted = Adoption.objects.filter(adopted_on__year=year)
    return Q(Exists(adopted.filter(unit=OuterRef("pk")))) | Q(
        Exists(adopted.filter(unit__merged_into=OuterRef("pk")))
    )


@dataclass
class KindCoverage:
    kind: str
    label: str
    expected: int
    covered: int

    @property
    def missing(self) -> int:
        return self.expected - self.covered


@dataclass
class Coverage:
    year: int
    within: Unit | None
    kinds: tuple[str, ...]
    by_kind: list[KindCoverage] = field(default_factory=list)
    missing_units: QuerySet | None = None

    @property
    def expected(self) -> int:
        return sum(row.expected for row in self.by_kind)

    @property
    def covered(self) -> int:
        return sum(row.covered for row in self.by_kind)

    @property
    def missing(self) -> int:
        return self.expected - self.covered


def expected_units(
    user, *, year: int, within: Unit | None = None, kinds=EXPECTED_KINDS, below: bool = False
) -> QuerySet:
    """The units expected to have an initiative: in `within`'s subtree (only the
    units below it when `below`), or in the user's."""
    units = Unit.objects.visible_to(user).open_on(reference_day(year)).filter(kind__in=kinds)
    if within is None:
        return units
    units = units.in_subtree(within)
    return units.exclude(pk=within.pk) if below else units


def coverage(
    user, *, year: int, within: Unit | None = None, kinds=EXPECTED_KINDS, below: bool = False
) -> Coverage:
    """Which units of the user's subtree (or of `within`'s, or only below it when
    `below`) own or adopted no initiative in `year`, by kind.

    Two queries: the counts by kind, and the (lazy, paginable) missing units.
    """
    kinds = tuple(kinds) or EXPECTED_KINDS
    units = expected_units(user, year=year, within=within, kinds=kinds, below=below)
    own, adopted = _owns(year), _adopted(year)
    counts = (
        units.order_by()
        .values("kind")
        .annotate(expected=Count("pk"), covered=Count("pk", filter=Q(own) | Q(adopted)))
    )
    labels = dict(UnitKind.choices)
    found = {row["kind"]: row for row in counts}
    by_kind = [
        KindCoverage(
            kind=kind,
            label=str(labels[kind]),
            expected=found.get(kind, {}).get("expected", 0),
            covered=found.get(kind, {}).get("covered", 0),
        )
        for kind in kinds
    ]
    missing = units.filter(~Q(own), ~Q(adopted)).order_by("path")
    return Coverage(year=year, within=within, kinds=kinds, by_kind=by_kind, missing_units=missing)


@dataclass
class Replication:
    within: Unit
    level: str
    units: QuerySet  # the units at `level` that could adopt
    adopted_expr: Exists  # true for a unit that, or one of whose units, adopted

    @property
    def targets(self) -> QuerySet:
        """The units, each annotated with `adopted`, in tree order."""
        return self.units.annotate(adopted=self.adopted_expr).order_by("path")

    @property
    def total(self) -> int:
        return self._counts["total"]

    @property
    def adopted(self) -> int:
        return self._counts["adopted"]

    @property
    def _counts(self) -> dict:
        if not hasattr(self, "_cached"):
            # The Exists goes into the filter itself: an annotation referenced
            # from an aggregate's filter is dropped from the subquery by Django.
            self._cached = self.units.order_by().aggregate(
                total=Count("pk"), adopted=Count("pk", filter=Q(self.adopted_expr))
            )
        return self._cached


def default_scope(initiative: Initiative) -> Unit:
    """Where replication is counted by default: the owner if it is a district or a
    province, else the nearest district or province above it."""
    owner = initiative.unit
    if owner.level in (Level.DISTRICT, Level.PROVINCE):
        return owner
    for ancestor in reversed(list(owner.ancestors())):
        if ancestor.level in (Level.DISTRICT, Level.PROVINCE):
            return ancestor
    return owner


def replication(
    initiative: Initiative,
    *,
    user,
    within: Unit | None = None,
    level: str = Level.COMMUNE,
    on: dt.date | None = None,
) -> Replication:
    """How many units at `level` within `within` took the initiative up ("17/17 xã").

    A unit counts when it, or any unit below it, adopted; a commune merged into
    another counts under its successor. The owner and the units above it are
    not targets.

    The units are those under `within` on the day `on` (by default today, or
    the last day of a `within` that has closed): a district closed in 2025
    still shows the communes it reached, although they now sit under their
    successors. Units that moved in after that day are left out.
    """
    within = within or default_scope(initiative)
    owner = initiative.unit
    if on is None:
        on = within.valid_to if within.valid_to is not None and within.valid_to < today() else today()
    later = UnitChange.objects.filter(kind__in=(UnitChange.Kind.MOVED, UnitChange.Kind.MERGED), on__gt=on)
    moved_out = later.filter(old_parent__path__startswith=within.path).exclude(
        new_parent__path__startswith=within.path
    )
    moved_in = later.filter(new_parent__path__startswith=within.path).exclude(
        old_parent__path__startswith=within.path
    )
    units = (
        Unit.objects.visible_to(user)
        .filter(Q(path__startswith=within.path) | Q(pk__in=moved_out.values("unit_id")))
        .exclude(pk__in=moved_in.values("unit_id"))
        .filter(level=level)
        .open_on(on)
        .exclude(path__in=tree.lineage(owner.path))
    )
    adopted = Exists(
        Adoption.objects.filter(initiative_id=initiative.pk, unit__path__startswith=OuterRef("path"))
    )
    return Replication(within=within, level=level, units=units, adopted_expr=adopted)


@dataclass
class Lineage:
    ancestors: list[Initiative]  # from the oldest source down to the direct parent
    derivatives: QuerySet
    adoptions: QuerySet


def lineage(initiative: Initiative, *, user, depth: int = 20) -> Lineage:
    """Where the initiative came from and where it went, as far as the user may see."""
    ancestors = []
    current = initiative.derived_from_id
    seen = {initiative.pk}
    while current and current not in seen and len(ancestors) < depth:
        seen.add(current)
        parent = Initiative.objects.visible_to(user).select_related("unit").filter(pk=current).first()
        if parent is None:
            break
        ancestors.insert(0, parent)
        current = parent.derived_from_id
    derivatives = (
        Initiative.objects.visible_to(user)
        .filter(derived_from=initiative)
        .select_related("unit")
        .order_by("year", "id")
    )
    adoptions = Adoption.objects.visible_to(user).filter(initiative=initiative).select_related("unit")
    return Lineage(ancestors=ancestors, derivatives=derivatives, adoptions=adoptions)


def outcome_totals(user, *, within: Unit | None = None, year: int | None = None) -> QuerySet:
    """Outcomes added up by measure over the user's subtree (and a year)."""
    outcomes = Outcome.objects.visible_to(user, access.Action.VIEW)
    if within is not None:
        outcomes = outcomes.in_subtree(within)
    if year is not None:
        outcomes = outcomes.filter(initiative__year=year)
    return outcomes.totals_by_measure()
