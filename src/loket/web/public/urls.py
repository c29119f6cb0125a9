"""The public door: pages for everyone. Under ``i18n_patterns``."""

from django.urls import path

from loket.web.public import health, views

app_name = "public"

urlpatterns = [
    path("processing-times/", views.processing_times, name="processing-times"),
    path("contact/", views.contact, name="contact"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    # For load balancers and monitoring: JSON, no personal data.
    path("health/", health.health, name="health"),
]
