"""Geometry for the processing-times chart, so the template only draws what it is given."""

from __future__ import annotations

from dataclasses import dataclass

from loket.forecasts.models import ProcessingTime


@dataclass(frozen=True, slots=True)
class WindowBar:
    """One product's forecast window as percentages of the chart's width."""

    row: ProcessingTime
    start: float  # lower end of the 80% window
    width: float
    median: float
    past_p80: float | None  # the last 6 months' 80% figure, for comparison


def processing_times_chart(rows: list[ProcessingTime]) -> list[WindowBar]:
    """Bars on one shared scale (days), for products that have a forecast."""
    drawn = [r for r in rows if r.forecast_upper_days is not None]
    if not drawn:
        return []
    scale = max(max(r.forecast_upper_days or 0, r.p80_days_last_6_months or 0) for r in drawn) or 1

    def pct(days: int | None) -> float:
        return round(100.0 * (days or 0) / scale, 2)

    return [
        WindowBar(
            row=r,
            start=pct(r.forecast_lower_days),
            width=max(pct(r.forecast_upper_days) - pct(r.forecast_lower_days), 0.5),
            median=pct(r.forecast_median_days),
            past_p80=None if r.p80_days_last_6_months is None else pct(r.p80_days_last_6_months),
        )
        for r in drawn
    ]
