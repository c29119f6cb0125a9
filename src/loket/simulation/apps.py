from django.apps import AppConfig


class SimulationConfig(AppConfig):
    name = "loket.simulation"
    label = "simulation"
