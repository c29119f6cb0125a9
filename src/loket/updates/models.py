"""The ledger of updates told to applicants: one row per change or date, so each is told
once, whatever replays or reruns happen, and staff can see which message told it."""

from __future__ import annotations

from django.db import models

from loket.cases.models import Case
from loket.notifications.models import Message, MessageKind

# The message kinds of single updates (a message with several is ``CASE_UPDATES``).
UPDATE_KINDS: tuple[MessageKind, ...] = (
    MessageKind.APPLICATION_RECEIVED,
    MessageKind.INFORMATION_REQUESTED,
    MessageKind.REPLY_REMINDER,
    MessageKind.TERM_EXTENDED,
    MessageKind.DECISION_MADE,
    MessageKind.DOCUMENT_READY,
    MessageKind.LEGAL_DATE_PASSED,
)


class CaseUpdate(models.Model):
    """One piece of news told to a case's applicant.

    ``key`` names it: ``event:<case id>:<sequence>`` for a recorded change,
    ``reply_reminder:<case id>:<request sequence>`` and ``legal_date_passed:<case id>:<date>``
    for the daily job's. It is unique, so nothing is told twice. ``facts`` holds what the
    text needs (dates as ISO text), so a message that folds in later news can be written
    again with the same words. ``message`` is the portal message it went out in; several
    updates share one when they came in the same hold (see ``services``).
    """

    key = models.CharField(max_length=120, unique=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=MessageKind.choices)
    happened_at = models.DateTimeField()
    facts = models.JSONField(default=dict, blank=True)
    message = models.ForeignKey(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "happened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[kind.value for kind in UPDATE_KINDS]),
                name="updates_caseupdate_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.key
