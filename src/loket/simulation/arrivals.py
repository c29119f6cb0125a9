"""Arrival times per product: a Poisson count per day around a seasonal, weekly rate."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from loket.simulation.config import ProductSpec


def _wave_density(product: ProductSpec, day: dt.date) -> float:
    """Share of the annual volume that a wave puts on ``day`` (a normal bell per wave)."""
    total = 0.0
    for wave in product.waves:
        for year in (day.year - 1, day.year, day.year + 1):
            centre = dt.date(year, wave.month, wave.day)
            offset = (day - centre).days
            total += (
                wave.share
                * math.exp(-0.5 * (offset / wave.width_days) ** 2)
                / (wave.width_days * math.sqrt(2 * math.pi))
            )
    return total


def daily_rate(product: ProductSpec, day: dt.date, *, scale: float) -> float:
    """Expected applications on ``day`` at ``scale`` (1 = the real service)."""
    base_share = 1.0 - sum(w.share for w in product.waves)
    per_day = product.annual_volume * base_share / 365.0
    per_day *= product.monthly_profile[day.month - 1] / (sum(product.monthly_profile) / 12)
    # Weekdays carry the week: normalise so the weekly total stays 7 days' worth.
    week = 5 + 2 * product.weekend_factor
    per_day *= (product.weekend_factor if day.weekday() >= 5 else 1.0) * 7 / week
    per_day += product.annual_volume * _wave_density(product, day)
    return per_day * scale


def arrival_times(
    product: ProductSpec, *, start: dt.date, days: int, scale: float, rng: np.random.Generator
) -> list[float]:
    """Sorted arrival times in days since ``start`` (fractions are the time of day)."""
    times: list[float] = []
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        count = int(rng.poisson(daily_rate(product, day, scale=scale)))
        if count:
            times.extend(float(offset + f) for f in np.sort(rng.random(count)))
    return times


def backlog_times(product: ProductSpec, *, scale: float, rng: np.random.Generator) -> list[float]:
    """Receipt times (negative: before the start) of cases already waiting at the start."""
    mean_rate = product.annual_volume / 365.0 * scale
    count = int(rng.poisson(product.backlog_days * mean_rate))
    return sorted(float(-product.backlog_span_days * f) for f in rng.random(count))
