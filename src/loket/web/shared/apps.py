from django.apps import AppConfig


class SharedWebConfig(AppConfig):
    """What every door shares: the page frame, static files, login and the language switch."""

    name = "loket.web.shared"
    label = "web_shared"
