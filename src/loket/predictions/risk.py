"""Pure helpers that turn an interval forecast into what the product says and does."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def probability_after(threshold: float, *, lower: float, median: float, upper: float) -> float:
    """P(value > threshold) from the 10th, 50th and 90th percentiles of a forecast.

    The distribution function is taken as piecewise linear through (lower, 0.1),
    (median, 0.5), (upper, 0.9), continued with the nearest slope into the tails and
    clipped to [0, 1]. It is a smooth reading of three quantiles, not a new model.
    """
    xs = [lower, median, upper]
    ps = [0.1, 0.5, 0.9]
    if threshold <= xs[0]:
        slope = _slope(xs[0], xs[1], 0.4)
        cdf = 0.1 - (xs[0] - threshold) * slope
    elif threshold >= xs[2]:
        slope = _slope(xs[1], xs[2], 0.4)
        cdf = 0.9 + (threshold - xs[2]) * slope
    else:
        cdf = float(np.interp(threshold, xs, ps))
    return float(min(1.0, max(0.0, 1.0 - cdf)))


def _slope(a: float, b: float, mass: float) -> float:
    width = b - a
    return mass / width if width > 0 else math.inf


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
