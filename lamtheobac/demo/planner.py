"""The demo province planned in memory before it is written: its units (with
treebeard paths computed here, so that the tree is written with bulk_create),
the names of its communes and villages, its people and their positions."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from lamtheobac.core.text import fold
from lamtheobac.people.models import Person, Position
from lamtheobac.units.models import Kind, Level, Unit

from . import data

HEADS_SINCE = dt.date(2021, 7, 1)  # when heads of bodies of the old term took office


class DemoError(Exception):
    """The demo cannot be built here (existing demo data, or a name clash)."""


ALL_BODIES = tuple(code for code, *_ in data.COMMUNE_BODIES)


class Node:
    __slots__ = ("children", "unit")

    def __init__(self, unit: Unit):
        self.unit = unit
        self.children: list[Node] = []


@dataclass
class Commune:
    node: Node
    name: str  # "Đông Sơn"
    place: str  # "xã Đông Sơn"
    upland: bool
    bodies: dict[str, Node] = field(default_factory=dict)
    agency_cells: list[Node] = field(default_factory=list)
    village_cells: list[Node] = field(default_factory=list)
    cell_secretaries: list[Person] = field(default_factory=list)
    committee: dict[str, list[Person]] = field(default_factory=dict)

    @property
    def cells(self) -> list[Node]:
        return self.agency_cells + self.village_cells


class Planner:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.people: list[Person] = []
        self.positions: list[Position] = []
        self._family = [name for name, _ in data.FAMILY_NAMES]
        self._family_weights = [weight for _, weight in data.FAMILY_NAMES]
        self._upland_family = [name for name, _ in data.UPLAND_FAMILY_NAMES]
        self._upland_weights = [weight for _, weight in data.UPLAND_FAMILY_NAMES]

    # -- units --
    def unit(
        self,
        parent: Node | None,
        code: str,
        name: str,
        kind: str,
        *,
        valid_from: dt.date,
        level: str = Level.NONE,
        mass_org_type: str = "",
    ) -> Node:
        full_code = f"{parent.unit.code}.{code}" if parent is not None else code
        unit = Unit(
            code=full_code,
            name=name,
            search_name=fold(f"{name} {full_code}"),  # what Unit.save() would store
            level=level,
            kind=kind,
            mass_org_type=mass_org_type,
            valid_from=valid_from,
            is_demo=True,
        )
        node = Node(unit)
        if parent is not None:
            parent.children.append(node)
        return node

    # -- people --
    def full_name(self, *, upland: bool = False, female: bool | None = None) -> str:
        rng = self.rng
        if female is None:
            female = rng.random() < 0.4
        if upland and rng.random() < 0.7:
            family = rng.choices(self._upland_family, self._upland_weights)[0]
        else:
            family = rng.choices(self._family, self._family_weights)[0]
        middle = rng.choice(data.FEMALE_MIDDLE if female else data.MALE_MIDDLE)
        given = rng.choice(data.FEMALE_GIVEN if female else data.MALE_GIVEN)
        return f"{family} {middle} {given}"

    def person(
        self,
        node: Node,
        *,
        upland: bool = False,
        party: bool = True,
        civil: bool = False,
        union: bool | None = None,
        name: str | None = None,
    ) -> Person:
        full_name = name or self.full_name(upland=upland)
        person = Person(
            unit=node.unit,
            full_name=full_name,
            search_name=fold(full_name),  # what Person.save() would store
            is_party_member=party,
            is_civil_servant=civil,
            is_union_member=self.rng.random() < 0.3 if union is None else union,
            is_demo=True,
        )
        self.people.append(person)
        return person

    def position(
        self, person: Person, node: Node, kind: str, start: dt.date, end: dt.date | None = None
    ) -> Position:
        position = Position(person=person, unit=node.unit, kind=kind, start_date=start, end_date=end)
        self.positions.append(position)
        return position

    # -- communes --
    def commune(
        self,
        parent: Node,
        code: str,
        prefix: str,
        name: str,
        *,
        upland: bool,
        valid_from: dt.date,
        bodies: tuple[str, ...] | None = None,
        cells: int = 0,
        schools: int = 0,
        first_village: str | None = None,
    ) -> Commune:
        """A commune, its bodies and its cells (no people yet)."""
        node = self.unit(
            parent, code, f"{prefix} {name}", Kind.PARTY_COMMITTEE, level=Level.COMMUNE, valid_from=valid_from
        )
        commune = Commune(node=node, name=name, place=f"{prefix.lower()} {name}", upland=upland)
        wanted = bodies if bodies is not None else ALL_BODIES
        if bodies is None and cells < data.TRADE_UNION_MIN_CELLS:
            wanted = tuple(code for code in wanted if code != "CD")
        for body_code, pattern, kind, org_type in data.COMMUNE_BODIES:
            if body_code in wanted:
                commune.bodies[body_code] = self.unit(
                    node,
                    body_code,
                    pattern.format(place=commune.place),
                    kind,
                    mass_org_type=org_type,
                    valid_from=valid_from,
                )
        school_names = []
        for school_code, pattern in sorted(self.rng.sample(data.SCHOOLS, schools)):
            school_name = pattern.format(name=name)
            commune.bodies[school_code] = self.unit(
                node, school_code, school_name, Kind.SCHOOL, valid_from=valid_from
            )
            school_names.append(school_name)
        if not cells:
            return commune
        cell_names = [pattern.format(place=commune.place) for pattern in data.AGENCY_CELLS]
        cell_names += [f"Chi bộ {school}" for school in school_names]
        agency = len(cell_names)
        villages = self.village_names(
            max(3, cells - agency), ward=prefix == "Phường", upland=upland, first=first_village
        )
        cell_names += [f"Chi bộ {village}" for village in villages]
        for number, cell_name in enumerate(cell_names, start=1):
            cell = self.unit(
                node, f"CB{number:02d}", cell_name, Kind.PARTY_CELL, level=Level.CELL, valid_from=valid_from
            )
            (commune.agency_cells if number <= agency else commune.village_cells).append(cell)
        return commune

    def village_names(self, count: int, *, ward: bool, upland: bool, first: str | None) -> list[str]:
        if ward:
            return [f"tổ dân phố số {number}" for number in range(1, count + 1)]
        word, firsts, seconds = (
            ("bản", data.HAMLET_FIRST, data.HAMLET_SECOND)
            if upland
            else ("thôn", data.VILLAGE_FIRST, data.VILLAGE_SECOND)
        )
        pairs = [f"{a} {b}" for a in firsts for b in seconds if a != b]
        chosen = [first] if first else []
        chosen += [pair for pair in self.rng.sample(pairs, count + 1) if pair != first]
        return [f"{word} {village}" for village in chosen[:count]]

    def staff_commune(
        self,
        commune: Commune,
        *,
        cells_from: dt.date,
        bodies_from: dt.date,
        committee_from: dt.date | None,
        until: dt.date | None = None,
        chibo: tuple[Node, str] | None = None,
    ) -> None:
        """People of a commune: cell members and secretaries, heads of bodies, the committee."""
        rng, upland = self.rng, commune.upland
        for cell in commune.cells:
            civil = cell in commune.agency_cells
            name = chibo[1] if chibo and chibo[0] is cell else None
            secretary = self.person(cell, upland=upland, civil=civil, name=name)
            self.position(secretary, cell, Position.Kind.SECRETARY, cells_from)
            commune.cell_secretaries.append(secretary)
            deputy = self.person(cell, upland=upland, civil=civil)
            self.position(deputy, cell, Position.Kind.DEPUTY_SECRETARY, cells_from)
            for _ in range(rng.randint(0, 2)):
                self.person(cell, upland=upland, civil=civil)
        for body_code, body in commune.bodies.items():
            kind = body.unit.kind
            civil = kind in (Kind.GOVERNMENT, Kind.POLICE, Kind.MILITARY, Kind.SCHOOL)
            union = kind in (Kind.MASS_ORG, Kind.FRONT)
            head = self.person(body, upland=upland, civil=civil, union=union)
            self.position(head, body, Position.Kind.HEAD, bodies_from, until)
            if kind == Kind.GOVERNMENT:
                for _ in range(rng.randint(1, 2)):
                    self.person(body, upland=upland, civil=True, party=rng.random() < 0.8)
            elif kind == Kind.MASS_ORG and rng.random() < 0.5:
                self.person(body, upland=upland, union=True, party=body_code == "CCB" or rng.random() < 0.3)
        if committee_from is None or not commune.agency_cells:
            return
        office, government = commune.agency_cells[0], commune.agency_cells[1]
        secretary = self.person(office, upland=upland, civil=True)
        deputies = [self.person(office, upland=upland, civil=True)]
        deputies.append(self.person(government, upland=upland, civil=True))
        members = [
            self.person(rng.choice(commune.agency_cells), upland=upland, civil=True)
            for _ in range(rng.randint(3, 6))
        ]
        village_secretaries = commune.cell_secretaries[len(commune.agency_cells) :]
        members += rng.sample(village_secretaries, min(len(village_secretaries), rng.randint(1, 2)))
        commune.committee = {"secretary": [secretary], "deputies": deputies, "members": members}
        self.committee_positions(commune, committee_from, until)

    def committee_positions(self, commune: Commune, start: dt.date, end: dt.date | None) -> None:
        node = commune.node
        for person in commune.committee["secretary"]:
            self.position(person, node, Position.Kind.SECRETARY, start, end)
        for person in commune.committee["deputies"]:
            self.position(person, node, Position.Kind.DEPUTY_SECRETARY, start, end)
        for person in commune.committee["members"]:
            self.position(person, node, Position.Kind.COMMITTEE_MEMBER, start, end)


def split_name(full_name: str) -> tuple[str, str]:
    """Split a commune's full name: ("Thị trấn", "Bình An") from "Thị trấn Bình An"."""
    for prefix in ("Thị trấn", "Phường", "Xã"):
        if full_name.startswith(prefix + " "):
            return prefix, full_name[len(prefix) + 1 :]
    raise ValueError(full_name)


def reserved_names() -> set[str]:
    names = {data.XA_COMMUNE}
    for new, olds in data.MERGERS:
        names.add(split_name(new)[1])
        names.update(split_name(old)[1] for old in olds)
    return names


def commune_names(rng: random.Random, count: int) -> list[tuple[str, bool]]:
    """`count` unique (name, upland) pairs, Đông Sơn first."""
    reserved = reserved_names()
    lowland = [f"{a} {b}" for a in data.LOWLAND_FIRST for b in data.LOWLAND_SECOND if a != b]
    upland = [f"{a} {b}" for a, seconds in data.UPLAND_NAMES.items() for b in seconds]
    rng.shuffle(lowland)
    rng.shuffle(upland)
    lowland = [name for name in lowland if name not in reserved]
    chosen: list[tuple[str, bool]] = [(data.XA_COMMUNE, False)]
    while len(chosen) < count:
        if upland and (rng.random() < data.UPLAND_SHARE or not lowland):
            chosen.append((upland.pop(), True))
        elif lowland:
            chosen.append((lowland.pop(), False))
        else:
            break
    if len(chosen) < count:
        # Beyond ~1.300 communes (large --scale): three-word names.
        used = {name for name, _ in chosen} | reserved
        extra = [
            f"{a} {b} {c}"
            for a in data.LOWLAND_FIRST
            for b in data.LOWLAND_SECOND
            for c in data.THIRD_WORDS
            if len({a, b, c}) == 3 and f"{a} {b}" not in reserved
        ]
        rng.shuffle(extra)
        chosen += [(name, False) for name in extra if name not in used][: count - len(chosen)]
    if len(chosen) < count:
        raise DemoError(f"Không đủ tên để tạo {count} xã.")
    return chosen[:count]


def assign_paths(root: Node, root_path: str) -> list[tuple[Unit, Unit | None]]:
    """Give every planned unit its treebeard path, depth and numchild; (unit, parent) in path order."""
    ordered: list[tuple[Unit, Unit | None]] = []
    stack: list[tuple[Node, Node | None, str]] = [(root, None, root_path)]
    while stack:
        node, parent, path = stack.pop()
        unit = node.unit
        unit.path = path
        unit.depth = len(path) // Unit.steplen
        unit.numchild = len(node.children)
        ordered.append((unit, parent.unit if parent else None))
        for number in range(len(node.children), 0, -1):
            child = node.children[number - 1]
            stack.append((child, node, Unit._get_path(path, unit.depth + 1, number)))
    return ordered


def next_root_path() -> str:
    last = Unit.objects.get_root_nodes().order_by("-path").first()
    return last._inc_path() if last is not None else Unit._get_path(None, 1, 1)
