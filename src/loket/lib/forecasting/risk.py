"""Pure helpers that turn an interval forecast into what the product says and does."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt


def probability_after(threshold: float, *, lower: float, median: float, upper: float) -> float:
    """P(value > threshold) from the 10th, 50th and 90th percentiles of a forecast.

    The distribution function is taken as piecewise linear through (lower, 0.1),
    (median, 0.5), (upper, 0.9), continued with the nearest slope into the tails and
    clipped to [0, 1]. It is a smooth reading of three quantiles, not a new model.
    """
    points = [(lower, 0.1), (median, 0.5), (upper, 0.9)]
    return float(min(1.0, max(0.0, 1.0 - _cdf(threshold, points))))


def _cdf(t: float, points: list[tuple[float, float]]) -> float:
    """Right-continuous, piecewise-linear distribution function through ``points``."""
    (x0, p0), (x1, p1), (x2, p2) = points
    if t < x0:
        # Lower tail: continue the first segment with positive width.
        width, mass = (x1 - x0, p1 - p0) if x1 > x0 else (x2 - x0, p2 - p0)
        return max(0.0, p0 - (x0 - t) * mass / width) if width > 0 else 0.0
    if t >= x2:
        width, mass = (x2 - x1, p2 - p1) if x2 > x1 else (x2 - x0, p2 - p0)
        return min(1.0, p2 + (t - x2) * mass / width) if width > 0 else 1.0
    if t >= x1:
        return p1 + (t - x1) * (p2 - p1) / (x2 - x1)  # x2 > t >= x1, so x2 > x1
    return p0 + (t - x0) * (p1 - p0) / (x1 - x0)  # x1 > t >= x0


def at_most_days(durations_days: Sequence[float], share: float = 0.8) -> int | None:
    """The smallest whole number of days within which ``share`` of the durations fell.

    This is how USCIS publishes processing times: "80% of cases were completed within".
    """
    if len(durations_days) == 0:
        return None
    value = float(
        np.quantile(np.asarray(durations_days, dtype=float), share, method="inverted_cdf")
    )
    return math.ceil(value - 1e-9)


def _knots(lower: float, median: float, upper: float) -> tuple[list[float], list[float]]:
    """Knots of the piecewise-linear distribution through the three quantiles, with tails
    that reach 0 and 1 at the same slope as their neighbouring segment."""
    low_tail = lower - 0.1 * (median - lower) / 0.4
    high_tail = upper + 0.1 * (upper - median) / 0.4
    return [max(0.0, low_tail), lower, median, upper, high_tail], [0.0, 0.1, 0.5, 0.9, 1.0]


def after_waiting(
    *, lower: float, median: float, upper: float, waited: float, min_mass: float = 0.2
) -> tuple[float, float, float] | None:
    """Quantiles (10/50/90) of the time still to go, given that ``waited`` has passed.

    The forecast was made at the case's last event; a case that has been quiet since then
    has less time to go, but not simply "the forecast minus the wait": only the part of the
    distribution beyond the wait is still possible. Returns None when less than
    ``min_mass`` of the forecast lies beyond the wait (the case is already unusual and the
    forecast says little about it).
    """
    xs, ps = _knots(lower, median, upper)
    done = float(np.interp(waited, xs, ps))
    if 1.0 - done < min_mass:
        return None
    quantiles = [
        float(np.interp(done + q * (1.0 - done), ps, xs)) - waited for q in (0.1, 0.5, 0.9)
    ]
    low, mid, high = (max(0.0, v) for v in quantiles)
    return low, mid, high


def residual_quantiles(
    durations: Sequence[float] | npt.NDArray[np.float64], elapsed: float, *, min_cases: int = 20
) -> tuple[float, float, float] | None:
    """10/50/90% of the time still to go for cases that took longer than ``elapsed``.

    The fallback for a case that waited past its forecast: what happened to earlier cases
    that had been open at least this long.
    """
    arr = np.asarray(durations, dtype=float)
    longer = arr[arr > elapsed] - elapsed
    if len(longer) < min_cases:
        return None
    low, mid, high = np.quantile(longer, [0.1, 0.5, 0.9])
    return float(low), float(mid), float(high)
