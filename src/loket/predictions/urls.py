from django.urls import path

from loket.predictions import views

app_name = "predictions"

urlpatterns = [
    path("processing-times/", views.processing_times, name="processing-times"),
    path("staff/at-risk/", views.at_risk, name="at-risk"),
]
