"""Backtest of the outcome probability (``loket forecast backtest --positive-activity``).

Same cases and split as the remaining-time protocol. A case's outcome is its first event
whose activity is one of the positive or negative activities named (in BPIC 2012:
``A_APPROVED`` against ``A_DECLINED`` and ``A_CANCELLED``); cases with neither are left
out. The probability is asked at every prefix k = 2 .. n-1 that does not yet contain that
event (once it has happened there is nothing to predict), and scored with the Brier score,
log loss, AUC and expected calibration error, beside two baselines that need no model: the
share of positive prefixes in training, that share per prefix length k, and that share per
case type (first activity; in Loket the product and track, Loket's rule before the model).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.metrics import log_loss, roc_auc_score

from loket.lib.eventlogs.model import EventLog, FloatArray, IntArray
from loket.lib.forecasting.features import ProcessState
from loket.lib.forecasting.outcome import (
    BoolArray,
    PerKRate,
    PerTypeRate,
    first_activities,
    predict_outcome,
    train_outcome,
)
from loket.lib.forecasting.prefixes import prefix_index

CALIBRATION_BINS = 10


class OutcomeSpecError(ValueError):
    """The outcome activities do not fit the log (unknown, overlapping, one class only)."""


@dataclass(frozen=True)
class OutcomeLabels:
    """Per case: whether its outcome is known, whether it is positive, and the 1-based
    position of the outcome event (n + 1 where there is none)."""

    known: BoolArray
    positive: BoolArray
    outcome_at: IntArray


def outcome_labels(
    log: EventLog, positive: tuple[str, ...], negative: tuple[str, ...]
) -> OutcomeLabels:
    unknown = sorted(set(positive + negative) - set(log.activities))
    if unknown:
        raise OutcomeSpecError(
            f"no activity called {', '.join(map(repr, unknown))} in this log; its activities "
            f"include {', '.join(map(repr, log.activities[:8]))}"
        )
    if set(positive) & set(negative):
        raise OutcomeSpecError("an activity cannot be both a positive and a negative outcome")
    code = {a: i for i, a in enumerate(log.activities)}
    pos = np.isin(log.activity, [code[a] for a in positive])
    marked = pos | np.isin(log.activity, [code[a] for a in negative])
    case_of = np.repeat(np.arange(log.n_cases), log.lengths)
    position = np.arange(log.n_events) - log.offsets[case_of]  # 0-based within the case
    first = np.full(log.n_cases, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, case_of[marked], position[marked])
    known = first < np.iinfo(np.int64).max
    at = np.where(known, first + 1, log.lengths + 1).astype(np.int64)
    is_pos = np.zeros(log.n_cases, dtype=np.bool_)
    is_pos[known] = pos[log.offsets[:-1][known] + first[known]]
    return OutcomeLabels(known=known, positive=is_pos, outcome_at=at)


def open_prefixes(
    log: EventLog, cases: IntArray, labels: OutcomeLabels
) -> tuple[IntArray, IntArray]:
    """Prefixes k = 2 .. n-1 of ``cases`` that do not contain the outcome event yet."""
    c, k = prefix_index(log, cases)
    keep = k < labels.outcome_at[c]
    return c[keep], k[keep]


def _ece(p: FloatArray, y: FloatArray) -> tuple[float, list[dict[str, float]]]:
    edges = np.linspace(0.0, 1.0, CALIBRATION_BINS + 1)
    which = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, CALIBRATION_BINS - 1)
    table, gap = [], 0.0
    for b in range(CALIBRATION_BINS):
        sel = which == b
        if not sel.any():
            continue
        gap += sel.mean() * abs(p[sel].mean() - y[sel].mean())
        table.append(
            {
                "bin": b,
                "n": int(sel.sum()),
                "predicted": float(p[sel].mean()),
                "observed": float(y[sel].mean()),
            }
        )
    return float(gap), table


def _scores(p: FloatArray, y: FloatArray) -> dict[str, float]:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    out = {
        "brier": float(np.mean((p - y) ** 2)),
        "log_loss": float(log_loss(y, q, labels=[0, 1])),
    }
    out["auc"] = float(roc_auc_score(y, p)) if 0 < y.mean() < 1 else float("nan")
    return out


def outcome_backtest(
    prepared: EventLog,
    train_cases: IntArray,
    test_cases: IntArray,
    *,
    positive: tuple[str, ...],
    negative: tuple[str, ...],
    state: ProcessState,
    seed: int,
) -> dict[str, Any]:
    """Train on ``train_cases`` with a known outcome, score the open test prefixes."""
    labels = outcome_labels(prepared, positive, negative)
    train_known = train_cases[labels.known[train_cases]]
    test_known = test_cases[labels.known[test_cases]]
    if len(np.unique(labels.positive[train_known])) < 2:
        raise OutcomeSpecError("the training cases have only one outcome; nothing to learn")
    train_log = prepared.subset(train_known)
    sub = OutcomeLabels(
        known=labels.known[train_known],
        positive=labels.positive[train_known],
        outcome_at=labels.outcome_at[train_known],
    )
    model = train_outcome(
        train_log, sub.positive, seed=seed, state=state, k_min=2, max_k=sub.outcome_at - 1
    )
    tc, tk = open_prefixes(prepared, test_known, labels)
    y = labels.positive[tc].astype(np.float64)
    p = predict_outcome(model, prepared, tc, tk, state=state)
    trc, trk = open_prefixes(train_log, np.arange(train_log.n_cases), sub)
    ytr = sub.positive[trc].astype(np.float64)
    base = np.full(len(y), ytr.mean())
    per_k = PerKRate(trk, ytr).predict(tk)
    per_type = PerTypeRate(first_activities(train_log, trc), ytr).rates_for(prepared, tc, tk)
    ece, table = _ece(p, y)
    return {
        "positive_activities": list(positive),
        "negative_activities": list(negative),
        "train_cases": len(train_known),
        "test_cases": len(test_known),
        "test_prefixes": len(y),
        "positive_share_test": float(y.mean()) if len(y) else float("nan"),
        "model": {**_scores(p, y), "ece": ece},
        "base_rate": {**_scores(base, y), "ece": _ece(base, y)[0]},
        "per_k_rate": {**_scores(per_k, y), "ece": _ece(per_k, y)[0]},
        "per_type_rate": {**_scores(per_type, y), "ece": _ece(per_type, y)[0]},
        "calibration": table,
        "diagnostics": model.diagnostics,
    }
