"""Vectorised prefix features: the case's own history plus the state of the process.

Every feature at prefix ``(case, k)`` uses only information with a timestamp at or before
the k-th event, so the same code serves training, backtests and live scoring of open cases.
The process state (backlog, arrivals, completions, recent durations) is what lets a model
follow drift: when the backlog grows, remaining times grow, whatever the case looks like.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from loket.kernel.time import DAY
from loket.lib.eventlogs.model import EventLog, FloatArray, IntArray

F32Array = npt.NDArray[np.float32]

MAX_COUNTED_ACTIVITIES = 40
MAX_RESOURCES = 200
RECENT_WINDOWS = (50, 200)
# Queues per case type: the first activity names the kind of case (in Loket the product and
# track, e.g. "received:family:regular"); each type has its own backlog and throughput.
MAX_CASE_TYPES = 30
MIN_CASE_TYPE_CASES = 30


@dataclass(frozen=True)
class ProcessState:
    """What was known about all cases of the process, for inter-case features.

    ``starts`` are all case start times (sorted); ``ends``/``durations`` are of completed
    cases only, sorted by end time. Open cases simply have no end.
    """

    starts: FloatArray
    ends: FloatArray
    durations: FloatArray
    recent_medians: dict[int, FloatArray]
    # first activity name -> (sorted starts, sorted ends) of the cases of that type
    by_type: dict[str, tuple[FloatArray, FloatArray]] = field(default_factory=dict)

    @classmethod
    def from_log(
        cls, log: EventLog, completed: npt.NDArray[np.bool_] | None = None
    ) -> ProcessState:
        nonempty = log.lengths > 0
        starts = np.sort(log.case_start[nonempty])
        done = nonempty if completed is None else (nonempty & completed)
        ends = log.case_end[done]
        durations = (ends - log.case_start[done]) / DAY
        types = _case_types(
            [(_first_names(log, nonempty), log.case_start[nonempty])],
            [(_first_names(log, done), ends)],
        )
        return cls._make(starts, ends, durations, types)

    @classmethod
    def from_logs(cls, completed: EventLog, open_cases: EventLog) -> ProcessState:
        """State for live scoring: finished cases (with ends) plus the open ones (without)."""
        done = completed.lengths > 0
        starts = np.sort(
            np.concatenate(
                [completed.case_start[done], open_cases.case_start[open_cases.lengths > 0]]
            )
        )
        ends = completed.case_end[done]
        open_ok = open_cases.lengths > 0
        types = _case_types(
            [
                (_first_names(completed, done), completed.case_start[done]),
                (_first_names(open_cases, open_ok), open_cases.case_start[open_ok]),
            ],
            [(_first_names(completed, done), ends)],
        )
        return cls._make(starts, ends, (ends - completed.case_start[done]) / DAY, types)

    @classmethod
    def _make(
        cls,
        starts: FloatArray,
        ends: FloatArray,
        durations: FloatArray,
        by_type: dict[str, tuple[FloatArray, FloatArray]],
    ) -> ProcessState:
        order = np.argsort(ends, kind="stable")
        ends, durations = ends[order], durations[order]
        medians: dict[int, FloatArray] = {}
        for w in RECENT_WINDOWS:
            medians[w] = _trailing_median(durations, w)
        return cls(
            starts=starts, ends=ends, durations=durations, recent_medians=medians, by_type=by_type
        )


def _first_names(log: EventLog, cases: npt.NDArray[np.bool_]) -> npt.NDArray[np.object_]:
    """The first activity's name of each selected case (the case's type)."""
    names = np.asarray([*log.activities, ""], dtype=object)
    idx = np.flatnonzero(cases)
    codes = log.activity[log.offsets[idx]] if len(idx) else np.zeros(0, dtype=np.int64)
    return np.asarray(names[codes], dtype=object)


def _case_types(
    starts: list[tuple[npt.NDArray[np.object_], FloatArray]],
    ends: list[tuple[npt.NDArray[np.object_], FloatArray]],
) -> dict[str, tuple[FloatArray, FloatArray]]:
    """Sorted start and end times per case type, for the most common types only (a type
    with a handful of cases has no queue worth measuring)."""
    start_names = np.concatenate([n for n, _ in starts]) if starts else np.zeros(0, object)
    start_times = np.concatenate([t for _, t in starts]) if starts else np.zeros(0)
    end_names = np.concatenate([n for n, _ in ends]) if ends else np.zeros(0, object)
    end_times = np.concatenate([t for _, t in ends]) if ends else np.zeros(0)
    if len(start_names) == 0:
        return {}
    kinds, counts = np.unique(start_names.astype(str), return_counts=True)
    top = [
        str(kinds[i])
        for i in np.argsort(-counts, kind="stable")[:MAX_CASE_TYPES]
        if counts[i] >= MIN_CASE_TYPE_CASES
    ]
    if len(top) < 2:  # one type is the whole process: the global state says it all
        return {}
    return {
        name: (np.sort(start_times[start_names == name]), np.sort(end_times[end_names == name]))
        for name in top
    }


def _trailing_median(values: FloatArray, window: int) -> FloatArray:
    """out[j] = median of values[max(0, j-window):j] (NaN for j = 0): known before item j."""
    n = len(values)
    out = np.full(n + 1, np.nan)
    if n == 0:
        return out
    padded = np.concatenate([np.full(window - 1, np.nan), values])
    view = np.lib.stride_tricks.sliding_window_view(padded, window)  # view[j] ends at j
    # Chunked so memory stays bounded for 200k+ completed cases.
    for lo in range(0, n, 50_000):
        hi = min(n, lo + 50_000)
        with np.errstate(all="ignore"):
            chunk = view[lo:hi]
            valid = ~np.isnan(chunk)
            med = (
                np.nanmedian(np.where(valid, chunk, np.nan), axis=1) if valid.any() else chunk[:, 0]
            )
        out[lo + 1 : hi + 1] = med
    return out


@dataclass(frozen=True)
class FeatureSpec:
    """Vocabularies fixed at training time, so scoring maps new logs onto the same codes."""

    activities: list[str]
    resources: list[str]
    counted: list[str]

    @classmethod
    def fit(cls, log: EventLog) -> FeatureSpec:
        act_freq = np.bincount(log.activity, minlength=len(log.activities))
        counted = [log.activities[i] for i in np.argsort(-act_freq, kind="stable")]
        res = log.resource[log.resource >= 0]
        res_freq = np.bincount(res, minlength=len(log.resources))
        top_res = [log.resources[i] for i in np.argsort(-res_freq, kind="stable")]
        return cls(
            activities=list(log.activities),
            resources=top_res[:MAX_RESOURCES],
            counted=counted[:MAX_COUNTED_ACTIVITIES],
        )

    @property
    def names(self) -> list[str]:
        base = list(BASE_FEATURES)
        return base + [f"count_{i}" for i in range(len(self.counted))]

    @property
    def categorical(self) -> list[int]:
        return [BASE_FEATURES.index(n) for n in CATEGORICAL]


BASE_FEATURES = (
    "k",
    "elapsed_d",
    "since_last_d",
    "since_prev2_d",
    "last_act",
    "prev_act",
    "prev2_act",
    "first_act",
    "last_res",
    "hour",
    "weekday",
    "start_weekday",
    "open_cases",
    "arrivals_7d",
    "arrivals_30d",
    "completions_7d",
    "completions_30d",
    "recent_median_50",
    "recent_median_200",
    "distinct_acts",
    "last_act_repeats",
    "open_per_completion_30d",
    "type_open_cases",
    "type_completions_30d",
    "type_open_per_completion_30d",
)
INTERCASE = True
INTERCASE_FEATURES = (
    "open_cases",
    "arrivals_7d",
    "arrivals_30d",
    "completions_7d",
    "completions_30d",
    "recent_median_50",
    "recent_median_200",
    "open_per_completion_30d",
    "type_open_cases",
    "type_completions_30d",
    "type_open_per_completion_30d",
)
# Per-type queue features; the engine keeps them only where they help on held-out data.
CASE_TYPE_FEATURES = ("type_open_cases", "type_completions_30d", "type_open_per_completion_30d")
CATEGORICAL = ("last_act", "prev_act", "prev2_act", "first_act", "last_res")


def _translate(names: list[str], vocab: list[str]) -> IntArray:
    index = {n: i for i, n in enumerate(vocab)}
    return np.array([index.get(n, -1) for n in names] + [-1], dtype=np.int64)


def build_features(
    log: EventLog, case_idx: IntArray, k: IntArray, spec: FeatureSpec, state: ProcessState
) -> F32Array:
    """Feature matrix (float32, NaN = missing) for prefixes ``(case_idx[i], k[i])``."""
    m = len(case_idx)
    names = spec.names
    x = np.full((m, len(names)), np.nan, dtype=np.float32)
    if m == 0:
        return x
    start = log.offsets[case_idx]
    pos = start + k - 1
    ts = log.timestamp
    t_k = ts[pos]
    t_1 = ts[start]
    has1 = k >= 2
    has2 = k >= 3
    t_prev = np.where(has1, ts[np.maximum(pos - 1, 0)], t_k)
    t_prev2 = np.where(has2, ts[np.maximum(pos - 2, 0)], t_1)

    act_map = _translate(log.activities, spec.activities)  # log code -> model code; [-1] = -1
    res_map = _translate(log.resources, spec.resources)
    act = act_map[log.activity]
    res = res_map[np.where(log.resource >= 0, log.resource, len(log.resources))]

    def cat(values: IntArray, ok: npt.NDArray[np.bool_] | None = None) -> FloatArray:
        out = values.astype(np.float64)
        out[values < 0] = np.nan
        if ok is not None:
            out[~ok] = np.nan
        return out

    col = {n: i for i, n in enumerate(names)}
    x[:, col["k"]] = k
    x[:, col["elapsed_d"]] = (t_k - t_1) / DAY
    x[:, col["since_last_d"]] = (t_k - t_prev) / DAY
    x[:, col["since_prev2_d"]] = (t_k - t_prev2) / DAY
    x[:, col["last_act"]] = cat(act[pos])
    x[:, col["prev_act"]] = cat(act[np.maximum(pos - 1, 0)], has1)
    x[:, col["prev2_act"]] = cat(act[np.maximum(pos - 2, 0)], has2)
    x[:, col["first_act"]] = cat(act[start])
    x[:, col["last_res"]] = cat(res[pos])
    x[:, col["hour"]] = (t_k % DAY) / 3600.0
    x[:, col["weekday"]] = ((t_k // DAY) + 3) % 7  # 1970-01-01 was a Thursday (3)
    x[:, col["start_weekday"]] = ((t_1 // DAY) + 3) % 7

    # Process state at t_k (inclusive of events at t_k itself).
    started = np.searchsorted(state.starts, t_k, side="right")
    ended_j = np.searchsorted(state.ends, t_k, side="right")
    x[:, col["open_cases"]] = started - ended_j
    for days in (7, 30):
        a0 = np.searchsorted(state.starts, t_k - days * DAY, side="right")
        e0 = np.searchsorted(state.ends, t_k - days * DAY, side="right")
        x[:, col[f"arrivals_{days}d"]] = started - a0
        x[:, col[f"completions_{days}d"]] = ended_j - e0
    for w in RECENT_WINDOWS:
        x[:, col[f"recent_median_{w}"]] = state.recent_medians[w][ended_j]
    x[:, col["open_per_completion_30d"]] = (started - ended_j) / np.maximum(
        x[:, col["completions_30d"]], 1.0
    )
    # The same for the case's own type (its queue); NaN for rare or unknown types.
    first_code = log.activity[start]
    code_of = {name: i for i, name in enumerate(log.activities)}
    for name, (type_starts, type_ends) in state.by_type.items():
        code = code_of.get(name)
        if code is None:
            continue
        sel = first_code == code
        if not sel.any():
            continue
        at = t_k[sel]
        n_started = np.searchsorted(type_starts, at, side="right")
        n_ended = np.searchsorted(type_ends, at, side="right")
        n_ended_30 = np.searchsorted(type_ends, at - 30 * DAY, side="right")
        x[sel, col["type_open_cases"]] = n_started - n_ended
        x[sel, col["type_completions_30d"]] = n_ended - n_ended_30
        x[sel, col["type_open_per_completion_30d"]] = (n_started - n_ended) / np.maximum(
            n_ended - n_ended_30, 1
        )

    # Activity counts in the prefix via per-activity cumulative sums (one column at a time
    # so memory stays at one int32 array over all events).
    n_ev = log.n_events
    distinct = np.zeros(m, dtype=np.float32)
    last_rep = np.zeros(m, dtype=np.float32)
    last_code = act[pos]
    base = len(BASE_FEATURES)
    counted_codes = {spec.activities.index(a) for a in spec.counted}
    counted_col = {spec.activities.index(a): base + i for i, a in enumerate(spec.counted)}
    present = np.unique(act)
    for code in present.tolist():
        c = np.zeros(n_ev + 1, dtype=np.int32)
        np.cumsum(act == code, out=c[1:])
        cnt = (c[pos + 1] - c[start]).astype(np.float32)
        distinct += cnt > 0
        last_rep = np.where(last_code == code, cnt, last_rep)
        if code in counted_codes:
            x[:, counted_col[code]] = cnt
    for code in counted_codes - set(present.tolist()):
        x[:, counted_col[code]] = 0.0
    x[:, col["distinct_acts"]] = distinct
    x[:, col["last_act_repeats"]] = last_rep
    if not INTERCASE:
        for name in INTERCASE_FEATURES:
            x[:, col[name]] = np.nan
    return x
