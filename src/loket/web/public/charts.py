"""Geometry for the processing-times chart, so the template only draws what it is given.

Pure: it takes figures (anything with the :class:`Figures` attributes, such as a
``forecasts.models.ProcessingTime``) and returns positions, with no database and no Django.

The chart is an inline SVG without a ``viewBox``: sideways positions are percentages of its
width and heights are in ``em``, so it fills any screen from 320 px up while its text keeps
the page's font size (and grows with it when someone enlarges the text). Each product gets a
row: its name above its bar (the y axis names the products), the bar on one shared x axis
in weeks, with ticks and the axis label under the rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

DAYS_PER_WEEK = 7
# Steps between ticks, in weeks; the first that needs at most MAX_TICK_STEPS steps is used.
TICK_STEPS_WEEKS = (1, 2, 4, 5, 10, 20, 25, 50, 100, 250, 500)
MAX_TICK_STEPS = 6
# Vertical layout, in em (one em is the chart's font size).
ROW_EM = 3.5  # one product: its name, then its bar
LABEL_BASELINE_EM = 1.1  # the name's baseline, from the top of the row
BAR_TOP_EM = 1.6
BAR_HEIGHT_EM = 1.25
TICK_EM = 0.4  # the tick marks hang below the x axis
TICK_LABEL_EM = 1.5  # baseline of the tick labels, below the axis
AXIS_LABEL_EM = 3.0  # baseline of the axis label ("Weeks"), below the axis
BOTTOM_EM = 3.5  # room under the axis for ticks, their labels and the axis label


class Product(Protocol):
    @property
    def name(self) -> str: ...


class Figures(Protocol):
    """What the chart reads of one product's processing times (days)."""

    @property
    def product(self) -> Product: ...
    @property
    def forecast_lower_days(self) -> int | None: ...
    @property
    def forecast_median_days(self) -> int | None: ...
    @property
    def forecast_upper_days(self) -> int | None: ...
    @property
    def p80_days_last_6_months(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class WindowBar:
    """One product's forecast window: sideways as percentages of the chart's width,
    downwards in em from the chart's top."""

    row: Figures
    start: float  # lower end of the 80% window
    width: float
    median: float
    past_p80: float | None  # the last 6 months' 80% figure, for comparison
    label_y: float  # baseline of the product's name
    bar_y: float  # top of the bar
    bar_height: float
    bar_bottom: float


@dataclass(frozen=True, slots=True)
class Tick:
    """A mark on the x axis every few weeks."""

    weeks: int
    x: float  # percent of the chart's width
    anchor: str  # SVG text-anchor, so the first and last labels stay inside the chart


@dataclass(frozen=True, slots=True)
class Chart:
    bars: list[WindowBar]
    ticks: list[Tick]
    axis_weeks: int  # the right end of the x axis
    axis_y: float  # the x axis, in em from the top
    tick_end_y: float
    tick_label_y: float
    axis_label_y: float
    height: float  # of the whole chart, in em

    def __bool__(self) -> bool:
        return bool(self.bars)


def axis_weeks(longest_days: int) -> tuple[int, int]:
    """The x axis for figures up to ``longest_days``: (its length in weeks, weeks per tick).

    The axis ends on a tick, at or after the longest figure, with at most
    ``MAX_TICK_STEPS`` steps of a round number of weeks.
    """
    weeks = max(1, math.ceil(longest_days / DAYS_PER_WEEK))
    for step in TICK_STEPS_WEEKS:
        if math.ceil(weeks / step) <= MAX_TICK_STEPS:
            return step * math.ceil(weeks / step), step
    step = math.ceil(weeks / MAX_TICK_STEPS)
    return step * MAX_TICK_STEPS, step


def _em(value: float) -> float:
    return round(value, 3)


def processing_times_chart(rows: Sequence[Figures]) -> Chart:
    """Bars on one shared scale in weeks, for the products that have a forecast."""
    drawn = [r for r in rows if r.forecast_upper_days is not None]
    longest = max(
        (max(r.forecast_upper_days or 0, r.p80_days_last_6_months or 0) for r in drawn),
        default=0,
    )
    length, step = axis_weeks(longest)
    scale = length * DAYS_PER_WEEK

    def pct(days: int | None) -> float:
        return round(100.0 * (days or 0) / scale, 2)

    bars = []
    for index, r in enumerate(drawn):
        top = index * ROW_EM
        bars.append(
            WindowBar(
                row=r,
                start=pct(r.forecast_lower_days),
                width=max(pct(r.forecast_upper_days) - pct(r.forecast_lower_days), 0.5),
                median=pct(r.forecast_median_days),
                past_p80=None
                if r.p80_days_last_6_months is None
                else pct(r.p80_days_last_6_months),
                label_y=_em(top + LABEL_BASELINE_EM),
                bar_y=_em(top + BAR_TOP_EM),
                bar_height=BAR_HEIGHT_EM,
                bar_bottom=_em(top + BAR_TOP_EM + BAR_HEIGHT_EM),
            )
        )
    axis_y = _em(len(drawn) * ROW_EM)
    ticks = [
        Tick(
            weeks=weeks,
            x=round(100.0 * weeks / length, 2),
            anchor="start" if weeks == 0 else "end" if weeks == length else "middle",
        )
        for weeks in range(0, length + 1, step)
    ]
    return Chart(
        bars=bars,
        ticks=ticks if drawn else [],
        axis_weeks=length,
        axis_y=axis_y,
        tick_end_y=_em(axis_y + TICK_EM),
        tick_label_y=_em(axis_y + TICK_LABEL_EM),
        axis_label_y=_em(axis_y + AXIS_LABEL_EM),
        height=_em(axis_y + BOTTOM_EM),
    )
