"""The staff door. Under ``i18n_patterns``; paths start with ``staff/``."""

from django.urls import path

import loket.web.shared.converters  # noqa: F401 - registers <ref:...>
from loket.web.staff import documents, outbox, privacy, views

app_name = "staff"

urlpatterns = [
    # The work page of the handler's team, with the case finder (its old name stays).
    path("staff/", views.staff_find_case, name="staff-find-case"),
    path(
        "staff/cases/<ref:reference>/events/new/",
        views.staff_record_event,
        name="staff-record-event",
    ),
    path("staff/at-risk/", views.at_risk, name="at-risk"),
    path("staff/overdue/", views.overdue, name="overdue"),
    path("staff/waiting/", views.waiting, name="waiting"),
    path("staff/received/", views.received, name="received"),
    # A person's access request (GDPR art. 15): privacy officers only.
    path("staff/privacy/access-request/", privacy.access_request, name="access-request"),
    # The outbox's dead letters, with "send again".
    path("staff/messages/undelivered/", outbox.undelivered, name="undelivered"),
    path(
        "staff/cases/<ref:reference>/documents/<int:document_id>/download/",
        documents.document_download,
        name="staff-document-download",
    ),
]
