from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def simulated_service(db: None) -> None:
    """A small simulated service: about 600 cases over 150 days, a quarter still open."""
    call_command(
        "simulate", "--days", "150", "--seed", "3", "--scale", "0.005", "--now", NOW.isoformat()
    )
