"""Engine, protocol and baseline on small synthetic and hand-made logs."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from loket.lib.eventlogs.model import EventLog
from loket.lib.forecasting.engine import ForecastModel, predict, train
from loket.lib.forecasting.features import ProcessState
from loket.lib.forecasting.prefixes import DAY, PerKMedian, prefix_index, remaining_days
from loket.lib.forecasting.protocol import prepare, split
from loket.lib.forecasting.synthetic import synthetic_log

Trained = tuple[EventLog, ForecastModel, ProcessState]


def _hand_log() -> EventLog:
    # Case durations in days between events; case "short" has only 2 events (dropped).
    cases = {
        "a": [0, 1, 3, 6],  # k=2: 5 left, k=3: 3 left
        "b": [0, 2, 3],  # k=2: 1 left
        "c": [0, 1, 2],  # k=2: 1 left
        "short": [0, 5],
    }
    ids: list[str] = []
    offsets = [0]
    ts: list[float] = []
    for i, (cid, days) in enumerate(cases.items()):
        ids.append(cid)
        ts.extend(1e9 + i * 10 * DAY + np.array(days) * DAY)
        offsets.append(len(ts))
    n = len(ts)
    return EventLog(
        case_ids=ids,
        offsets=np.array(offsets, dtype=np.int64),
        activity=np.zeros(n, dtype=np.int32),
        timestamp=np.array(ts, dtype=np.float64),
        resource=np.full(n, -1, dtype=np.int32),
        activities=["x"],
        resources=[],
    )


def test_prefixes_targets_and_per_k_median_by_hand() -> None:
    log = prepare(_hand_log())
    assert log.case_ids == ["a", "b", "c"]
    c, k = prefix_index(log, np.arange(log.n_cases))
    assert list(zip(c.tolist(), k.tolist(), strict=True)) == [(0, 2), (0, 3), (1, 2), (2, 2)]
    y = remaining_days(log, c, k)
    assert y.tolist() == [5.0, 3.0, 1.0, 1.0]
    base = PerKMedian(k, y)
    assert base.predict(np.array([2, 3, 9])).tolist() == [1.0, 3.0, 3.0]


def test_split_is_chronological_64_16_20() -> None:
    log = prepare(synthetic_log(100, seed=1))
    parts = split(log)
    assert (len(parts.train), len(parts.validation), len(parts.test)) == (64, 16, 20)
    starts = log.case_start
    assert starts[parts.train].max() <= starts[parts.validation].min()
    assert starts[parts.validation].max() <= starts[parts.test].min()


@pytest.fixture(scope="module")
def trained() -> Trained:
    log = prepare(synthetic_log(1500, seed=7))
    state = ProcessState.from_log(log)
    parts = split(log)
    model = train(log.subset(parts.train_and_validation), seed=3, state=state)
    return log, model, state


def test_intervals_cover_about_80_percent_on_a_stationary_process(trained: Trained) -> None:
    log, model, state = trained
    test = split(log).test
    c, k = prefix_index(log, test)
    y = remaining_days(log, c, k)
    f = predict(model, log, c, k, state=state)
    coverage = float(np.mean((y >= f.lo80) & (y <= f.hi80)))
    assert 0.74 <= coverage <= 0.86, coverage
    assert np.all(f.lo80 <= f.hi80)
    base = model.baseline.predict(k)
    assert np.mean(np.abs(f.median - y)) < np.mean(np.abs(base - y))


@pytest.mark.slow
def test_deterministic_for_a_seed_and_picklable(trained: Trained) -> None:
    log, model, state = trained
    parts = split(log)
    again = train(log.subset(parts.train_and_validation), seed=3, state=state)
    c, k = prefix_index(log, parts.test)
    a = predict(model, log, c, k, state=state)
    b = predict(again, log, c, k, state=state)
    assert np.array_equal(a.median, b.median)
    assert np.array_equal(a.hi80, b.hi80)
    restored = pickle.loads(pickle.dumps(model))
    r = predict(restored, log, c, k, state=state)
    assert np.array_equal(a.median, r.median)


def test_open_cases_are_scored_at_their_current_length(trained: Trained) -> None:
    log, model, _state = trained
    open_log = log.subset(np.arange(50)).truncate(np.full(50, 2))
    f = predict(model, open_log)
    assert f.median.shape == (50,)
    assert np.all(np.isfinite(f.median))
    assert np.all((f.lo80 <= f.median) | (f.median <= f.hi80))


def test_outcome_probability_is_calibrated_on_synthetic_outcomes() -> None:
    from loket.lib.forecasting.outcome import predict_outcome, train_outcome

    log = synthetic_log(4000, seed=11)
    first = log.activity[log.offsets[:-1]]
    rng = np.random.default_rng(0)
    # Cases starting with activity 0 are granted 90% of the time, the others 30%.
    positive = rng.random(log.n_cases) < np.where(first == 0, 0.9, 0.3)
    train_cases = np.arange(3200)
    model = train_outcome(log.subset(train_cases), positive[train_cases], seed=1)
    test = np.arange(3200, 4000)
    c, k = prefix_index(log, test, k_min=1)
    p = predict_outcome(model, log, c, k, state=ProcessState.from_log(log))
    assert np.all((p >= 0) & (p <= 1))
    grp = first[c] == 0
    assert p[grp].mean() == pytest.approx(0.9, abs=0.1)
    assert p[~grp].mean() == pytest.approx(0.3, abs=0.1)


def test_weighted_conformal_quantile_and_recency_weights() -> None:
    from loket.lib.forecasting.engine import conformal_quantile, recency_weights

    scores = np.arange(100, dtype=np.float64)
    # Unweighted: the finite-sample 90% quantile of 0..99 is the 91st value.
    assert conformal_quantile(scores, 0.9, np.ones(100)) == 90.0
    # All weight on the last 10 scores moves the quantile into them.
    w = np.where(scores >= 90, 1.0, 1e-9)
    assert conformal_quantile(scores, 0.9, w) >= 90.0
    times = np.array([0.0, 50.0, 100.0])
    rw = recency_weights(times)
    assert rw[-1] == 1.0
    assert rw[0] == pytest.approx(np.exp(-4.0))
    assert np.all(np.diff(rw) > 0)


def test_observation_weights_mimic_the_extraction_cut() -> None:
    from loket.lib.forecasting.engine import MIN_BUCKET, observation_weights

    starts = np.array([0.0, 100.0])  # calibration window of 100 s
    horizon = 1000.0
    ends = np.repeat(np.array([800.0, 900.0, 950.0, 1000.0]), MIN_BUCKET)
    w = observation_weights(ends, starts, horizon)
    # Ended a full window before the horizon: always seen; at the horizon: never.
    assert np.unique(w).tolist() == [0.0, 0.5, 1.0]
    assert w[ends == 950.0][0] == pytest.approx(0.5)
    # Degenerate windows and horizons that would hide (nearly) everything change nothing.
    assert np.all(observation_weights(ends, np.array([5.0, 5.0]), horizon) == 1.0)
    assert np.all(observation_weights(ends, starts, 0.0) == 1.0)
