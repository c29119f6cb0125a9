"""Cases and their append-only event log.

The event log is the source of truth. The status/stage/date columns on ``Case`` are a
projection of it, rewritten only by ``loket.cases.services`` after an event is appended,
so list pages and exports can filter without replaying every log.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from loket.cases.domain.vocabulary import (
    OPEN_STATUSES,
    CaseStatus,
    EventKind,
    EventSource,
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

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    at = models.DateTimeField()
    days = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    stage = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=20, choices=EventSource.choices)
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

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
    """A letter sent about a case, downloadable by the applicant."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letters")
    title_nl = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    body_nl = models.TextField()
    body_en = models.TextField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.title_en}"
