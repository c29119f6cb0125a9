"""One small simulated year shared by the model tests (the model is pure, so it is reused)."""

from __future__ import annotations

import datetime as dt

import pytest

from loket.kernel.time import AMSTERDAM
from loket.simulation.model import simulate
from loket.simulation.result import SimulationResult

NOW = dt.datetime(2026, 11, 22, 7, 30, tzinfo=AMSTERDAM)


@pytest.fixture(scope="session")
def year() -> SimulationResult:
    return simulate(days=365, seed=7, scale=0.01, now=NOW)
