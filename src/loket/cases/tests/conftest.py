"""Shared helpers for the case tests: Dutch-time timestamps and small event files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from loket.kernel.time import AMSTERDAM

CsvFile = Callable[..., Path]


def at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    """A timestamp in Dutch time, as the service records it."""
    return dt.datetime(year, month, day, hour, tzinfo=AMSTERDAM)


def write_csv(folder: Path, text: str, name: str = "events.csv") -> Path:
    path = folder / name
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path


@pytest.fixture
def csv_file(tmp_path: Path) -> CsvFile:
    """Write a CSV into the test's folder and return its path."""

    def make(text: str, name: str = "events.csv") -> Path:
        return write_csv(tmp_path, text, name)

    return make
