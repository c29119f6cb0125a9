"""How OpenMP's wait policy changes LightGBM's speed on a machine whose cores are shared.

Loket sets ``OMP_WAIT_POLICY=PASSIVE`` and ``GOMP_SPINCOUNT=10000`` when it is imported (``loket/__init__.py``). This
script fits the engine's median model (its own parameters, 2 threads) on features of the
synthetic process, in a fresh process per run, either with OpenMP's default policy (LightGBM
imported before Loket, so OpenMP has started before Loket could set anything) or with
Loket's, on an otherwise idle machine and beside one busy process (a Python loop standing
for any other work on the machine: CI, the portal, another job), once at the same priority
and once with the fit under ``nice`` (as the backtest commands in BENCHMARKS.md run, and as
a nightly job beside a web server would).

    uv run python benchmarks/openmp_wait_policy.py --repeats 3 --rows 200000 --rounds 60
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import sys, time
if sys.argv[1] == "default":
    import lightgbm  # OpenMP starts with its default policy: loket is not imported yet
else:
    import loket  # sets the policy before anything loads OpenMP
import numpy as np
import lightgbm as lgb
from loket.lib.forecasting import engine
data = np.load(sys.argv[2])
params = engine._params(0.5, 0, len(data["z"]))
started = time.perf_counter()
lgb.train(params, lgb.Dataset(data["x"], data["z"]), num_boost_round=int(sys.argv[3]))
print(time.perf_counter() - started)
"""


def _features(rows: int, path: Path) -> None:
    import numpy as np

    from loket.lib.forecasting import engine
    from loket.lib.forecasting.features import FeatureSpec, ProcessState, build_features
    from loket.lib.forecasting.prefixes import prefix_index, remaining_days
    from loket.lib.forecasting.synthetic import synthetic_log

    log = synthetic_log(max(1000, rows // 4), seed=3)
    cases = np.arange(log.n_cases, dtype=np.int64)
    c, k = prefix_index(log, cases)
    c, k = c[:rows], k[:rows]
    x = build_features(log, c, k, FeatureSpec.fit(log), ProcessState.from_log(log))
    np.savez(path, x=x, z=engine._to_log(remaining_days(log, c, k)))


def _fit_seconds(policy: str, data: Path, rounds: int, *, niced: bool) -> float:
    env = {k: v for k, v in os.environ.items() if k not in {"OMP_WAIT_POLICY", "GOMP_SPINCOUNT"}}
    nice = ["nice", "-n", "10"] if niced else []
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [*nice, sys.executable, "-c", CHILD, policy, str(data), str(rounds)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


LOADS = ("idle", "one busy process", "one busy process, fit under nice")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "features.npz"
        _features(args.rows, data)
        results: dict[tuple[str, str], list[float]] = {}
        for load in LOADS:
            busy = (
                subprocess.Popen([sys.executable, "-c", "while True: pass"])
                if load != "idle"
                else None
            )
            try:
                time.sleep(0.5)
                for _ in range(args.repeats):
                    for policy in ("default", "loket"):
                        seconds = _fit_seconds(
                            policy, data, args.rounds, niced=load.endswith("nice")
                        )
                        results.setdefault((load, policy), []).append(seconds)
                        print(f"{load:33} {policy:8} {seconds:6.1f} s", flush=True)
            finally:
                if busy is not None:
                    busy.kill()
                    busy.wait()
    print("\n| machine | OpenMP default (s) | Loket's (s) | default / Loket's |")
    print("|---|---|---|---|")
    for load in LOADS:
        d = statistics.median(results[(load, "default")])
        p = statistics.median(results[(load, "loket")])
        print(f"| {load} | {d:.1f} | {p:.1f} | {d / p:.1f}x |")


if __name__ == "__main__":
    main()
