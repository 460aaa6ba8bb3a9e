"""Writers at once on the embedded SQLite database: the site's requests and
the task worker each hold a connection, and none of them may fail with
"database is locked".

The test database of pytest-django lives in memory, where there is no file
lock to contend for; so a child process builds a file database in a
temporary folder and writes to it from several threads through the services.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from django.db import connection

WRITERS = 8
WRITES_EACH = 50

# Each thread creates people through the service (an access check that reads,
# then the row and its audit record, in one transaction) as fast as it can.
SCRIPT = textwrap.dedent(
    """
    import json, sys, threading, time
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from lamtheobac.core.testing import build_world
    from lamtheobac.people import services
    from lamtheobac.people.models import Person

    writers, each = int(sys.argv[1]), int(sys.argv[2])
    call_command("migrate", verbosity=0)
    world = build_world()
    errors = []
    start = threading.Barrier(writers)

    def write(number):
        try:
            start.wait()
            for index in range(each):
                services.create_person(
                    actor=world.editor, unit=world.commune, full_name=f"Người {number}-{index}"
                )
        except Exception as error:  # reported to the test, which shows it
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    began = time.perf_counter()
    threads = [threading.Thread(target=write, args=(number,)) for number in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - began
    print(json.dumps({"writes": Person.objects.count(), "seconds": took, "errors": errors}))
    """
)


def run_writers(tmp_path, *, writers: int = WRITERS, each: int = WRITES_EACH, **env: str) -> dict:
    database = tmp_path / "concurrent.sqlite3"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(writers), str(each)],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lamtheobac.settings.test",
            "DATABASE_URL": f"sqlite:///{database}",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking only")
def test_it_takes_writes_from_several_threads_at_once_without_database_is_locked(tmp_path):
    outcome = run_writers(tmp_path)
    assert outcome["errors"] == []
    assert outcome["writes"] == WRITERS * WRITES_EACH
    print(f"{outcome['writes']} writes from {WRITERS} threads in {outcome['seconds']:.2f} s")
