"""The demo province's initiatives ("mô hình"), 2023–2026.

A few are told by hand after the seed articles ("Ngày thứ bảy với dân",
"Quỹ Chỉ thị 05", "Ngày về cơ sở xây dựng nông thôn mới", the women's union's
piggy banks, the provincial police's Zalo...), and Xã Đông Sơn, where the `xa`
account works, gets one initiative in every status. The rest are drawn at
random for the bodies and some cells of every commune, leaving some bodies
without one each year so that the coverage report has something to say.

Rows are planned in memory and written with `bulk_create`: the services take a
query or more per step, which would make the demo minutes long. `_Life` plays
the services' rules instead (the lifecycle table, step dates, who may
recognise at which level, adoptions) and refuses anything they would refuse,
against the tree as it stands after the 2025 merger.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.db import models, transaction

from lamtheobac.core.formatting import format_number
from lamtheobac.core.querysets import today
from lamtheobac.core.text import fold
from lamtheobac.initiatives.models import (
    Adoption,
    Attachment,
    Criterion,
    Evaluation,
    Initiative,
    InitiativeField,
    Movement,
    Outcome,
    OutcomeMeasure,
    Recognition,
    RecognitionLevel,
    ResultEntry,
    Score,
    Status,
    Transition,
)
from lamtheobac.initiatives.services import LEVEL_RANK, RECOGNITION_RANK, TRANSITIONS
from lamtheobac.people.models import Position
from lamtheobac.units.models import Unit

from . import data
from .stories import tell_stories

if TYPE_CHECKING:
    from .builder import _Commune, _Layout, _Node, _Planner

A = Transition.Action
S = Status
QUARTERS = ("I", "II", "III", "IV")


class DemoRuleError(Exception):
    """A planned row breaks a rule the services enforce: a bug in the demo plan."""


@dataclass
class InitiativeCounts:
    initiatives: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    evaluations: int = 0
    recognitions: int = 0
    adoptions: int = 0
    results: int = 0
    outcomes: int = 0


# --- the tree as it stands after the merger ---------------------------------------


@dataclass(frozen=True)
class _Unit:
    pk: int
    path: str
    level: str
    valid_from: dt.date
    valid_to: dt.date | None

    def is_open_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class _Tree:
    """Paths, levels and dates of the demo units, read once after the merger."""

    def __init__(self):
        rows = Unit.objects.filter(is_demo=True).values_list("pk", "path", "level", "valid_from", "valid_to")
        self.units = {pk: _Unit(pk, path, level, start, end) for pk, path, level, start, end in rows}
        self.by_path = {unit.path: unit for unit in self.units.values()}

    def __getitem__(self, pk: int) -> _Unit:
        return self.units[pk]

    def effective_level(self, pk: int) -> str | None:
        """As services.effective_level: the unit's level, or its nearest ancestor's."""
        unit = self.units[pk]
        path = unit.path
        while path:
            found = self.by_path.get(path)
            if found is not None and found.level in LEVEL_RANK:
                return found.level
            path = path[: -Unit.steplen]
        return None


# --- one initiative's life, by the services' rules -----------------------------------


class _Life:
    def __init__(self, book: _Book, initiative: Initiative, actor: User):
        self.book = book
        self.obj = initiative
        self.actor = actor
        self.status = S.REGISTERED
        self.resume_status = ""
        self.last = initiative.registered_on
        self.started: dt.date | None = None
        self.adopters: set[int] = set()
        self.transition(A.REGISTER, "", S.REGISTERED, initiative.registered_on)

    @property
    def owner(self) -> _Unit:
        return self.book.tree[self.obj.unit_id]

    def refuse(self, what: str) -> None:
        raise DemoRuleError(f"{self.obj.title} ({self.obj.unit_id}): {what}")

    def transition(self, action: str, from_status: str, to_status: str, on: dt.date, note: str = "") -> None:
        self.book.transitions.append(
            Transition(
                initiative=self.obj,
                action=action,
                from_status=from_status,
                to_status=to_status,
                on=on,
                note=note,
                actor_id=self.actor.pk,
                actor_name=self.actor.username,
            )
        )

    def check_day(self, on: dt.date, *, after_last: bool = True) -> None:
        if on > self.book.cap:
            self.refuse(f"{on} is after the last day of the demo")
        if after_last and on < self.last:
            self.refuse(f"{on} is before the last step ({self.last})")

    def step(self, action: str, on: dt.date, note: str = "") -> None:
        key = (self.status, action)
        if key not in TRANSITIONS:
            self.refuse(f"{action} is not allowed from {self.status}")
        self.check_day(on)
        target = TRANSITIONS[key] or self.resume_status or S.IN_PROGRESS
        if target == S.SUSPENDED:
            self.resume_status = self.status
        elif self.status == S.SUSPENDED:
            self.resume_status = ""
        if target != self.status:
            self.obj.status_since = on
        self.transition(action, self.status, target, on, note)
        self.status = self.obj.status = target
        self.obj.resume_status = self.resume_status
        self.last = on

    # -- the services' verbs --
    def start(self, on: dt.date) -> None:
        self.step(A.START, on)
        self.started = on

    def suspend(self, on: dt.date, reason: str) -> None:
        self.step(A.SUSPEND, on, reason)

    def resume(self, on: dt.date) -> None:
        self.step(A.RESUME, on)

    def drop(self, on: dt.date, reason: str) -> None:
        self.step(A.DROP, on, reason)

    def evaluate(self, on: dt.date, body: str, ratios: tuple[float, ...] | None = None) -> None:
        book = self.book
        if (self.status, A.EVALUATE) not in TRANSITIONS:
            self.refuse(f"cannot be evaluated while {self.status}")
        self.check_day(on)
        if ratios is None or len(ratios) != len(book.criteria):  # the administrator may change the rubric
            ratios = tuple(book.rng.uniform(0.62, 0.97) for _ in book.criteria)
        # Scores to the half point, as a workshop writes them; every active criterion scored.
        scores = [
            (criterion, Decimal(round(criterion.max_score * ratio * 2)) / 2)
            for criterion, ratio in zip(book.criteria, ratios, strict=True)
        ]
        evaluation = Evaluation(
            initiative=self.obj,
            body=body,
            held_on=on,
            total_score=sum((score for _, score in scores), Decimal(0)),
            max_total=sum((Decimal(criterion.max_score) for criterion, _ in scores), Decimal(0)),
            actor_id=book.actors["tinh"].pk,
        )
        book.evaluations.append(evaluation)
        book.scores += [Score(evaluation=evaluation, criterion_id=c.pk, score=score) for c, score in scores]
        self.step(A.EVALUATE, on, body)

    def recognise(
        self,
        on: dt.date,
        level: str,
        grade: str,
        *,
        body: int | None = None,
        body_name: str = "",
        decision: str = "",
    ) -> None:
        tree = self.book.tree
        if level == RecognitionLevel.NATIONAL:
            if body is not None or not body_name:
                self.refuse("national recognition names a central body and no unit")
        else:
            if body is None:
                self.refuse("no recognising unit")
            unit = tree[body]
            if not self.owner.path.startswith(unit.path):
                self.refuse("the recognising unit is not the owner or above it")
            if not unit.is_open_on(on):
                self.refuse("the recognising unit is closed on that day")
            body_level = tree.effective_level(body)
            if body_level is None or LEVEL_RANK[body_level] < RECOGNITION_RANK[level]:
                self.refuse(f"a {body_level} body cannot recognise at {level}")
        if (self.status, A.RECOGNISE) not in TRANSITIONS:
            self.refuse(f"cannot be recognised while {self.status}")
        self.check_day(on)
        recognition = Recognition(
            initiative=self.obj,
            level=level,
            grade=grade,
            body_unit_id=body,
            body_name=body_name,
            decision=decision,
            on=on,
        )
        self.book.recognitions.append(recognition)
        if RECOGNITION_RANK[level] >= RECOGNITION_RANK.get(self.obj.recognition_level, 0):
            self.obj.recognition_level, self.obj.recognition_grade = level, grade
        self.step(A.RECOGNISE, on, body_name or self.book.names.get(body, ""))

    def adopt(self, unit_pk: int, on: dt.date, local_title: str) -> None:
        if unit_pk == self.obj.unit_id:
            self.refuse("the owner adopts its own initiative")
        if (self.status, A.REPLICATE) not in TRANSITIONS:
            self.refuse(f"cannot be adopted while {self.status}")
        if not self.book.tree[unit_pk].is_open_on(on):
            self.refuse(f"the adopting unit {unit_pk} is closed on {on}")
        if unit_pk in self.adopters:
            self.refuse(f"unit {unit_pk} adopts twice")
        self.check_day(on, after_last=False)
        self.adopters.add(unit_pk)
        self.book.adoptions.append(
            Adoption(initiative=self.obj, unit_id=unit_pk, adopted_on=on, local_title=local_title[:300])
        )
        if self.status == S.RECOGNISED:
            self.step(A.REPLICATE, max(on, self.last), self.book.names.get(unit_pk, ""))

    def result(self, on: dt.date, text: str) -> None:
        self.check_day(on, after_last=False)
        self.book.results.append(ResultEntry(initiative=self.obj, on=on, text=text, actor_id=self.actor.pk))

    def outcome(self, key: str, value, on: dt.date, note: str = "") -> None:
        measure = self.book.measures.get(key)
        if measure is None:
            return  # the administrator retired or renamed it
        amount = Decimal(str(value))
        quantum = Decimal(1).scaleb(-measure.decimals)
        if amount < 0 or amount != amount.quantize(quantum):
            self.refuse(f"{amount} does not fit {measure.name}")
        self.check_day(on, after_last=False)
        self.book.outcomes.append(
            Outcome(initiative=self.obj, measure_id=measure.pk, value=amount, on=on, note=note)
        )


# --- the book of rows ------------------------------------------------------------------


class _Book:
    def __init__(self, rng: random.Random, actors: dict[str, User], names: dict[int, str]):
        self.rng = rng
        self.actors = actors
        self.names = names
        self.cap = min(data.INITIATIVES_UNTIL, today())
        self.tree = _Tree()
        self.criteria = list(Criterion.objects.active())
        fields = {entry.name: entry for entry in InitiativeField.objects.active()}
        fallback = next(iter(fields.values()), None) or InitiativeField.objects.first()
        self.fields = {key: fields.get(name, fallback) for key, name in data.FIELDS.items()}
        movements = {entry.name: entry for entry in Movement.objects.active()}
        self.movements = {key: movements.get(name) for key, name in data.MOVEMENTS.items()}
        measures = {entry.name: entry for entry in OutcomeMeasure.objects.active()}
        self.measures = {key: measures[name] for key, name in data.MEASURES.items() if name in measures}
        self.lives: list[_Life] = []
        self.derived: list[tuple[Initiative, Initiative]] = []
        self.transitions: list[Transition] = []
        self.evaluations: list[Evaluation] = []
        self.scores: list[Score] = []
        self.recognitions: list[Recognition] = []
        self.adoptions: list[Adoption] = []
        self.results: list[ResultEntry] = []
        self.outcomes: list[Outcome] = []

    def register(
        self,
        unit_pk: int,
        title: str,
        *,
        year: int,
        on: dt.date,
        field_key: str,
        kind: str = "model",
        movement: str | None = None,
        actor: str = "tinh",
        responsible: int | None = None,
        description: str = "",
        goals: str = "",
        derived_from: _Life | None = None,
    ) -> _Life:
        unit = self.tree[unit_pk]
        if not unit.is_open_on(on) or on > self.cap:
            raise DemoRuleError(f"{title}: {unit_pk} is not open on {on}, or the day is too late")
        initiative = Initiative(
            unit_id=unit_pk,
            title=title,
            search_title=fold(title),  # what Initiative.save() would store
            field_id=self.fields[field_key].pk,
            kind=kind,
            year=year,
            movement_id=self.movements[movement].pk if movement and self.movements.get(movement) else None,
            description=description,
            goals=goals,
            responsible_id=responsible,
            start_date=None,
            registered_on=on,
            status=S.REGISTERED,
            status_since=on,
            is_demo=True,
        )
        life = _Life(self, initiative, self.actors[actor])
        self.lives.append(life)
        if derived_from is not None:
            self.derived.append((initiative, derived_from.obj))
        return life

    def write(self) -> InitiativeCounts:
        for life in self.lives:
            life.obj.start_date = life.started
        Initiative.objects.bulk_create([life.obj for life in self.lives], batch_size=1000)
        for child, parent in self.derived:
            child.derived_from_id = parent.pk
        Initiative.objects.bulk_update([child for child, _ in self.derived], ["derived_from"])
        Transition.objects.bulk_create(self.transitions, batch_size=2000)
        Evaluation.objects.bulk_create(self.evaluations, batch_size=1000)
        Score.objects.bulk_create(self.scores, batch_size=2000)
        Recognition.objects.bulk_create(self.recognitions, batch_size=1000)
        Adoption.objects.bulk_create(self.adoptions, batch_size=1000)
        ResultEntry.objects.bulk_create(self.results, batch_size=2000)
        Outcome.objects.bulk_create(self.outcomes, batch_size=2000)
        return InitiativeCounts(
            initiatives=len(self.lives),
            by_status=dict(Counter(life.status for life in self.lives)),
            evaluations=len(self.evaluations),
            recognitions=len(self.recognitions),
            adoptions=len(self.adoptions),
            results=len(self.results),
            outcomes=len(self.outcomes),
        )


# --- helpers for dates and numbers -----------------------------------------------------


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _quarter_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    ends = []
    for year in range(first.year, last.year + 1):
        for month, day in ((3, 31), (6, 30), (9, 30), (12, 31)):
            end = dt.date(year, month, day)
            if first < end <= last:
                ends.append(end)
    return ends


def _quarter(day: dt.date) -> str:
    return f"Quý {QUARTERS[(day.month - 1) // 3]}/{day.year}"


def _amount(rng: random.Random, key: str) -> Decimal:
    low, high, step = data.OUTCOME_RANGES[key]
    value = rng.uniform(low, high)
    rounded = Decimal(str(round(value / step) * step))
    return rounded.quantize(Decimal("0.1") if step < 1 else Decimal(1))


# --- who is who in the layout -------------------------------------------------------------


@dataclass
class _Area:
    """What the random part needs of a commune: its units by role and its place name."""

    commune: _Commune
    roles: dict[str, list[int]]  # role -> unit pks ("committee", "UB", ..., "cell", "school")
    recogniser: int  # the commune itself
    evaluator: str


def _heads(plan: _Planner) -> dict[int, int]:
    """unit pk -> person pk of its head or secretary (the person responsible by default)."""
    found: dict[int, int] = {}
    for position in plan.positions:
        if position.kind in (Position.Kind.HEAD, Position.Kind.SECRETARY):
            found.setdefault(position.unit.pk, position.person.pk)
    return found


def _area(commune: _Commune) -> _Area:
    roles: dict[str, list[int]] = {"committee": [commune.node.unit.pk]}
    for code, body in commune.bodies.items():
        role = "school" if code in ("MN", "TH", "THCS") else code
        roles.setdefault(role, []).append(body.unit.pk)
    roles["cell"] = [cell.unit.pk for cell in commune.village_cells]
    return _Area(
        commune=commune,
        roles=roles,
        recogniser=commune.node.unit.pk,
        evaluator=f"Ban Thường vụ Đảng ủy {commune.place}",
    )


def _names(layout: _Layout) -> dict[int, str]:
    """unit pk -> name, for the notes of steps (the services note the unit's name)."""
    names = {}
    stack: list[_Node] = [layout.province]
    while stack:
        node = stack.pop()
        names[node.unit.pk] = node.unit.name
        stack.extend(node.children)
    return names


# --- the random part ------------------------------------------------------------------------


class _Grower:
    def __init__(self, book: _Book, layout: _Layout, heads: dict[int, int]):
        self.book = book
        self.rng = book.rng
        self.layout = layout
        self.heads = heads
        xa = layout.xa
        self.new_areas = [_area(c) for c in [*layout.communes, *layout.merged] if c is not xa]
        self.old_areas = [_area(old) for group in layout.old_groups for old in group]
        # Who may take up a model of a given role: the same kind of body elsewhere (never Đông Sơn's,
        # whose picture is drawn by hand).
        self.pools: dict[str, list[int]] = {}
        for area in [*self.new_areas, *self.old_areas]:
            for role, pks in area.roles.items():
                self.pools.setdefault(role, []).extend(pks)
        self.place = {}
        for area in [*self.new_areas, *self.old_areas, _area(xa)]:
            for pks in area.roles.values():
                for pk in pks:
                    self.place[pk] = area.commune.place

    def target(self, year: int) -> str:
        mix = data.STATUS_MIX[year]
        return self.rng.choices(list(mix), list(mix.values()))[0]

    def registration_day(self, unit: _Unit, year: int) -> dt.date | None:
        first = max(dt.date(year, 1, 8), unit.valid_from + dt.timedelta(days=5))
        last = min(first + dt.timedelta(days=110), dt.date(year, 10, 31))
        if unit.valid_to is not None:
            last = min(last, unit.valid_to - dt.timedelta(days=60))
        last = min(last, self.book.cap)
        return _day(self.rng, first, last) if first <= last else None

    def grow(
        self,
        unit_pk: int,
        role: str,
        year: int,
        *,
        recognise: tuple[int, str, str],  # (body pk, level, decision prefix)
        evaluator: str,
        adopters: str,
        spread: tuple[int, int] = (1, 4),
    ) -> None:
        rng, book = self.rng, self.book
        unit = book.tree[unit_pk]
        on = self.registration_day(unit, year)
        if on is None:
            return
        title, field_key, kind, movement, measures, result = rng.choice(data.IDEAS[role])
        life = book.register(
            unit_pk,
            title,
            year=year,
            on=on,
            field_key=field_key,
            kind=kind,
            movement=movement,
            responsible=self.heads.get(unit_pk),
        )
        end = min(unit.valid_to or book.cap, book.cap)
        target = self.target(year)
        self.live(
            life, target, end=end, recognise=recognise, evaluator=evaluator, adopters=adopters, spread=spread
        )
        if unit.valid_to is not None and life.status in (S.REGISTERED, S.IN_PROGRESS):
            life.drop(unit.valid_to, data.DROP_REASONS[2])
        self.report(life, measures, result, end)

    def later(self, life: _Life, low: int, high: int, end: dt.date) -> dt.date | None:
        day = life.last + dt.timedelta(days=self.rng.randint(low, high))
        return day if day <= end else None

    def live(self, life: _Life, target: str, *, end, recognise, evaluator, adopters, spread) -> None:
        rng = self.rng
        if target == S.REGISTERED:
            return
        if target == S.DROPPED and rng.random() < 0.3:
            if day := self.later(life, 20, 120, end):
                life.drop(day, rng.choice(data.DROP_REASONS[:2]))
            return
        if not (day := self.later(life, 7, 35, end)):
            return
        life.start(day)
        if target == S.IN_PROGRESS:
            return
        if target in (S.SUSPENDED, S.DROPPED):
            if rng.random() < 0.3 and (day := self.later(life, 100, 200, end)):
                life.evaluate(day, evaluator)
            if day := self.later(life, 30, 150, end):
                if target == S.SUSPENDED:
                    life.suspend(day, rng.choice(data.SUSPEND_REASONS))
                else:
                    life.drop(day, rng.choice([data.DROP_REASONS[i] for i in (0, 1, 3)]))
            return
        if not (day := self.later(life, 100, 220, end)):
            return
        life.evaluate(day, evaluator)
        if target == S.EVALUATED or not (day := self.later(life, 7, 40, end)):
            return
        body, level, prefix = recognise
        if not self.book.tree[body].is_open_on(day):
            return
        life.recognise(
            day,
            level,
            rng.choice(("pilot", "pilot", "outstanding")),
            body=body,
            decision=f"Quyết định số {rng.randint(12, 980)}-{prefix}",
        )
        if target == S.RECOGNISED:
            return
        day = self.later(life, 10, 90, end)
        pool = self.pools.get(adopters, [])
        for _ in range(rng.randint(*spread)):
            if day is None:
                break
            unit_pk = self.pick(pool, life, day)
            if unit_pk is not None:
                life.adopt(unit_pk, day, f"{life.obj.title} ở {self.place.get(unit_pk, 'cơ sở')}")
            day = day + dt.timedelta(days=rng.randint(3, 45))
            if day > end:
                break

    def pick(self, pool: list[int], life: _Life, day: dt.date) -> int | None:
        tree = self.book.tree
        for _ in range(12):
            if not pool:
                return None
            pk = self.rng.choice(pool)
            if pk != life.obj.unit_id and pk not in life.adopters and tree[pk].is_open_on(day):
                return pk
        return None

    def report(self, life: _Life, measures: tuple[str, ...], result: str, end: dt.date) -> None:
        """A line or two of results by quarter; numbers once it has been evaluated."""
        rng = self.rng
        if life.started is None:
            return
        ends = _quarter_ends(life.started, min(end, life.last + dt.timedelta(days=150)))[: rng.randint(1, 2)]
        for day in ends:
            life.result(day, result.format(q=_quarter(day), a=rng.randint(3, 60), b=rng.randint(2, 40)))
        if not ends or life.status not in (S.EVALUATED, S.RECOGNISED, S.REPLICATED):
            return
        land = None
        for key in measures:
            if key == "land_value":
                if land is not None:
                    life.outcome(key, land * rng.randint(*data.LAND_PRICE) // 1000 * 1000, ends[-1])
                continue
            amount = _amount(rng, key)
            if key == "land":
                land = int(amount)
            life.outcome(key, amount, ends[-1], "Lũy kế" if key == "money" else "")

    def all(self) -> None:
        rng, layout, tree = self.rng, self.layout, self.book.tree
        province = layout.province.unit.pk
        # The province and its bodies.
        for year in data.INITIATIVE_YEARS:
            for code, body in layout.bodies.items():
                if rng.random() >= data.SHARE_PROVINCE_BODIES:
                    continue
                role = data.PROVINCE_ROLES.get(code, "agency")
                self.grow(
                    body.unit.pk,
                    role,
                    year,
                    recognise=(province, "province", "QĐ/TU"),
                    evaluator="Ban Tuyên giáo và Dân vận Tỉnh ủy",
                    adopters=role,
                    spread=(2, 8),
                )
        # The old district's bodies, until 30/6/2025.
        district = layout.district.unit.pk
        for year in (2023, 2024):
            for code, body in layout.district_bodies.items():
                if rng.random() < 0.5:
                    role = data.DISTRICT_ROLES[code]
                    self.grow(
                        body.unit.pk,
                        role,
                        year,
                        recognise=(district, "district", "QĐ/HU"),
                        evaluator="Ban Thường vụ Huyện ủy Bình An",
                        adopters=role,
                    )
        # The old communes and their bodies (cells went on under the new communes).
        for year, share in data.SHARE_OLD_BODIES.items():
            for area in self.old_areas:
                for role, pks in area.roles.items():
                    for pk in pks:
                        if role in ("cell", "school") or rng.random() >= share:
                            continue
                        # A body of an old commune now sits under its successor's body, so
                        # it recognises its own models (at commune level), as it did then.
                        body = area.recogniser if role == "committee" else pk
                        self.grow(
                            pk,
                            role,
                            year,
                            recognise=(body, "commune", "QĐ/ĐU"),
                            evaluator=area.evaluator,
                            adopters=role,
                        )
        # The communes of 1/7/2025, their bodies, some cells and schools.
        for year, share in data.SHARE_COMMUNE_BODIES.items():
            for area in self.new_areas:
                for role, pks in area.roles.items():
                    for pk in pks:
                        chance = data.SHARE_CELLS if role in ("cell", "school") else share
                        if rng.random() >= chance or not tree[pk].is_open_on(dt.date(year, 12, 31)):
                            continue
                        self.grow(
                            pk,
                            role,
                            year,
                            recognise=(area.recogniser, "commune", "QĐ/ĐU"),
                            evaluator=area.evaluator,
                            adopters=role,
                        )


# --- entry point ---------------------------------------------------------------------------------


def build_initiatives(
    layout: _Layout, plan: _Planner, users: dict[str, User], *, seed: int
) -> InitiativeCounts:
    """Plan and write the initiatives of the demo province; returns what was written."""
    rng = random.Random(f"initiatives-{seed}")
    book = _Book(rng, users, _names(layout))
    heads = _heads(plan)
    tell_stories(book, layout, heads)
    _Grower(book, layout, heads).all()
    return book.write()


def delete_initiatives(unit_ids: models.QuerySet) -> None:
    """The initiatives of demo units with everything that hangs on them, table by table.

    They point at each other (derived_from) and are adopted by units of any tree,
    which would block the generic deletion below; and plain deletes are quicker
    than collecting some 100.000 rows at --scale 10.
    """
    ids = Initiative.objects.filter(unit__in=unit_ids).values("pk")
    files = list(Attachment.objects.filter(initiative__in=ids).values_list("file", flat=True))
    Adoption.objects.filter(initiative__in=ids).delete()
    Score.objects.filter(evaluation__initiative__in=ids).delete()
    for model in (Transition, Evaluation, Recognition, ResultEntry, Outcome, Attachment):
        model.objects.filter(initiative__in=ids).delete()
    Initiative.objects.filter(derived_from__in=ids).update(derived_from=None)
    Initiative.objects.filter(pk__in=ids).delete()
    # Uploaded files go once the rows are surely gone.
    transaction.on_commit(lambda: [default_storage.delete(name) for name in files if name])


STATUS_WORDS = {
    "registered": "đăng ký",
    "in_progress": "đang thực hiện",
    "evaluated": "đã đánh giá",
    "recognised": "đã công nhận",
    "replicated": "đã nhân rộng",
    "suspended": "tạm dừng",
    "dropped": "dừng thực hiện",
}


def describe_initiatives(counts: InitiativeCounts) -> str:
    statuses = "; ".join(
        f"{word} {format_number(counts.by_status.get(status, 0))}" for status, word in STATUS_WORDS.items()
    )
    return (
        f"Mô hình, việc làm điển hình 2023–2026: {format_number(counts.initiatives)} ({statuses}); "
        f"{format_number(counts.evaluations)} lần đánh giá, "
        f"{format_number(counts.recognitions)} quyết định công nhận, "
        f"{format_number(counts.adoptions)} lượt nhân rộng, "
        f"{format_number(counts.outcomes)} kết quả đo đếm được."
    )
