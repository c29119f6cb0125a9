"""The processing-times chart's geometry: pure, so no database."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from loket.web.public.charts import Chart, axis_weeks, processing_times_chart


@dataclass(frozen=True)
class Product:
    name: str


@dataclass(frozen=True)
class Figures:
    product: Product
    forecast_lower_days: int | None
    forecast_median_days: int | None
    forecast_upper_days: int | None
    p80_days_last_6_months: int | None


def _row(name: str, low: int | None, mid: int | None, high: int | None, p80: int) -> Figures:
    return Figures(Product(name), low, mid, high, p80)


def test_all_bars_share_one_scale_in_whole_weeks_past_the_longest_figure() -> None:
    # The longest figure is 200 days (28.6 weeks): the axis runs to 30 weeks (210 days) in
    # steps of 5 weeks.
    chart = processing_times_chart(
        [_row("Study", 21, 42, 105, 70), _row("Asylum", 63, 105, 200, 147)]
    )
    assert chart.axis_weeks == 30
    study, asylum = chart.bars
    assert (study.start, study.width, study.median) == (10.0, 40.0, 20.0)
    assert (asylum.start, asylum.median, asylum.past_p80) == (30.0, 50.0, 70.0)
    assert asylum.width == pytest.approx(65.24)


def test_the_x_axis_has_ticks_in_weeks_from_zero_to_its_end() -> None:
    chart = processing_times_chart(
        [_row("Study", 21, 42, 105, 70), _row("Asylum", 63, 105, 200, 147)]
    )
    assert [t.weeks for t in chart.ticks] == [0, 5, 10, 15, 20, 25, 30]
    assert [t.x for t in chart.ticks] == [0.0, 16.67, 33.33, 50.0, 66.67, 83.33, 100.0]
    # The first and last labels stay inside the chart.
    assert [t.anchor for t in chart.ticks] == ["start"] + ["middle"] * 5 + ["end"]


def test_the_y_axis_names_each_product_above_its_own_bar() -> None:
    chart = processing_times_chart(
        [_row("Study", 10, 20, 50, 40), _row("Asylum", 50, 100, 200, 150)]
    )
    study, asylum = chart.bars
    assert study.row.product.name == "Study"
    assert study.label_y < study.bar_y < study.bar_bottom <= asylum.label_y
    assert asylum.bar_bottom <= chart.axis_y < chart.tick_label_y < chart.axis_label_y
    assert chart.axis_label_y < chart.height


@pytest.mark.parametrize(
    ("longest_days", "expected"),
    [
        (1, (1, 1)),  # one day: an axis of one week
        (7, (1, 1)),
        (40, (6, 1)),  # 5.7 weeks
        (50, (8, 2)),  # 7.1 weeks
        (110, (16, 4)),  # 15.7 weeks
        (200, (30, 5)),
        (365, (60, 10)),  # 52.1 weeks
        (730, (120, 20)),
        (10_000, (1500, 250)),  # past the table of steps: still at most 6 steps
    ],
)
def test_the_axis_ends_on_a_round_tick_with_at_most_six_steps(
    longest_days: int, expected: tuple[int, int]
) -> None:
    length, step = axis_weeks(longest_days)
    assert (length, step) == expected
    assert length * 7 >= longest_days
    assert length // step <= 6


def test_products_without_a_forecast_get_no_bar_and_no_chart() -> None:
    chart = processing_times_chart([_row("Study", None, None, None, 40)])
    assert isinstance(chart, Chart)
    assert chart.bars == []
    assert not chart
    assert not processing_times_chart([])


def test_a_very_short_window_is_still_drawn() -> None:
    (bar,) = processing_times_chart([_row("Study", 30, 30, 30, 400)]).bars
    assert bar.width == 0.5
