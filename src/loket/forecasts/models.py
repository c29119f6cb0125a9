"""Stored forecasts: a cache of what the pure engine said, with the model that said it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from loket.cases.models import Case
from loket.catalogue.models import ProductType

if TYPE_CHECKING:
    from loket.lib.forecasting.windows import OpenCaseCorrection


class ForecastModel(models.Model):
    """One trained model, kept so every stored prediction names the model behind it."""

    trained_at = models.DateTimeField()
    data_until = models.DateTimeField()
    training_cases = models.PositiveIntegerField()
    training_events = models.PositiveIntegerField()
    reason = models.CharField(max_length=40)  # first, schedule, features changed, drift, manual
    # Coverage of the 80% interval on held-out recent cases when it was trained.
    holdout_coverage_80 = models.FloatField(null=True, blank=True)
    holdout_mae_days = models.FloatField(null=True, blank=True)
    # Shifts that made past windows for open cases honest (``windows.OpenCaseCorrection``);
    # null while the service has too little history to check them.
    window_correction = models.JSONField(null=True, blank=True)
    artifact = models.BinaryField()

    class Meta:
        ordering = ["-trained_at"]
        get_latest_by = "trained_at"

    def __str__(self) -> str:
        return f"model of {self.trained_at:%Y-%m-%d %H:%M}"

    def open_case_correction(self) -> OpenCaseCorrection | None:
        """The stored open-case correction, if the model has one."""
        # Imported here: the windows module pulls in the engine (LightGBM), which model
        # loading at start-up does not need.
        from loket.lib.forecasting.windows import OpenCaseCorrection

        if not self.window_correction:
            return None
        return OpenCaseCorrection.from_json(self.window_correction)


class CasePrediction(models.Model):
    """The latest forecast for an open case: an expected decision window and its risk."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="prediction")
    model = models.ForeignKey(ForecastModel, on_delete=models.CASCADE, related_name="predictions")
    predicted_at = models.DateTimeField()
    expected_on = models.DateField()  # median
    earliest_on = models.DateField()  # lower end of the 80% interval
    latest_on = models.DateField()  # upper end of the 80% interval
    probability_late = models.FloatField()  # P(decision after the legal date)
    probability_granted = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(earliest_on__lte=models.F("expected_on"))
                & models.Q(expected_on__lte=models.F("latest_on")),
                name="predictions_window_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(probability_late__gte=0) & models.Q(probability_late__lte=1),
                name="predictions_probability_late_range",
            ),
        ]
        indexes = [models.Index(fields=["-probability_late"], name="predictions_risk_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.earliest_on}..{self.latest_on}"


class FirstWindow(models.Model):
    """The first decision window an applicant was shown. Unlike ``CasePrediction`` it stays
    after the case is decided, so the service can say publicly how often its forecasts came
    true (the processing-times page)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="first_window")
    shown_on = models.DateField()
    # Days from receipt to ``shown_on``: the track record counts only windows shown within
    # days of the application (cases already open when forecasting began got theirs late,
    # when part of the wait was behind them, which would flatter the record).
    waited_days = models.PositiveIntegerField()
    earliest_on = models.DateField()
    expected_on = models.DateField()
    latest_on = models.DateField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(earliest_on__lte=models.F("expected_on"))
                & models.Q(expected_on__lte=models.F("latest_on")),
                name="predictions_first_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.earliest_on}..{self.latest_on} (shown {self.shown_on})"


class ProcessingTime(models.Model):
    """Published processing times of one product on one day (USCIS-style and forward-looking)."""

    product = models.ForeignKey(ProductType, on_delete=models.CASCADE, related_name="+")
    computed_on = models.DateField()
    # "80% of decisions in the last 6 months took at most N days"
    decisions_last_6_months = models.PositiveIntegerField()
    p80_days_last_6_months = models.PositiveIntegerField(null=True, blank=True)
    # For an application submitted on computed_on: median and 80% interval, in days.
    forecast_median_days = models.PositiveIntegerField(null=True, blank=True)
    forecast_lower_days = models.PositiveIntegerField(null=True, blank=True)
    forecast_upper_days = models.PositiveIntegerField(null=True, blank=True)
    open_cases = models.PositiveIntegerField()

    class Meta:
        ordering = ["product", "-computed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "computed_on"], name="predictions_processing_time_daily"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.computed_on}"

    @property
    def p80_weeks_last_6_months(self) -> int | None:
        days = self.p80_days_last_6_months
        return None if days is None else -(-days // 7)

    @property
    def forecast_in_weeks(self) -> bool:
        """Long waits read better in weeks; short ones in days."""
        return (self.forecast_upper_days or 0) >= 21

    @property
    def forecast_lower_weeks(self) -> int | None:
        days = self.forecast_lower_days
        return None if days is None else days // 7

    @property
    def forecast_upper_weeks(self) -> int | None:
        days = self.forecast_upper_days
        return None if days is None else -(-days // 7)
