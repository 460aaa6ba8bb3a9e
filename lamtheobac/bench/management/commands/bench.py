"""`lamtheobac bench report`: build a province-scale data set and time the
report roll-up against one hand-written SQL query (lamtheobac/bench/)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from lamtheobac.bench import builder, database, runner


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Benchmark the report roll-up: build a province of about 100 communes, 3.000 cells, 100.000 people "
        "and 500.000 activities and initiatives (times --scale) in a throwaway database, time the roll-up, "
        "the roll-up by child and the dashboard page against one hand-written SQL query, and check that "
        "the figures are equal."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", choices=["report"], help="What to benchmark: report (the roll-up).")
        parser.add_argument(
            "--scale", type=float, default=1, help="Multiply the data set (0.01 for a quick run)."
        )
        parser.add_argument("--runs", type=int, default=5, help="Timed runs of each measure (default 5).")
        parser.add_argument(
            "--database-url",
            default=None,
            help=(
                "Where to build: a postgres:// URL creates (and drops) the database "
                f"{database.NAME} on that server; a sqlite:// URL or none a temporary SQLite file. "
                "Default: the server of the configured DATABASE_URL."
            ),
        )
        parser.add_argument(
            "--here",
            action="store_true",
            help="Build in the configured database instead, inside a transaction rolled back at the end.",
        )
        parser.add_argument(
            "--keep", action="store_true", help="Keep the data set (and the throwaway database) afterwards."
        )
        parser.add_argument(
            "--explain", action="store_true", help="Print the plans of the slowest queries of each measure."
        )

    def handle(
        self, *args, scale: float, runs: int, database_url, here: bool, keep: bool, explain, **options
    ):
        if scale <= 0:
            raise CommandError("--scale must be greater than 0.")
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        if here and database_url:
            raise CommandError("--here builds in the configured database: leave out --database-url.")
        self.failed = False
        if here:
            self._here(scale, runs, keep, explain)
        else:
            # Committed as it is written: measured on settled data, as a real database's.
            try:
                with database.throwaway(database_url, keep=keep, say=self.stdout.write):
                    self._bench(scale, runs, explain)
            except database.BenchDatabaseError as error:
                raise CommandError(str(error)) from error
        if self.failed:
            raise CommandError("The roll-up's figures differ from the SQL's (see above).")

    def _here(self, scale, runs, keep, explain):
        try:
            with transaction.atomic():
                self._bench(scale, runs, explain)
                if not keep:
                    raise _Rollback
        except _Rollback:
            self.stdout.write("Rolled back: the data set is gone.")

    def _bench(self, scale, runs, explain):
        write = self.stdout.write
        write(f"Building the data set at scale {scale:g} on {connection.vendor}…")
        try:
            data = builder.build(scale, say=write)
        except builder.BenchError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{name} {value:,}".replace(",", ".") for name, value in data.counts.items())
        write(f"Built in {data.seconds:.1f} s: {counts}.")
        started = time.perf_counter()
        lines = runner.run(data, runs)
        seconds = time.perf_counter() - started
        write(f"\nMeasured in {seconds:.1f} s, {runs} runs each, on {connection.vendor}:\n")
        write(runner.table(lines))
        mismatches = [mismatch for line in lines for mismatch in line.mismatches]
        if mismatches:
            self.failed = True
            write(self.style.ERROR("\nMISMATCH between the roll-up and the SQL:"))
            for mismatch in mismatches:
                write(self.style.ERROR(f"  {mismatch}"))
        else:
            write(self.style.SUCCESS("\nThe roll-up's figures equal the SQL's."))
        if explain:
            write("\nPlans of the slowest queries:\n")
            write(runner.explain(lines))
