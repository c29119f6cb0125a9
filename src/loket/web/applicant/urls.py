"""The applicant's door. Under ``i18n_patterns``: Dutch at ``/``, English at ``/en/``."""

from django.urls import path

import loket.web.shared.converters  # noqa: F401 - registers <ref:...>
from loket.web.applicant import uploads, views

app_name = "applicant"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.my_cases, name="my-cases"),
    path("messages/", views.inbox, name="inbox"),
    path("cases/<ref:reference>/", views.case_detail, name="case-detail"),
    path(
        "cases/<ref:reference>/letters/<int:letter_id>/",
        views.letter_detail,
        name="letter-detail",
    ),
    path(
        "cases/<ref:reference>/letters/<int:letter_id>/download/",
        views.letter_download,
        name="letter-download",
    ),
    # Answering an information request (loket.documents).
    path("cases/<ref:reference>/answer/", uploads.answer_request, name="answer-request"),
    path(
        "cases/<ref:reference>/documents/<int:document_id>/download/",
        uploads.document_download,
        name="document-download",
    ),
]
