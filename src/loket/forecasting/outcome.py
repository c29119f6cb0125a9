"""Probability of a positive outcome (e.g. a grant) for a case prefix: the optional hook.

Same prefix and process-state features as the remaining-time engine; a LightGBM binary
model fitted on older cases, then its probabilities are recalibrated (isotonic) on the most
recent fifth, because the grant rate drifts with policy and the raw scores of boosted trees
are not probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression

from loket.eventlog.model import EventLog, FloatArray, IntArray

from .engine import CALIBRATION_FRACTION, NUM_THREADS
from .features import FeatureSpec, ProcessState, build_features
from .prefixes import prefix_index

BoolArray = npt.NDArray[np.bool_]


@dataclass
class OutcomeModel:
    """Picklable outcome model: booster, isotonic calibrator and the feature vocabulary."""

    spec: FeatureSpec
    booster: lgb.Booster
    calibrator: LogisticRegression
    base_rate: float
    diagnostics: dict[str, Any]


def train_outcome(
    log: EventLog,
    positive: BoolArray,
    *,
    seed: int = 0,
    state: ProcessState | None = None,
    k_min: int = 1,
) -> OutcomeModel:
    """Fit on completed cases of ``log``; ``positive[i]`` is case i's outcome."""
    if state is None:
        state = ProcessState.from_log(log)
    cases = np.flatnonzero(log.lengths >= k_min + 1)
    cases = cases[np.argsort(log.case_start[cases], kind="stable")]
    n_cal = max(1, round(len(cases) * CALIBRATION_FRACTION))
    fit_cases, cal_cases = cases[:-n_cal], cases[-n_cal:]
    spec = FeatureSpec.fit(log.subset(fit_cases))
    fc, fk = prefix_index(log, fit_cases, k_min=k_min)
    cc, ck = prefix_index(log, cal_cases, k_min=k_min)
    x, xc = build_features(log, fc, fk, spec, state), build_features(log, cc, ck, spec, state)
    y, yc = positive[fc].astype(np.float64), positive[cc].astype(np.float64)
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
    p = calibrator.predict_proba(_logit(raw))[:, 1]
    return OutcomeModel(
        spec=spec,
        booster=booster,
        calibrator=calibrator,
        base_rate=float(y.mean()) if len(y) else 0.5,
        diagnostics={
            "brier_calibration_set": float(np.mean((p - yc) ** 2)),
            "best_iteration": int(booster.best_iteration),
        },
    )


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
    return np.asarray(model.calibrator.predict_proba(_logit(raw))[:, 1], dtype=np.float64)


def _logit(p: FloatArray) -> FloatArray:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(q / (1 - q)).reshape(-1, 1), dtype=np.float64)
