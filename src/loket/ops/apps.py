from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: the ``loket`` commands (demo, serve, import, export, simulate, forecast,
    outbox) and the demo's set-up. Above the domain apps; no domain app imports it."""

    name = "loket.ops"
    label = "ops"
