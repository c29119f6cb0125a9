"""The processing log (Logboek dataverwerkingen): who read or changed whose personal data, for
what purpose, when, and in which request.

After the Dutch government standard *Logboek dataverwerkingen* (LDV): each record names the
processing activity (from the register of processing activities), the data subject, the
actor and the trace (request) id. A record holds plain values, never foreign keys: it must
outlive the case, the letter and the staff account it mentions (a deleted account must not
take its history with it).

Append-only: the model refuses updates and deletes in Python, and on PostgreSQL a trigger
(migration 0002) refuses them in the database too, for this table, case events and letters.
"""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

from django.db import models


class AppendOnlyError(Exception):
    """Something tried to change or delete a record of an append-only table."""


class Operation(models.TextChoices):
    READ = "read", "read"
    CHANGE = "change", "change"
    EXPORT = "export", "export"


class Activity(models.TextChoices):
    """The processing activities, as the register of processing activities (art. 30 GDPR)
    would list them. The value is the activity's id in the log."""

    CASE_VIEW = "case.view", "Looking at a case"
    CASE_LIST = "case.list", "Listing cases for work"
    CASE_RECORD_EVENT = "case.record_event", "Recording a step in a case"
    LETTER_READ = "letter.read", "Reading a letter"
    DOCUMENT_READ = "document.read", "Reading a document the applicant sent"
    DOCUMENT_UPLOAD = "document.upload", "Receiving documents from the applicant"
    INBOX_READ = "inbox.read", "Reading messages to the applicant"
    MESSAGE_READ = "message.read", "Looking at a message that could not be delivered"
    EXPORT = "export", "Exporting cases or events"
    ADMIN_VIEW = "admin.view", "Looking at a record in the back office"
    ADMIN_CHANGE = "admin.change", "Changing a record in the back office"
    ACCESS_REQUEST = "gdpr.access", "Answering a request to see one's own data (GDPR art. 15)"


_M = TypeVar("_M", bound=models.Model)


class AppendOnlyQuerySet(models.QuerySet[_M, _M]):
    """Refuses bulk updates always, and bulk deletes outside a retention purge
    (``loket.audit.purge.append_only_purge``)."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} is append-only: rows are never updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        from loket.audit.purge import purge_allowed

        if not purge_allowed():
            raise AppendOnlyError(
                f"{self.model.__name__} is append-only: rows go only in a retention purge."
            )
        return super().delete()


class ProcessingRecord(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    trace_id = models.CharField(max_length=64, blank=True)  # the request id
    operation = models.CharField(max_length=10, choices=Operation.choices)
    activity = models.CharField(max_length=40, choices=Activity.choices)
    # Who: the kind of actor, their account id and name then, and their team (staff).
    actor_kind = models.CharField(max_length=12)
    actor_id = models.IntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    actor_team = models.CharField(max_length=120, blank=True)
    # Whose data: the applicant's account id ("" for a bulk export of many people).
    subject_id = models.CharField(max_length=64, blank=True, db_index=True)
    # Which record: a kind ("case", "letter", ...) and its reference or id.
    object_type = models.CharField(max_length=30, blank=True)
    object_ref = models.CharField(max_length=200, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    objects = AppendOnlyQuerySet["ProcessingRecord"].as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject_id", "-at"], name="audit_subject_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or self.actor_kind} {self.activity}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A guard, not logic: the record is written once and never again.
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("A processing record is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        from loket.audit.purge import purge_allowed

        if not purge_allowed():
            raise AppendOnlyError("A processing record goes only in a retention purge.")
        return super().delete(*args, **kwargs)
