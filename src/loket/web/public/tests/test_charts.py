from __future__ import annotations

import datetime as dt

import pytest

from loket.catalogue.models import ProductType
from loket.forecasts.models import ProcessingTime
from loket.web.public.charts import processing_times_chart

pytestmark = pytest.mark.django_db


def _row(code: str, low: int | None, mid: int | None, high: int | None, p80: int) -> ProcessingTime:
    return ProcessingTime(
        product=ProductType.objects.get(code=code),
        computed_on=dt.date(2026, 11, 22),
        decisions_last_6_months=100,
        p80_days_last_6_months=p80,
        forecast_lower_days=low,
        forecast_median_days=mid,
        forecast_upper_days=high,
        open_cases=10,
    )


def test_all_bars_share_one_scale_set_by_the_longest_figure() -> None:
    bars = processing_times_chart(
        [_row("study", 10, 20, 50, 40), _row("asylum", 50, 100, 200, 150)]
    )
    study, asylum = bars
    assert (study.start, study.width, study.median) == (5.0, 20.0, 10.0)
    assert (asylum.start, asylum.width, asylum.median) == (25.0, 75.0, 50.0)
    assert asylum.past_p80 == 75.0


def test_products_without_a_forecast_get_no_bar() -> None:
    assert processing_times_chart([_row("study", None, None, None, 40)]) == []
