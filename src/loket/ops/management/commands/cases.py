"""``loket cases verify``: does every case's stored status and legal date follow from its events?

Exit 0 with one line when every case agrees with a replay of its log (with the term version
in force on its day of receipt); exit 1 listing the first ``--limit`` cases that differ.
The restore drill (``scripts/restore_drill``) runs it on the restored database.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from loket.cases.consistency import cases_verify, cases_verify_count
from loket.kernel.actors import system_actor
from loket.simulation.report import console_for, progress_bar

ACTOR = system_actor("loket cases verify")


class Command(BaseCommand):
    help = (
        "Checks on the cases. 'verify' replays every case's events with the legal term in "
        "force on its day of receipt and lists the cases whose stored status or dates differ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=ArgumentParser)
        verify = sub.add_parser(
            "verify", help="replay every case and list those whose stored projection differs"
        )
        verify.add_argument(
            "--limit", type=int, default=20, help="list at most this many differing cases (20)"
        )
        verify.add_argument(
            "--batch-size", type=int, default=500, help="cases read per query (500)"
        )
        verify.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["limit"] < 1 or options["batch_size"] < 1:
            raise CommandError("--limit and --batch-size must be at least 1.")
        console = console_for(self.stdout)
        total = cases_verify_count(actor=ACTOR)
        if options["no_progress"]:
            report = cases_verify(
                actor=ACTOR, limit=options["limit"], batch_size=options["batch_size"]
            )
        else:
            with progress_bar(console) as progress:
                task = progress.add_task("Replaying cases", total=total)
                report = cases_verify(
                    actor=ACTOR,
                    limit=options["limit"],
                    batch_size=options["batch_size"],
                    on_batch=lambda n: progress.advance(task, n),
                )
        if report.clean:
            console.print(
                f"All {report.checked:,} cases agree with a replay of their events.",
                highlight=False,
            )
            return
        shown = len(report.first)
        console.print(
            f"{report.differing:,} of {report.checked:,} cases differ from a replay of their "
            f"events (the first {shown} listed):",
            highlight=False,
            markup=False,
        )
        for difference in report.first:
            console.print(f"  {difference}", highlight=False, markup=False, soft_wrap=True)
        raise SystemExit(1)
