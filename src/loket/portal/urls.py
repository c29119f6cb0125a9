"""Portal URLs. Under ``i18n_patterns``: Dutch at ``/``, English at ``/en/``."""

from django.urls import path

from loket.portal import views
from loket.portal.auth import auth_urlpatterns

app_name = "portal"

urlpatterns = [
    *auth_urlpatterns,
    path("", views.home, name="home"),
    path("cases/", views.my_cases, name="my-cases"),
    path("messages/", views.inbox, name="inbox"),
    path("cases/<str:reference>/", views.case_detail, name="case-detail"),
    path(
        "cases/<str:reference>/letters/<int:letter_id>/",
        views.letter_detail,
        name="letter-detail",
    ),
    path(
        "cases/<str:reference>/letters/<int:letter_id>/download/",
        views.letter_download,
        name="letter-download",
    ),
    path("staff/", views.staff_find_case, name="staff-find-case"),
    path(
        "staff/cases/<str:reference>/events/new/",
        views.staff_record_event,
        name="staff-record-event",
    ),
]
