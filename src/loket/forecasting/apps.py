from django.apps import AppConfig


class ForecastingConfig(AppConfig):
    name = "loket.forecasting"
    label = "forecasting"
