"""Per-type queue features: each kind of case (its first activity) has its own backlog."""

from __future__ import annotations

import numpy as np
import pytest

from loket.lib.eventlogs.model import EventLog, EventLogBuilder
from loket.lib.forecasting.features import (
    MIN_CASE_TYPE_CASES,
    FeatureSpec,
    ProcessState,
    build_features,
)
from loket.lib.forecasting.prefixes import DAY


def _two_queues() -> EventLog:
    """``family`` cases pile up (one a day, none finished yet); ``study`` cases are done in a
    day. Every case has three events so each has a prefix at k = 2."""
    b = EventLogBuilder()
    for i in range(MIN_CASE_TYPE_CASES + 10):
        start = i * DAY
        b.add_event(f"f{i}", "received:family", start)
        b.add_event(f"f{i}", "check", start + 0.5 * DAY)
        b.add_event(f"f{i}", "decided", start + 400 * DAY)
        b.add_event(f"s{i}", "received:study", start)
        b.add_event(f"s{i}", "check", start + 0.25 * DAY)
        b.add_event(f"s{i}", "decided", start + 1 * DAY)
    return b.build()


def _column(log: EventLog, state: ProcessState, name: str, case: str) -> float:
    spec = FeatureSpec.fit(log)
    idx = log.case_ids.index(case)
    x = build_features(
        log, np.array([idx], dtype=np.int64), np.array([2], dtype=np.int64), spec, state
    )
    return float(x[0, spec.names.index(name)])


def test_each_type_sees_its_own_backlog() -> None:
    log = _two_queues()
    state = ProcessState.from_log(log)
    # At day 30.5, family cases 0..30 have started and none has finished.
    assert _column(log, state, "type_open_cases", "f30") == 31
    assert _column(log, state, "type_completions_30d", "f30") == 0
    # Study cases finish the next day: at day 30.25 only case 30 itself is open.
    assert _column(log, state, "type_open_cases", "s30") == 1
    assert _column(log, state, "type_completions_30d", "s30") == 30
    # The process-wide backlog mixes both queues.
    assert _column(log, state, "open_cases", "s30") == 32


def test_live_state_counts_open_cases_of_each_type() -> None:
    log = _two_queues()
    family = [i for i, c in enumerate(log.case_ids) if c.startswith("f")]
    study = [i for i, c in enumerate(log.case_ids) if c.startswith("s")]
    state = ProcessState.from_logs(
        log.subset(np.array(study, dtype=np.int64)), log.subset(np.array(family, dtype=np.int64))
    )
    assert set(state.by_type) == {"received:family", "received:study"}
    starts, ends = state.by_type["received:family"]
    assert len(starts) == len(family)
    assert len(ends) == 0  # open cases have no end


def test_a_single_type_process_has_no_type_features() -> None:
    b = EventLogBuilder()
    for i in range(50):
        for j, act in enumerate(("a", "b", "c")):
            b.add_event(str(i), act, i * DAY + j * DAY)
    log = b.build()
    state = ProcessState.from_log(log)
    assert state.by_type == {}
    assert np.isnan(_column(log, state, "type_open_cases", "10"))


def _queues_with_shifting_load(seed: int = 3) -> EventLog:
    """Two case types. ``family`` goes through one FIFO desk that handles one case a day;
    its arrivals swing between 1.6 and 0.4 a day every 40 days, so its wait rises and falls
    with its own queue. ``study`` cases (three a day) take 1-3 days whatever happens, so the
    process-wide backlog is mostly study noise and only the family queue says how long a
    family case will wait."""
    rng = np.random.default_rng(seed)
    b = EventLogBuilder()
    desk_free = 0.0
    t = 0.0
    n = 0
    while t < 400:
        rate = 1.6 if int(t // 40) % 2 == 0 else 0.4
        t += rng.exponential(1 / rate)
        start_service = max(desk_free, t + 0.1)
        desk_free = start_service + 1.0
        for label, at in (
            ("received:family", t),
            ("registered", t + 0.1),
            ("started", start_service),
            ("decided", desk_free),
        ):
            b.add_event(f"f{n}", label, at * DAY)
        n += 1
    for i, start in enumerate(np.sort(rng.uniform(0, 400, 1200))):
        took = rng.uniform(1, 3)
        for label, at in (
            ("received:study", start),
            ("registered", start + 0.1),
            ("started", start + 0.5),
            ("decided", start + took),
        ):
            b.add_event(f"s{i}", label, at * DAY)
    return b.build()


@pytest.mark.slow
def test_the_engine_keeps_type_queues_only_where_they_help() -> None:
    from loket.lib.forecasting.engine import train

    model = train(_queues_with_shifting_load(), seed=0)
    assert model.case_types
    maes = model.diagnostics["case_type_mae_days"]
    assert maes["with"] < maes["without"]

    b = EventLogBuilder()
    for i in range(300):
        for j, act in enumerate(("a", "b", "c", "d")):
            b.add_event(str(i), act, (i + j * (1 + i % 5)) * DAY)
    single = train(b.build(), seed=0)
    assert not single.case_types
    assert single.diagnostics["case_type_mae_days"] == {}
