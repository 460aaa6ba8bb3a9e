"""The throwaway database the benchmark runs in.

A PostgreSQL URL: the database `lamtheobac_bench` on that server, dropped if
it is there and created anew (connecting through the server's `postgres`
database to do so), migrated, and dropped at the end unless kept. A SQLite
URL or none: a new file in a temporary folder, removed at the end unless
kept. Django's default connection is pointed at it for the run, the way the
test runner points it at the test database.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.db import connections

NAME = "lamtheobac_bench"


class BenchDatabaseError(Exception):
    """The throwaway database cannot be made."""


def _point_default_at(config: dict) -> None:
    connections["default"].close()
    settings.DATABASES["default"] = config
    # ConnectionHandler.settings is a cached property: recompute it, and drop the old wrapper.
    connections.__dict__.pop("settings", None)
    del connections["default"]


def _postgres_admin(config: dict):
    import psycopg

    return psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
    )


@contextlib.contextmanager
def throwaway(url: str | None, *, keep: bool, say):
    """Run the body against a new, migrated database; yields a description of where it is."""
    original = settings.DATABASES["default"]
    base = dj_database_url.parse(url) if url else dict(original)
    postgres = "postgresql" in base["ENGINE"]
    folder = None
    if postgres:
        config = {**base, "NAME": NAME}
        import psycopg

        try:
            with _postgres_admin(base) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{NAME}"')
        except psycopg.Error as error:
            raise BenchDatabaseError(f"Cannot create the database {NAME}: {error}") from error
        where = f"PostgreSQL database {NAME} on {base.get('HOST') or 'the local server'}"
    else:
        folder = Path(tempfile.mkdtemp(prefix="lamtheobac-bench-"))
        config = {
            **dj_database_url.parse(f"sqlite:///{folder / 'bench.sqlite3'}"),
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20},
        }
        where = f"SQLite file {folder / 'bench.sqlite3'}"
    _point_default_at(config)
    try:
        say(f"Migrating the {where}…")
        call_command("migrate", verbosity=0, interactive=False)
        yield where
    finally:
        _point_default_at(original)
        if keep:
            say(f"Kept the {where}.")
        elif postgres:
            with _postgres_admin(base) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
        elif folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
