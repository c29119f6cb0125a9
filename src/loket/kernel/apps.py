from django.apps import AppConfig


class KernelConfig(AppConfig):
    """The bottom layer every app may use: actors, domain events, the job lease, one-time form
    tokens and time helpers. It imports no other Loket app."""

    name = "loket.kernel"
    label = "kernel"
