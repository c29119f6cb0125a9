from django.apps import AppConfig


class PublicDoorConfig(AppConfig):
    """The public door: pages, templates and forms for this audience; no models."""

    name = "loket.web.public"
    label = "web_public"
