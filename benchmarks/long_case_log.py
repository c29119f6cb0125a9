"""Write a synthetic XES log shaped like the large public-service logs (BPIC 2018: about
44,000 applications of about 57 events each, 2.5 M events, extra attributes on every
event), to check that ``loket forecast backtest`` reads, trains and scores at that size.

    uv run python benchmarks/long_case_log.py 44000 57 /tmp/long.xes.gz
    /usr/bin/time -v uv run loket forecast backtest /tmp/long.xes.gz --json long.json
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator

from loket.lib.eventlogs.model import Event
from loket.lib.eventlogs.xes import write_xes
from loket.lib.forecasting.synthetic import synthetic_log

# Attributes a real log carries on every event and the backtest does not use.
EXTRA = {
    "doctype": "Payment application",
    "subprocess": "Main",
    "success": True,
    "amount": 1234.5,
    "note": "x" * 20,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", type=int)
    parser.add_argument("mean_length", type=float)
    parser.add_argument("out", help="path of the .xes.gz to write")
    args = parser.parse_args()
    log = synthetic_log(args.cases, seed=5, mean_length=args.mean_length)

    def traces() -> Iterator[tuple[str, list[Event]]]:
        for i, case_id in enumerate(log.case_ids):
            yield (
                case_id,
                [
                    Event(
                        activity=log.activities[log.activity[j]],
                        timestamp=dt.datetime.fromtimestamp(float(log.timestamp[j]), dt.UTC),
                        lifecycle="complete",
                        resource=log.resources[log.resource[j]],
                        attributes=EXTRA,
                    )
                    for j in range(log.offsets[i], log.offsets[i + 1])
                ],
            )

    write_xes(args.out, traces())
    print(f"{args.out}: {log.n_cases:,} cases, {log.n_events:,} events")


if __name__ == "__main__":
    main()
