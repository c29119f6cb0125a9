from django.apps import AppConfig


class ApplicantDoorConfig(AppConfig):
    """The applicant door: pages, templates and forms for this audience; no models."""

    name = "loket.web.applicant"
    label = "web_applicant"
