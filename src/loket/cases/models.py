"""Cases and their append-only event log.

The event log is the source of truth. The status/stage/date columns on ``Case`` are a
projection of it, rewritten only by ``loket.cases.services`` after an event is appended,
so list pages and exports can filter without replaying every log.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from loket.audit.models import AppendOnlyQuerySet
from loket.cases.domain.vocabulary import (
    OPEN_STATUSES,
    CaseStatus,
    EventKind,
    EventSource,
    LetterKind,
    Outcome,
    Track,
)
from loket.catalogue.models import ProductType

__all__ = [
    "OPEN_STATUSES",
    "Case",
    "CaseEvent",
    "CaseStatus",
    "EventKind",
    "EventSource",
    "Letter",
    "LetterKind",
    "Outcome",
    "Track",
]


class Case(models.Model):
    reference = models.CharField(max_length=64, unique=True)
    product = models.ForeignKey(ProductType, on_delete=models.PROTECT, related_name="cases")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    sponsor_name = models.CharField(max_length=200, blank=True)
    channel = models.CharField(max_length=40, blank=True)
    track = models.CharField(max_length=10, choices=Track.choices, default=Track.STANDARD)
    team = models.CharField(max_length=80, blank=True)
    handler_name = models.CharField(max_length=120, blank=True)
    handler_email = models.EmailField(blank=True)

    # Projection of the event log (see module docstring).
    status = models.CharField(
        max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    stage = models.CharField(max_length=40, blank=True)
    received_at = models.DateTimeField()
    decision_due = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CaseStatus.values), name="cases_case_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(track__in=Track.values), name="cases_case_track_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=[*Outcome.values, ""]),
                name="cases_case_outcome_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "product"], name="cases_status_product_idx"),
            models.Index(fields=["decision_due"], name="cases_decision_due_idx"),
            # Processing times and the forecasts' track record: decisions per product
            # in the last 6 months, read by public pages.
            models.Index(fields=["product", "decided_at"], name="cases_product_decided_idx"),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseEvent(models.Model):
    """One fact about a case. Never updated or deleted: corrections are new events."""

    # No index of its own: the unique (case, sequence) index serves every lookup by case,
    # and a second index on a table of millions of rows only slows writes.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", db_index=False)
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    at = models.DateTimeField()
    days = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    stage = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=20, choices=EventSource.choices)
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    # PROTECT: an account that recorded events is deactivated, never deleted; deleting it
    # would blank who recorded them (and the table refuses updates anyway).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # Bulk updates and deletes are refused too (and by a trigger on PostgreSQL).
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "sequence"], name="cases_event_sequence_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=EventKind.values), name="cases_event_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=EventSource.values), name="cases_event_source_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=[*Outcome.values, ""]),
                name="cases_event_outcome_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EventKind.TERM_EXTENDED)
                | models.Q(days__isnull=False, days__gt=0),
                name="cases_event_extension_has_days",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EventKind.DECIDED) | models.Q(outcome__in=Outcome.values),
                name="cases_event_decision_has_outcome",
            ),
        ]
        indexes = [models.Index(fields=["kind", "at"], name="cases_event_kind_at_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.sequence} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an existing event is a fact and stays as it was recorded.
        if self.pk is not None and not self._state.adding:
            raise ValueError("Case events are append-only; record a new event instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Case events are append-only and cannot be deleted.")


class Letter(models.Model):
    """A letter sent about a case, downloadable by the applicant as PDF.

    Loket writes most letters itself (``loket.letters``), one per event that calls for one:
    ``kind`` says which, ``event_sequence`` which event of the case's log it belongs to. Both
    languages are written at the same moment from the same facts, so the portal can show the
    letter in the language the person reads it in; ``language`` is the one it was sent in
    (the person's language then). The contact details are a snapshot: a letter keeps the
    handler it was sent by, even when the case moves to someone else. ``facts`` holds the
    dates and figures the letter states (ISO dates), for tests and for readers that need
    them without parsing the text.

    A letter is a record: it never changes after it was sent. Letters written by hand (in
    the admin, before Loket wrote them) have no kind and no event.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=30, choices=LetterKind.choices, blank=True)
    event_sequence = models.PositiveIntegerField(null=True, blank=True)
    language = models.CharField(max_length=8, default="nl")
    title_nl = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    body_nl = models.TextField()
    body_en = models.TextField()
    recipient_name = models.CharField(max_length=200, blank=True)
    handler_name = models.CharField(max_length=120, blank=True)
    handler_email = models.EmailField(blank=True)
    team = models.CharField(max_length=80, blank=True)
    facts = models.JSONField(default=dict, blank=True)
    sent_at = models.DateTimeField()

    # A sent letter is a record: never changed, never deleted (a trigger on PostgreSQL too).
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            # One letter of a kind per event: a replayed import makes no second one.
            models.UniqueConstraint(
                fields=["case", "event_sequence", "kind"], name="cases_letter_once_per_event"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[*LetterKind.values, ""]),
                name="cases_letter_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.title_en}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A sent letter stays as it was sent; a correction is a new letter.
        if self.pk is not None and not self._state.adding:
            raise ValueError("A sent letter is never changed; write a new letter instead.")
        super().save(*args, **kwargs)

    def title_in(self, language: str) -> str:
        return self.title_en if language.startswith("en") else self.title_nl

    def body_in(self, language: str) -> str:
        return self.body_en if language.startswith("en") else self.body_nl
