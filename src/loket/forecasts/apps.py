from django.apps import AppConfig


class ForecastsConfig(AppConfig):
    """Forecasts in the product: stored models and per-case predictions, the daily refresh,
    processing times and delay notices.

    The method itself (``loket.lib.forecasting``) is pure Python; this app feeds it the
    service's own event log, stores what it says, and acts on it.
    """

    name = "loket.forecasts"
    label = "forecasts"
