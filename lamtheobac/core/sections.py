"""The registry through which each domain adds its section to every report.

A section names its figures and computes them for a subtree and a stretch of
days, in a fixed number of queries whatever the number of units: once for the
whole subtree, and once grouped by the child units directly below it. The
`only` argument, when given, narrows the rows to those an approved report
covers (see rollup.approved_only); a section applies it to every query it
makes, naming the owning unit's path and the row's date.

Activities and initiatives register theirs in their AppConfig.ready();
commitments, awards, funds and indicators will do the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q

# (path field of the owning unit, date field of the row) -> the condition that
# keeps only the rows an approved report covers: only("unit__path", "held_on")
Restriction = Callable[[str, str], Q]


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any  # a lazy translation
    # Whether the figure of a subtree is the sum of its children's (a count of
    # rows is; "conferences" is not when one conference spans several children).
    additive: bool = True


class Compute(Protocol):
    def __call__(
        self, within, start: dt.date, end: dt.date, *, user=None, only: Restriction | None = None
    ) -> dict[str, int]: ...


class ComputeByChild(Protocol):
    def __call__(
        self, within, start: dt.date, end: dt.date, *, user=None, only: Restriction | None = None
    ) -> dict[str, dict[str, int]]: ...


class ByChild(dict):
    """What `compute_by_child` returns: {child path: {figure: value}}, and in
    `totals` the whole subtree's value of the figures that do not add up over
    the children (an online conference hosted in two of them), so that the
    subtree's figures need no second pass over the rows."""

    def __init__(self, *args, totals: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.totals = dict(totals or {})


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    figures: tuple[Figure, ...]
    compute: Compute
    # {child path: {figure: value}} for the children directly below `within`.
    compute_by_child: ComputeByChild
    # The sentence of the drafted narrative, written from this section's figures.
    sentence: Callable[[dict[str, int]], str] | None = None
    order: int = 100

    def labels(self) -> dict[str, str]:
        return {figure.key: str(figure.label) for figure in self.figures}


_registry: dict[str, Section] = {}


def register(section: Section) -> Section:
    if section.key in _registry and _registry[section.key] is not section:
        raise ValueError(f"A report section named {section.key!r} is registered already.")
    _registry[section.key] = section
    return section


def all_sections() -> list[Section]:
    return sorted(_registry.values(), key=lambda section: (section.order, section.key))


def get(key: str) -> Section:
    return _registry[key]
