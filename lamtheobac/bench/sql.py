"""The roll-up's figures by one hand-written SQL query, to measure the ORM code
against and to check it: the activities by kind category and form, the
connection points, the online conferences counted once, the initiatives,
recognitions and adoptions of a subtree (`path LIKE 'prefix%'`) for a stretch
of days. The same statement runs on SQLite and PostgreSQL; `by_child` groups
it by the child directly below the subtree's root.

Only the activities and initiatives sections are known here; the roll-up's
other sections (if any are registered) are left out of the comparison.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from lamtheobac.activities.models import Activity, ActivityKind, Category, ConnectionPoint, Form
from lamtheobac.initiatives.models import Adoption, Grade, Initiative, Recognition, Status
from lamtheobac.units.models import Unit

SECTIONS = {
    "activities": (
        "in_person_conferences",
        "in_person_attendances",
        "online_conferences",
        "online_points",
        "online_attendances",
        "talks",
        "talk_attendances",
        "cell_meetings",
        "cell_meetings_with_topic",
        "thematic_cell_meetings",
        "committee_attended_meetings",
        "flag_ceremonies",
        "days_with_people",
        "other_activities",
    ),
    "initiatives": (
        "initiatives_registered",
        "initiatives_running",
        "initiatives_recognised",
        "initiatives_outstanding",
        "adoptions",
    ),
}
ONLINE = f"('{Form.ONLINE}', '{Form.HYBRID}')"


def _count(condition: str) -> str:
    return f"COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)"


def _total(condition: str, column: str) -> str:
    return f"COALESCE(SUM(CASE WHEN {condition} THEN {column} ELSE 0 END), 0)"


def _statement(grouped: bool) -> str:
    """The query; with `grouped`, one row per child key (the first %(size)s characters of the path).

    Each part joins the units of the subtree itself (no shared CTE: PostgreSQL would materialise it
    and lose the parallel scans), and the committee members' attendance is a hash join on the
    distinct attended meetings inside the one pass over the activities."""
    tables = {
        "unit": Unit._meta.db_table,
        "activity": Activity._meta.db_table,
        "kind": ActivityKind._meta.db_table,
        "point": ConnectionPoint._meta.db_table,
        "attendee": Activity.committee_attendees.through._meta.db_table,
        "initiative": Initiative._meta.db_table,
        "recognition": Recognition._meta.db_table,
        "adoption": Adoption._meta.db_table,
    }
    child = "SUBSTR(u.path, 1, %(size)s) AS child, " if grouped else ""
    group = " GROUP BY 1" if grouped else ""
    subtree = "JOIN {unit} u ON u.id = {owner}.unit_id AND u.path LIKE %(prefix)s"
    conference = f"k.category = '{Category.CONFERENCE}'"
    in_person = f"{conference} AND a.form = '{Form.IN_PERSON}'"
    talk = f"k.category = '{Category.TALK}'"
    meeting = f"k.category = '{Category.CELL_MEETING}'"
    online_conference = f"a.form IN {ONLINE} AND {conference}"
    period = "BETWEEN %(start)s AND %(end)s"
    ctes = {
        "own": (
            f"SELECT {child}"
            f"{_count(in_person)} AS in_person_conferences, "
            f"{_total(in_person, 'a.participants')} AS in_person_attendances, "
            f"{_count(talk)} AS talks, {_total(talk, 'a.participants')} AS talk_attendances, "
            f"{_count(meeting)} AS cell_meetings, "
            f"{_count(f'{meeting} AND (a.topic_id IS NOT NULL OR a.topic_content <> {chr(39) * 2})')} "
            "AS cell_meetings_with_topic, "
            f"{_count(f'{meeting} AND k.thematic')} AS thematic_cell_meetings, "
            f"{_count(f'{meeting} AND m.activity_id IS NOT NULL')} AS committee_attended_meetings, "
            f"{_count(f"k.category = '{Category.FLAG_CEREMONY}'")} AS flag_ceremonies, "
            f"{_count(f"k.category = '{Category.DAY_WITH_PEOPLE}'")} AS days_with_people, "
            f"{_count(f"k.category = '{Category.OTHER}'")} AS other_activities "
            f"FROM {{activity}} a {subtree.format(unit='{unit}', owner='a')} "
            "JOIN {kind} k ON k.id = a.kind_id "
            "LEFT JOIN (SELECT DISTINCT activity_id FROM {attendee}) m ON m.activity_id = a.id "
            f"WHERE a.held_on {period}{group}"
        ),
        "pts": (
            f"SELECT {child}COUNT(*) AS online_points, "
            "COALESCE(SUM(p.participants), 0) AS online_attendances "
            f"FROM {{point}} p {subtree.format(unit='{unit}', owner='p')} "
            "JOIN {activity} a ON a.id = p.activity_id JOIN {kind} k ON k.id = a.kind_id "
            f"WHERE a.held_on {period} AND {online_conference}{group}"
        ),
        "online": (
            f"SELECT {'child, ' if grouped else ''}COUNT(DISTINCT conference) AS online_conferences FROM ("
            f"SELECT {child}a.id AS conference FROM {{activity}} a "
            f"{subtree.format(unit='{unit}', owner='a')} JOIN {{kind}} k ON k.id = a.kind_id "
            f"WHERE a.held_on {period} AND {online_conference} "
            f"UNION SELECT {child}p.activity_id FROM {{point}} p {subtree.format(unit='{unit}', owner='p')} "
            "JOIN {activity} a ON a.id = p.activity_id JOIN {kind} k ON k.id = a.kind_id "
            f"WHERE a.held_on {period} AND {online_conference}) conferences"
            + (" GROUP BY child" if grouped else "")
        ),
        "ini": (
            f"SELECT {child}"
            f"{_count(f"i.status <> '{Status.DROPPED}' AND i.registered_on >= %(start)s")} "
            "AS initiatives_registered, "
            f"{_count(f"i.status <> '{Status.DROPPED}'")} AS initiatives_running "
            f"FROM {{initiative}} i {subtree.format(unit='{unit}', owner='i')} "
            f"WHERE i.registered_on <= %(end)s{group}"
        ),
        "rec": (
            f"SELECT {child}COUNT(DISTINCT r.initiative_id) AS initiatives_recognised, "
            f"COUNT(DISTINCT CASE WHEN r.grade = '{Grade.OUTSTANDING}' THEN r.initiative_id END) "
            "AS initiatives_outstanding FROM {recognition} r JOIN {initiative} i ON i.id = r.initiative_id "
            f'{subtree.format(unit="{unit}", owner="i")} WHERE r."on" {period}{group}'
        ),
        "ado": (
            f"SELECT {child}COUNT(*) AS adoptions FROM {{adoption}} d "
            f"{subtree.format(unit='{unit}', owner='d')} WHERE d.adopted_on {period}{group}"
        ),
    }
    parts = ", ".join(f"{name} AS ({body.format(**tables)})" for name, body in ctes.items())
    figures = [figure for names in SECTIONS.values() for figure in names]
    summed = tuple(ctes)
    if not grouped:
        return f"WITH {parts} SELECT {', '.join(figures)} FROM {', '.join(summed)}"
    # Stacked, then summed by child: joining the parts on the child key would make PostgreSQL
    # estimate a product of the parts' rows and spend a second compiling the plan (JIT).
    columns = []
    for name in summed:
        own = set(_columns(ctes[name]))
        picked = ", ".join(f"{figure if figure in own else 0} AS {figure}" for figure in figures)
        columns.append(f"SELECT child, {picked} FROM {name}")
    sums = ", ".join(f"SUM({figure}) AS {figure}" for figure in figures)
    stacked = " UNION ALL ".join(columns)
    return f"WITH {parts} SELECT child, {sums} FROM ({stacked}) parts GROUP BY child"


def _columns(body: str) -> list[str]:
    """The figures a part computes (the names after AS)."""
    return [name for names in SECTIONS.values() for name in names if f"AS {name}" in body]


def _params(within: Unit, start: dt.date, end: dt.date) -> dict:
    return {"prefix": f"{within.path}%", "start": start, "end": end, "size": len(within.path) + Unit.steplen}


def _split(row) -> dict[str, dict[str, int]]:
    values = iter(int(value or 0) for value in row)
    return {section: {figure: next(values) for figure in names} for section, names in SECTIONS.items()}


def rollup(within: Unit, start: dt.date, end: dt.date) -> dict[str, dict[str, int]]:
    """{section: {figure: value}} for the subtree of `within`, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_statement(grouped=False), _params(within, start, end))
        return _split(cursor.fetchone())


def by_child(within: Unit, start: dt.date, end: dt.date) -> dict[str, dict[str, dict[str, int]]]:
    """{child path: {section: {figure: value}}}, `within`'s own rows under its own path, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_statement(grouped=True), _params(within, start, end))
        return {row[0]: _split(row[1:]) for row in cursor.fetchall()}


def source_rows(within: Unit, start: dt.date, end: dt.date) -> int:
    """How many rows the figures are made of: activities, points, initiatives, recognitions, adoptions."""
    tables = {
        "unit": Unit._meta.db_table,
        "activity": Activity._meta.db_table,
        "point": ConnectionPoint._meta.db_table,
        "initiative": Initiative._meta.db_table,
        "recognition": Recognition._meta.db_table,
        "adoption": Adoption._meta.db_table,
    }
    sub = "(SELECT id FROM {unit} WHERE path LIKE %(prefix)s)"
    statement = (
        f"SELECT (SELECT COUNT(*) FROM {{activity}} WHERE unit_id IN {sub} AND held_on BETWEEN %(start)s "
        f"AND %(end)s) + (SELECT COUNT(*) FROM {{point}} p JOIN {{activity}} a ON a.id = p.activity_id "
        f"WHERE p.unit_id IN {sub} AND a.held_on BETWEEN %(start)s AND %(end)s) + (SELECT COUNT(*) FROM "
        f"{{initiative}} WHERE unit_id IN {sub} AND registered_on <= %(end)s) + (SELECT COUNT(*) FROM "
        f"{{recognition}} r JOIN {{initiative}} i ON i.id = r.initiative_id WHERE i.unit_id IN {sub} "
        'AND r."on" '
        f"BETWEEN %(start)s AND %(end)s) + (SELECT COUNT(*) FROM {{adoption}} WHERE unit_id IN {sub} AND "
        "adopted_on BETWEEN %(start)s AND %(end)s)"
    ).format(**tables)
    with connection.cursor() as cursor:
        cursor.execute(statement, _params(within, start, end))
        return int(cursor.fetchone()[0])
