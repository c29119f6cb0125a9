"""The coverage's sampling interval resamples whole test cases, not prefixes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from loket.lib.backtests.backtest import case_bootstrap_interval


def _cases(n_cases: int, prefixes_each: int, share_inside: float) -> tuple[np.ndarray, np.ndarray]:
    ids = np.repeat(np.arange(n_cases), prefixes_each)
    hit_cases = np.arange(n_cases) < round(n_cases * share_inside)
    return np.repeat(hit_cases, prefixes_each), ids


def test_interval_matches_the_binomial_width_for_independent_cases() -> None:
    inside, ids = _cases(400, 1, 0.8)
    low, high = case_bootstrap_interval(inside, ids, seed=0)
    half = 1.645 * math.sqrt(0.8 * 0.2 / 400)  # normal approximation, 90%
    assert low == pytest.approx(0.8 - half, abs=0.01)
    assert high == pytest.approx(0.8 + half, abs=0.01)


def test_prefixes_of_one_case_are_not_independent_evidence() -> None:
    one_each = case_bootstrap_interval(*_cases(100, 1, 0.8), seed=0)
    ten_each = case_bootstrap_interval(*_cases(100, 10, 0.8), seed=0)
    # Ten copies of each case's fate say no more than one: the interval stays as wide
    # (treating the 1,000 prefixes as independent would shrink it by sqrt(10)).
    assert ten_each[1] - ten_each[0] == pytest.approx(one_each[1] - one_each[0], abs=0.02)
    assert ten_each[1] - ten_each[0] > 0.1


def test_interval_is_deterministic_for_a_seed_and_degenerate_when_all_inside() -> None:
    inside, ids = _cases(150, 3, 0.7)
    assert case_bootstrap_interval(inside, ids, seed=5) == case_bootstrap_interval(
        inside, ids, seed=5
    )
    assert case_bootstrap_interval(*_cases(50, 2, 1.0), seed=0) == (1.0, 1.0)
