"""Rich renderings shared by ``loket simulate`` and ``loket demo``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from io import TextIOBase
from typing import IO, cast

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from loket.simulation.result import SimulationResult


def console_for(stream: IO[str] | TextIOBase) -> Console:
    """A rich console on a command's stdout (Django's OutputWrapper is a TextIOBase)."""
    # Files and pipes get a fixed width, wide enough for the summary table.
    is_tty = getattr(stream, "isatty", lambda: False)()
    return Console(file=cast(IO[str], stream), highlight=False, width=None if is_tty else 120)


@contextmanager
def progress_bar(console: Console) -> Iterator[Progress]:
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    with progress:
        yield progress


def summary_table(result: SimulationResult) -> Table:
    table = Table(
        title=(
            f"Simulated {result.days} days to {result.end:%Y-%m-%d} "
            f"(seed {result.seed}, scale {result.scale:g})"
        ),
        caption=(
            "due in 14 d: open, legal decision date within 14 days; past due: open, date "
            "passed (waiting cases too). The staff work lists count 'at risk' by forecast "
            "and 'overdue' without waiting cases (loket forecast refresh prints those)."
        ),
    )
    for header in (
        "product",
        "cases",
        "expert",
        "open",
        "granted",
        "refused",
        "withdrawn",
        "due in 14 d",
        "past due",
        "events",
    ):
        table.add_column(header, justify="left" if header == "product" else "right")
    totals = [0] * 9
    for row in result.summary().values():
        values = [
            row.cases,
            row.expert,
            row.open,
            row.granted,
            row.refused,
            row.withdrawn,
            row.at_risk,
            row.overdue,
            row.events,
        ]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        expert = f"{row.expert} ({row.expert / row.cases:.0%})" if row.cases else "0"
        table.add_row(row.product, str(row.cases), expert, *map(str, values[2:]))
    table.add_row("total", *map(str, totals), style="bold")
    return table


def backlog_line(result: SimulationResult) -> str:
    start, end = result.open_on(result.start), result.open_on(result.end)
    trend = "grew" if end > start else "shrank" if end < start else "held"
    return f"Backlog (open cases): {start:,} at the start, {end:,} now; it {trend}."
