"""`lamtheobac demo`: the demo province for `make demo`, tests and benchmarks."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lamtheobac.core.formatting import format_number
from lamtheobac.demo.builder import DEFAULT_SEED, DemoError, build_demo, demo_exists, describe, reset_demo


class Command(BaseCommand):
    help = (
        "Build the demo province (about 100 communes, 3,000 units, 1,000 initiatives of 2023–2026, "
        "activities of 2024–2026, reports of 2025–2026 in every state) "
        "with its demo accounts. "
        "Does nothing if demo data is already there, unless --reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiply the number of communes (1: ~100 communes; 10: ~1,000 communes, ~26,000 units).",
        )
        parser.add_argument(
            "--communes", type=int, default=None, help="Exact number of communes (overrides --scale)."
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete the previous demo data first, then build anew."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Random seed; the same seed builds the same province (default {DEFAULT_SEED}).",
        )

    def handle(self, *args, scale: int, communes: int | None, reset: bool, seed: int, **options):
        if scale < 1:
            raise CommandError("--scale phải từ 1 trở lên.")
        if communes is not None and communes < 1:
            raise CommandError("--communes phải từ 1 trở lên.")
        progress = self.stdout if options["verbosity"] >= 2 else None
        try:
            with transaction.atomic():
                if reset:
                    units, people = reset_demo()
                    if units or people:
                        self.stdout.write(
                            f"Đã xóa dữ liệu minh họa cũ: {format_number(units)} đơn vị, "
                            f"{format_number(people)} người."
                        )
                elif demo_exists():
                    self.stdout.write(describe())
                    return
                summary = build_demo(communes=communes, scale=scale, seed=seed, stdout=progress)
        except DemoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(describe(summary)))
