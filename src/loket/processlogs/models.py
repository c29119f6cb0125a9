"""Event logs of other processes (XES, mapped CSV), kept beside Loket's own case log.

A service that adopts Loket loads its history here to get forecasts and process insight from
day one. Activities are free text: unlike ``CaseEvent`` they follow no transition table.
"""

from __future__ import annotations

from django.db import models


class ProcessLog(models.Model):
    """One imported log, identified by its content: the sha256 of the file's (decompressed)
    bytes, and for a CSV its column mapping. The same content under another name is the same
    log; new content under a known name replaces it as the next ``version``."""

    name = models.CharField(max_length=200, unique=True)
    source_file = models.CharField(max_length=500)
    # Null for logs imported before contents were hashed (their next import replaces them).
    content_sha256 = models.CharField(max_length=64, unique=True, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProcessEvent(models.Model):
    log = models.ForeignKey(ProcessLog, on_delete=models.CASCADE, related_name="events")
    case_id = models.CharField(max_length=200)
    position = models.PositiveIntegerField()  # the event's place within its case, from 0
    activity = models.CharField(max_length=300)
    timestamp = models.DateTimeField()
    lifecycle = models.CharField(max_length=40, blank=True)
    resource = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["log", "case_id", "position"]
        constraints = [
            # What makes re-importing the same file a no-op.
            models.UniqueConstraint(
                fields=["log", "case_id", "position"], name="processlogs_event_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.log_id}:{self.case_id}#{self.position} {self.activity}"
