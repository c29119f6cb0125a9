"""Probability of a positive outcome (e.g. a grant) for a case prefix: the optional hook.

Same prefix and process-state features as the remaining-time engine; a LightGBM binary
model fitted on older cases, then its probabilities are recalibrated (Platt: a logistic
regression on the model's log-odds) on the most recent fifth, because the grant rate drifts with policy and the raw scores of boosted trees
are not probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from loket.lib.eventlogs.model import EventLog, FloatArray, IntArray

from .engine import BLEND_TOLERANCE, BLEND_WEIGHTS, CALIBRATION_FRACTION, NUM_THREADS
from .features import FeatureSpec, ProcessState, build_features
from .prefixes import prefix_index

BoolArray = npt.NDArray[np.bool_]


class OutcomeDataError(ValueError):
    """The cases cannot train an outcome model (one of the parts has a single outcome)."""


def first_activities(log: EventLog, case_idx: IntArray) -> npt.NDArray[np.str_]:
    """Each case's first activity: its type (in Loket, product and track)."""
    names = np.asarray(log.activities, dtype=str)
    return names[log.activity[log.offsets[case_idx]]] if len(case_idx) else np.zeros(0, str)


class PerKRate:
    """An outcome baseline: the share of positive training prefixes of the same length k
    (nearest shorter k seen, else the overall share)."""

    def __init__(self, k: IntArray, positive: FloatArray) -> None:
        self.ks = np.unique(k)
        self.rates = np.array([float(positive[k == kk].mean()) for kk in self.ks])
        self.overall = float(positive.mean()) if len(positive) else 0.5

    def predict(self, k: IntArray) -> FloatArray:
        if len(self.ks) == 0:
            return np.full(len(k), self.overall)
        pos = np.searchsorted(self.ks, k, side="right") - 1
        return np.asarray(
            np.where(pos < 0, self.rates[0], self.rates[np.clip(pos, 0, None)]), dtype=np.float64
        )

    def rates_for(self, log: EventLog, case_idx: IntArray, k: IntArray) -> FloatArray:
        return self.predict(k)


class PerTypeRate:
    """An outcome baseline: the share of positive training prefixes per case type (first
    activity), smoothed with one pseudo-case each way: the grant share per product and
    track that Loket showed before it had a model."""

    def __init__(self, types: npt.NDArray[np.str_], positive: FloatArray) -> None:
        self.overall = float(positive.mean()) if len(positive) else 0.5
        self.rates = {
            str(t): float((positive[types == t].sum() + 1) / ((types == t).sum() + 2))
            for t in np.unique(types)
        }

    def rates_for(self, log: EventLog, case_idx: IntArray, k: IntArray) -> FloatArray:
        types = first_activities(log, case_idx)
        return np.array([self.rates.get(str(t), self.overall) for t in types], dtype=np.float64)


RateBaseline = PerKRate | PerTypeRate


@dataclass
class OutcomeModel:
    """Picklable outcome model: booster, Platt calibrator, the baseline rate it is blended
    with, and the feature vocabulary."""

    spec: FeatureSpec
    booster: lgb.Booster
    calibrator: LogisticRegression
    base_rate: float
    diagnostics: dict[str, Any]
    baseline: RateBaseline | None = None  # the better of per-k and per-type on held-out
    blend: float = 1.0  # weight of the model against ``baseline``

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Models stored before the per-type baseline kept their hedge under ``per_k``.
        if "per_k" in state and "baseline" not in state:
            state["baseline"] = state.pop("per_k")
        self.__dict__.update(state)


def train_outcome(
    log: EventLog,
    positive: BoolArray,
    *,
    seed: int = 0,
    state: ProcessState | None = None,
    k_min: int = 1,
    max_k: IntArray | None = None,
) -> OutcomeModel:
    """Fit on completed cases of ``log``; ``positive[i]`` is case i's outcome.

    ``max_k[i]`` caps case i's prefixes (the prefixes before its outcome became visible).
    """
    if state is None:
        state = ProcessState.from_log(log)
    cases = np.flatnonzero(log.lengths >= k_min + 1)
    cases = cases[np.argsort(log.case_start[cases], kind="stable")]
    n_cal = max(1, round(len(cases) * CALIBRATION_FRACTION))
    fit_cases, cal_cases = cases[:-n_cal], cases[-n_cal:]
    spec = FeatureSpec.fit(log.subset(fit_cases))
    fc, fk = _capped(log, fit_cases, k_min, max_k)
    cc, ck = _capped(log, cal_cases, k_min, max_k)
    x, xc = build_features(log, fc, fk, spec, state), build_features(log, cc, ck, spec, state)
    y, yc = positive[fc].astype(np.float64), positive[cc].astype(np.float64)
    for part, labels in (("older", y), ("most recent", yc)):
        if len(np.unique(labels)) < 2:
            raise OutcomeDataError(
                f"the {part} cases have only one outcome, so there is nothing to learn or "
                "calibrate; wait for more decisions of both kinds"
            )
    params = {
        "objective": "binary",
        "learning_rate": 0.05,
        "num_leaves": 31,
        "min_data_in_leaf": 50,
        "feature_fraction": 0.8,
        "bagging_fraction": 0.8,
        "bagging_freq": 1,
        "deterministic": True,
        "force_row_wise": True,
        "num_threads": NUM_THREADS,
        "seed": seed,
        "verbose": -1,
    }
    train_set = lgb.Dataset(x, y, feature_name=spec.names, categorical_feature=spec.categorical)
    valid = lgb.Dataset(xc, yc, reference=train_set)
    booster = lgb.train(
        params,
        train_set,
        num_boost_round=1000,
        valid_sets=[valid],
        callbacks=[lgb.early_stopping(50, verbose=False)],
    )
    raw = np.asarray(booster.predict(xc, num_threads=NUM_THREADS), dtype=np.float64)
    calibrator = LogisticRegression(C=1.0).fit(_logit(raw), yc.astype(np.int64))
    # The hedge, as for remaining time: on the held-out fifth, the smallest weight of the
    # model against the per-k rate whose Brier score is within 1% of the best. The held-out
    # probabilities come from a cross-fitted calibrator, so the calibrator's own fit does
    # not flatter the model.
    # The baseline to hedge against: the share per prefix length, or the share per case
    # type (what the product showed before), whichever was better on the held-out fifth.
    baselines: dict[str, RateBaseline] = {
        "per-k": PerKRate(fk, y),
        "per-type": PerTypeRate(first_activities(log, fc), y),
    }
    baseline_briers = {
        name: float(np.mean((b.rates_for(log, cc, ck) - yc) ** 2)) for name, b in baselines.items()
    }
    chosen = min(baseline_briers, key=lambda name: baseline_briers[name])
    p = _cross_fitted(raw, yc)
    base = baselines[chosen].rates_for(log, cc, ck)
    briers = {w: float(np.mean((w * p + (1 - w) * base - yc) ** 2)) for w in BLEND_WEIGHTS}
    best = min(briers.values())
    blend = min(w for w in BLEND_WEIGHTS if briers[w] <= best * (1.0 + BLEND_TOLERANCE))
    return OutcomeModel(
        spec=spec,
        booster=booster,
        calibrator=calibrator,
        base_rate=float(y.mean()) if len(y) else 0.5,
        diagnostics={
            "baseline": chosen,
            "baseline_brier_held_out": baseline_briers,
            "brier_by_blend_held_out": briers,
            "blend": blend,
            "best_iteration": int(booster.best_iteration),
        },
        baseline=baselines[chosen],
        blend=blend,
    )


def _cross_fitted(raw: FloatArray, y: FloatArray) -> FloatArray:
    """Held-out Platt probabilities: each fold calibrated on the other folds."""
    labels = y.astype(np.int64)
    folds = min(5, int(np.bincount(labels, minlength=2).min()))
    if folds < 2:
        return np.full(len(y), float(y.mean()) if len(y) else 0.5)
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    p = cross_val_predict(
        LogisticRegression(C=1.0), _logit(raw), labels, cv=cv, method="predict_proba"
    )
    return np.asarray(p[:, 1], dtype=np.float64)


def predict_outcome(
    model: OutcomeModel,
    log: EventLog,
    case_idx: IntArray | None = None,
    k: IntArray | None = None,
    *,
    state: ProcessState | None = None,
) -> FloatArray:
    """Probability of a positive outcome per prefix (all cases at full length by default)."""
    if case_idx is None or k is None:
        case_idx = np.arange(log.n_cases, dtype=np.int64)
        k = log.lengths.astype(np.int64)
    if state is None:
        state = ProcessState.from_log(log, completed=np.zeros(log.n_cases, dtype=np.bool_))
    x = build_features(log, case_idx, k, model.spec, state)
    raw = np.asarray(model.booster.predict(x, num_threads=NUM_THREADS), dtype=np.float64)
    p = np.asarray(model.calibrator.predict_proba(_logit(raw))[:, 1], dtype=np.float64)
    if model.baseline is None or model.blend >= 1.0:
        return p
    base = model.baseline.rates_for(log, case_idx, k)
    return np.asarray(model.blend * p + (1.0 - model.blend) * base, dtype=np.float64)


def _capped(
    log: EventLog, cases: IntArray, k_min: int, max_k: IntArray | None
) -> tuple[IntArray, IntArray]:
    c, k = prefix_index(log, cases, k_min=k_min)
    if max_k is None:
        return c, k
    keep = k <= max_k[c]
    return c[keep], k[keep]


def _logit(p: FloatArray) -> FloatArray:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(q / (1 - q)).reshape(-1, 1), dtype=np.float64)
