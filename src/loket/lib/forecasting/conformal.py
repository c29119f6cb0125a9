"""Adaptive conformal offsets for the 80% window: they follow drift as answers come in.

The engine's split-conformal calibration holds when the future looks like the held-out
past. Processes drift (a backlog builds up, a rule changes), and then a fixed offset is
wrong for months. So each bound of the window carries an extra shift on the log(1 + days)
scale, moved by online quantile tracking (the proportional part of conformal PID control,
Angelopoulos, Candès & Tibshirani 2023; adaptive conformal inference, Gibbs & Candès
2021, on the scale of the bound rather than of the level):

    shift <- shift + GAIN / max(100, waiting) * (miss - 0.1)    for each answer, per bound

``waiting`` is the number of windows shown whose bound has not passed yet. An answer comes
a whole window after it was asked, so the shift is steered with a delay; with a fixed step
per answer a busy process with long windows (bpic2015_1: ~700 answers per window length)
overshot, widened its windows, which delayed the answers further, and ended at windows of
1,100 days. Dividing by the answers in flight moves each shift by at most about ``GAIN``
per window length, on any log.

An answer comes in when its bound passes, which is where censoring is handled exactly: a
case still open past its upper bound is a known miss above, one closed before it a hit; a
case closed before its lower bound is a miss below, one still open at it a hit. So a
still-open case counts as soon as it tells something, and never by guess, and the answers
come in the order of the bounds, whatever the outcome (``answer_times``). Whatever
the process does, the share of misses on each side stays within
``(largest |shift| + STEP) / (STEP * answers)`` of 10% (the quantile-tracking bound), so
the long-run coverage is 80% also under drift (for a step that changes slowly, as this one
does); the cost is a wider window while the process changes. GAIN is one setting for every
log (chosen on four development logs, BENCHMARKS.md "As deployed"); the scale is the log of
days, the same for every process.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from loket.kernel.time import DAY

TAIL = 0.1  # each side of the 80% window
GAIN = 1.0  # log(1 + days) per window length at a full miss rate (see above)
# Below this many answers in flight the step stays GAIN / MIN_WAITING: a bound that passes
# within hours (a short lower bound) must not move the shift by GAIN on a single answer.
MIN_WAITING = 100
MAX_SHIFT = 3.0  # about 20 times the days either way: a guard, never reached in the backtests

Floats = npt.NDArray[np.float64]


@dataclass
class AdaptiveShifts:
    """The current shifts (log(1 + days)): ``lower`` moves the lower bound down, ``upper``
    moves the upper bound up; negative values narrow the window."""

    lower: float = 0.0
    upper: float = 0.0
    answers_lower: int = 0
    answers_upper: int = 0
    misses_lower: int = 0
    misses_upper: int = 0

    def learn(self, *, upper: bool, miss: bool, step: float) -> None:
        """One answer about one bound (``upper`` says which)."""
        move = step * ((1.0 if miss else 0.0) - TAIL)
        if upper:
            self.upper = float(np.clip(self.upper + move, -MAX_SHIFT, MAX_SHIFT))
            self.answers_upper += 1
            self.misses_upper += int(miss)
        else:
            self.lower = float(np.clip(self.lower + move, -MAX_SHIFT, MAX_SHIFT))
            self.answers_lower += 1
            self.misses_lower += int(miss)

    def apply(self, lower: Floats, median: Floats, upper: Floats) -> tuple[Floats, Floats, Floats]:
        """The bounds moved by the shifts (days); the median is left alone."""
        lo = np.maximum(np.expm1(np.log1p(np.maximum(lower, 0.0)) - self.lower), 0.0)
        hi = np.expm1(np.log1p(np.maximum(upper, 0.0)) + self.upper)
        hi = np.maximum(hi, lo)
        return np.minimum(lo, hi), median, hi

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def answer_times(
    *, at: float, lower_days: float, upper_days: float, end: float
) -> tuple[tuple[float, bool], tuple[float, bool]]:
    """When each bound of a window shown at ``at`` is answered, and whether it missed:
    ((time, lower missed), (time, upper missed)). ``end`` is the close (inf while open).

    A bound is answered when it passes: by then it is known whether the case closed before
    it, and a case still open is never guessed at. A hit is *not* counted at an earlier
    close: closes come before the misses of the same windows, so counting them first
    narrows the window until the late misses arrive (wabo_receipt: coverage 0.76 instead
    of 0.79 without any shifts).
    """
    lower_at = at + lower_days * DAY
    upper_at = at + upper_days * DAY
    return (lower_at, end < lower_at), (upper_at, end > upper_at)


@dataclass
class PendingAnswers:
    """Windows shown and not yet answered, in the order their answers become known.

    ``show`` records a window with the case's close time (``inf`` while open; in a backtest
    the true close, which is only *used* once the answer time has come); ``learn_until``
    feeds ``shifts`` every answer known before ``now``.
    """

    shifts: AdaptiveShifts = field(default_factory=AdaptiveShifts)
    _heap: list[tuple[float, int, bool, bool]] = field(default_factory=list)
    _count: int = 0
    _waiting: list[int] = field(default_factory=lambda: [0, 0])  # lower, upper

    def show(self, *, at: float, lower_days: float, upper_days: float, end: float) -> None:
        lower, upper = answer_times(at=at, lower_days=lower_days, upper_days=upper_days, end=end)
        self._push(lower, upper)

    def show_bounds(self, *, lower_at: float, upper_at: float, end: float) -> None:
        """A window given by its bounds as moments (the product's calendar days)."""
        self._push((lower_at, end < lower_at), (upper_at, end > upper_at))

    def _push(self, lower: tuple[float, bool], upper: tuple[float, bool]) -> None:
        for is_upper, (when, miss) in ((False, lower), (True, upper)):
            heapq.heappush(self._heap, (when, self._count, is_upper, miss))
            self._count += 1
            self._waiting[is_upper] += 1

    def learn_until(self, now: float) -> None:
        """Feed every answer known strictly before ``now`` (in time order)."""
        while self._heap and self._heap[0][0] < now:
            _, _, is_upper, miss = heapq.heappop(self._heap)
            step = GAIN / max(MIN_WAITING, self._waiting[is_upper])
            self._waiting[is_upper] -= 1
            self.shifts.learn(upper=is_upper, miss=miss, step=step)

    @property
    def waiting(self) -> int:
        return len(self._heap)


def shifts_from_history(
    windows: Iterable[tuple[float, float, float, float]], *, now: float
) -> AdaptiveShifts:
    """The shifts today, replayed from windows shown in the past: ``(shown_at, lower_at,
    upper_at, end)`` as moments, ``end`` the decision (inf while undecided). Each answer
    counts once, in the order the bounds passed, so the product stores no state of its own."""
    pending = PendingAnswers()
    for shown_at, lower_at, upper_at, end in sorted(windows):
        pending.learn_until(shown_at)
        pending.show_bounds(lower_at=lower_at, upper_at=upper_at, end=end)
    pending.learn_until(now)
    return pending.shifts
