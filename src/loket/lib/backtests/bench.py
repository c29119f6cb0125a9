"""Speed benchmark: train on ~2 million synthetic events, score 200,000 open cases.

Run: ``uv run python -m loket.lib.backtests.bench [--events N] [--open N] [--repeats R]``.
Prints median wall time of the repeats and the peak memory (process max RSS from
``getrusage``; numpy allocations via tracemalloc). Synthetic data, so it needs no files.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
import tracemalloc

import numpy as np

from loket.lib.forecasting.engine import NUM_THREADS, predict, train
from loket.lib.forecasting.features import ProcessState
from loket.lib.forecasting.synthetic import synthetic_log

EVENTS_PER_CASE = 22.0 / 3.0  # mean length of synthetic_log's three case kinds


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=2_000_000)
    parser.add_argument("--open", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--train-repeats", type=int, default=None)
    args = parser.parse_args(argv)

    n_cases = int(args.events / EVENTS_PER_CASE)
    log = synthetic_log(n_cases, seed=1)
    state = ProcessState.from_log(log)
    print(f"training log: {log.n_cases:,} cases, {log.n_events:,} events; threads {NUM_THREADS}")

    tracemalloc.start()
    train_times = []
    model = None
    for r in range(args.train_repeats or args.repeats):
        t0 = time.perf_counter()
        model = train(log, seed=r, state=state)
        train_times.append(time.perf_counter() - t0)
        d = model.diagnostics
        print(
            f"  train run {r + 1}: {train_times[-1]:.1f}s {d['best_iterations']}; "
            f"case types used: {d['case_types']} (held-out MAE {d['case_type_mae_days']})"
        )
    _, train_peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    assert model is not None

    # Open cases: a separate stretch of the process, each cut at a random length.
    open_full = synthetic_log(args.open, seed=2, start=float(log.timestamp.max()))
    rng = np.random.default_rng(0)
    cut = 1 + (rng.random(open_full.n_cases) * (open_full.lengths - 1)).astype(np.int64)
    open_log = open_full.truncate(cut)
    open_state = ProcessState.from_logs(log, open_log)
    score_times = []
    for r in range(args.repeats):
        t0 = time.perf_counter()
        f = predict(model, open_log, state=open_state)
        score_times.append(time.perf_counter() - t0)
        print(f"  score run {r + 1}: {score_times[-1]:.2f}s for {len(f.median):,} open cases")
    _, score_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"train: median {statistics.median(train_times):.1f}s over {len(train_times)} runs; "
        f"numpy peak {train_peak / 2**20:.0f} MiB\n"
        f"score {open_log.n_cases:,} open cases ({open_log.n_events:,} events): median "
        f"{statistics.median(score_times):.2f}s over {len(score_times)} runs; "
        f"numpy peak {score_peak / 2**20:.0f} MiB\n"
        f"process max RSS {_rss_mib():.0f} MiB"
    )


if __name__ == "__main__":
    main()
