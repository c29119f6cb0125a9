"""The outcome-probability backtest: labels, the prefixes it scores, and what it reports."""

from __future__ import annotations

import numpy as np
import pytest

from loket.lib.backtests.backtest import run_backtest
from loket.lib.backtests.outcome_backtest import OutcomeSpecError, open_prefixes, outcome_labels
from loket.lib.eventlogs.model import EventLog, EventLogBuilder
from loket.lib.forecasting.prefixes import DAY


def _small() -> EventLog:
    b = EventLogBuilder()
    for case, acts in {
        "yes": ["submit", "check", "approve", "pay"],
        "no": ["submit", "decline"],
        "late-no": ["submit", "check", "check", "cancel", "approve"],  # the first one counts
        "open": ["submit", "check", "check"],
    }.items():
        for i, act in enumerate(acts):
            b.add_event(case, act, i * DAY)
    return b.build()


def test_labels_take_the_first_outcome_event_and_leave_unknown_cases_out() -> None:
    log = _small()
    labels = outcome_labels(log, ("approve",), ("decline", "cancel"))
    ids = log.case_ids
    assert labels.known[[ids.index(c) for c in ("yes", "no", "late-no")]].all()
    assert not labels.known[ids.index("open")]
    assert labels.positive[ids.index("yes")]
    assert not labels.positive[ids.index("late-no")]
    assert labels.outcome_at[ids.index("yes")] == 3  # 1-based position of "approve"
    assert labels.outcome_at[ids.index("open")] == 4  # n + 1: no outcome


def test_only_prefixes_before_the_outcome_are_scored() -> None:
    log = _small()
    labels = outcome_labels(log, ("approve",), ("decline", "cancel"))
    yes = log.case_ids.index("yes")
    _cases, k = open_prefixes(log, np.array([yes]), labels)
    assert k.tolist() == [2]  # k = 3 already contains "approve"


def test_unknown_or_overlapping_activities_are_named() -> None:
    log = _small()
    with pytest.raises(OutcomeSpecError, match="no activity called 'granted'"):
        outcome_labels(log, ("granted",), ("decline",))
    with pytest.raises(OutcomeSpecError, match="both a positive and a negative"):
        outcome_labels(log, ("approve",), ("approve",))


def _loans(n: int = 900, seed: int = 4) -> EventLog:
    """Applications from two channels: "web" ones are approved 80% of the time, "desk" ones
    25%, and the channel is the first activity; the outcome comes after 2-4 checks."""
    rng = np.random.default_rng(seed)
    b = EventLogBuilder()
    for i in range(n):
        web = rng.random() < 0.5
        t = i * 0.3 * DAY
        acts = ["apply:web" if web else "apply:desk"] + ["check"] * int(rng.integers(2, 5))
        acts.append("approve" if rng.random() < (0.8 if web else 0.25) else "decline")
        acts.append("close")
        for act in acts:
            b.add_event(f"c{i}", act, t)
            t += float(rng.exponential(DAY))
    return b.build()


def test_the_model_beats_the_base_rate_where_the_outcome_is_predictable() -> None:
    result, _ = run_backtest(_loans(), seed=0, outcome=(("approve",), ("decline",)))
    o = result.outcome
    assert o is not None
    assert o["test_cases"] == 180
    assert o["model"]["brier"] < 0.9 * o["base_rate"]["brier"]
    assert o["model"]["auc"] > 0.7
    assert o["model"]["ece"] < 0.1
    # The channel (first activity) decides the odds, so the per-type share is the baseline
    # to beat, and the engine hedges against it rather than against the per-k share.
    assert o["per_type_rate"]["brier"] < o["per_k_rate"]["brier"]
    assert o["diagnostics"]["baseline"] == "per-type"
    first = run_backtest(_loans(), seed=0, outcome=(("approve",), ("decline",)))[0].outcome
    assert first == o  # deterministic for a seed


def test_a_model_stored_before_the_per_type_baseline_keeps_its_hedge() -> None:
    import pickle

    from loket.lib.forecasting.outcome import OutcomeModel, PerKRate

    old = OutcomeModel.__new__(OutcomeModel)
    per_k = PerKRate(np.array([2, 3]), np.array([0.0, 1.0]))
    old.__dict__.update(
        spec=None,
        booster=None,
        calibrator=None,
        base_rate=0.5,
        diagnostics={},
        per_k=per_k,
        blend=0.0,
    )
    state = old.__dict__.copy()
    restored = OutcomeModel.__new__(OutcomeModel)
    restored.__setstate__(state)
    assert restored.baseline is per_k
    assert "per_k" not in restored.__dict__
    assert pickle.loads(pickle.dumps(per_k)).overall == 0.5
