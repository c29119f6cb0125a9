from django.apps import AppConfig


class PredictionsConfig(AppConfig):
    """Forecasts in the product: stored per-case predictions, processing times, delay notices.

    The engine itself (``loket.forecasting``) is pure; this app feeds it the service's own
    event log, stores what it says, and acts on it.
    """

    name = "loket.predictions"
    label = "predictions"
