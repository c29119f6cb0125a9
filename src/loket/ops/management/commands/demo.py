"""``loket demo``: a working Loket in one command: database, a year of cases, people, server.

Idempotent: a database that already has cases is not simulated again, and the demo
accounts are created once (their passwords reset to the printed ones on every run).
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any, Final

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from loket.cases.models import Case
from loket.cases.services import CaseRuleError
from loket.forecasts.notices import delay_notices_send
from loket.forecasts.services import RefreshAlreadyRunningError, forecasts_refresh
from loket.notifications.models import Message, MessageStatus
from loket.ops.background import deliver_due_messages, start_demo_background
from loket.ops.demo import (
    LATE_PERSONA,
    PERSONAS,
    Login,
    adopt_cases,
    adopt_late_case,
    assign_applicants,
    choose_cases,
    ensure_users,
)
from loket.ops.refresh import work_lists_line
from loket.simulation.config import DEFAULT_CONFIG
from loket.simulation.model import simulate
from loket.simulation.report import backlog_line, console_for, progress_bar, summary_table
from loket.simulation.services import config_from_catalogue, simulation_load
from loket.updates.services import updates_daily_send

# 3% of the real service: about 8,000 cases over a year, all six products, every stage.
DEMO_SCALE: Final = 0.03
DEMO_SEED: Final = 2026
DEMO_DAYS: Final = 365


class Command(BaseCommand):
    help = (
        "Set up a demo: migrate, simulate a year of cases if the database has none, create "
        "demo accounts, and serve on http://127.0.0.1:8000/ (unless --no-serve)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="set up, then exit")
        parser.add_argument("--scale", type=float, default=DEMO_SCALE, help="share of real volumes")
        parser.add_argument("--seed", type=int, default=DEMO_SEED)
        parser.add_argument("--days", type=int, default=DEMO_DAYS)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        console = console_for(self.stdout)
        if options["scale"] <= 0 or options["days"] < 1:
            raise CommandError("--scale must be positive and --days at least 1.")
        now = timezone.now()
        with console.status("Preparing the database (migrate)..."):
            call_command("migrate", interactive=False, verbosity=0)
        logins = ensure_users(now=now)

        if Case.objects.exists():
            console.print(
                f"The database already has {Case.objects.count():,} cases; not simulating again."
            )
            adopted = adopt_cases(PERSONAS)
            if adopted:
                console.print(f"Gave existing cases to: {', '.join(adopted)}.")
        else:
            self._simulate(console, options, now=now)

        self._forecast(console, now=now)

        url = f"http://{options['host']}:{options['port']}/"
        self._print_logins(console, logins, url)
        if options["no_serve"]:
            return
        stop = start_demo_background()
        try:
            call_command(
                "serve", host=options["host"], port=options["port"], threads=options["threads"]
            )
        finally:
            stop.set()

    def _forecast(self, console: Console, *, now: dt.datetime) -> None:
        with console.status("Forecasting: training on decided cases, scoring open ones...") as s:
            try:
                result = forecasts_refresh(
                    now=now, progress=lambda step: s.update(f"Forecasting: {step}...")
                )
            except RefreshAlreadyRunningError as exc:
                # Another process refreshes this database; the demo serves what it stores.
                console.print(f"[yellow]Forecasts: {exc}.[/]")
                return
            # Simulated applicants have no account, so the refresh could only alert teams;
            # one persona now takes an at-risk case and gets the applicant's notice.
            late = adopt_late_case(LATE_PERSONA, today=timezone.localdate(now))
            notices = result.notices_sent + delay_notices_send(now=now)
            # The day's reminders and "the legal date has passed" messages, as the daily job
            # writes them; held a few minutes like every update, then sent by the served
            # demo's background loop (or by `loket outbox`).
            daily = updates_daily_send(now=now)
            deliver_due_messages()  # the new notices and anything a retry left behind
        delivered = Message.objects.filter(status=MessageStatus.DELIVERED).count()
        console.print(
            f"Forecasts: {result.cases_scored:,} open cases scored ({result.reason}); "
            f"{notices} new delay notices to applicants; {delivered:,} messages delivered "
            f"in all (demo e-mail is written to {settings.EMAIL_FILE_PATH})."
        )
        # The same counts as the staff pages and the teams' digests (the simulation's table
        # above counts due dates, not forecasts).
        console.print(work_lists_line(now))
        console.print(
            f"Today's messages to applicants: {daily.reminders} reply reminders, "
            f"{daily.legal_dates_passed} 'legal date passed' (sent a few minutes after start)."
        )
        if late is None:
            console.print(f"No open case is at risk, so {LATE_PERSONA.username} has no case.")

    def _simulate(self, console: Console, options: dict[str, Any], *, now: dt.datetime) -> None:
        config, missing = config_from_catalogue(DEFAULT_CONFIG)
        if missing:
            console.print(f"[yellow]Not in the catalogue, left out:[/] {', '.join(missing)}")
        days: int = options["days"]
        with progress_bar(console) as progress:
            task = progress.add_task("Simulating a year of the service", total=days)
            result = simulate(
                config,
                days=days,
                seed=options["seed"],
                scale=options["scale"],
                now=now,
                on_day=lambda day: progress.update(task, completed=day),
            )
            assign_applicants(result, choose_cases(result))
            load = progress.add_task("Loading cases into the database", total=len(result.cases))
            try:
                simulation_load(result.cases, on_chunk=lambda n: progress.advance(load, n))
            except CaseRuleError as error:
                raise CommandError(f"The simulated events were refused: {error}") from error
        console.print(summary_table(result))
        console.print(backlog_line(result))

    def _print_logins(self, console: Console, logins: list[Login], url: str) -> None:
        table = Table(title="Demo logins (local demo only)")
        for header in ("username", "password", "who", "cases"):
            table.add_column(header)
        for login in logins:
            refs = ", ".join(
                Case.objects.filter(applicant__username=login.username)
                .order_by("reference")
                .values_list("reference", flat=True)
            )
            table.add_row(login.username, login.password, login.role, refs)
        console.print(table)
        console.print(f"Loket: {url}  (admin: {url}admin/)")
