from django.apps import AppConfig


class StaffDoorConfig(AppConfig):
    """The staff door: pages, templates and forms for this audience; no models."""

    name = "loket.web.staff"
    label = "web_staff"
