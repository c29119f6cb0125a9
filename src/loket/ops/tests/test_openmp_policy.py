"""Loket sets how OpenMP threads wait before LightGBM can load OpenMP (loket/__init__.py)."""

from __future__ import annotations

import os
import subprocess
import sys


def _policy_seen_by_a_fresh_process(env: dict[str, str]) -> str:
    code = (
        "import loket, lightgbm, os; "
        "print(os.environ['OMP_WAIT_POLICY'], os.environ['GOMP_SPINCOUNT'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_importing_loket_makes_openmp_threads_wait_passively() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"OMP_WAIT_POLICY", "GOMP_SPINCOUNT"}}
    assert _policy_seen_by_a_fresh_process(env) == "PASSIVE 10000"


def test_an_operators_own_wait_policy_wins() -> None:
    env = {**os.environ, "OMP_WAIT_POLICY": "ACTIVE", "GOMP_SPINCOUNT": "300000"}
    assert _policy_seen_by_a_fresh_process(env) == "ACTIVE 300000"
