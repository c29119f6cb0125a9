"""The kernel's own state: job leases, and one-time tokens that make forms safe to submit twice."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """A form token that has been used. Its unique constraint stops a double submission.

    The token is issued with the empty form and consumed in the same transaction as the
    write it protects, so a second POST of the same form (a double click, a browser retry)
    finds the token taken and records nothing; a write that fails leaves the token unused.
    """

    token = models.UUIDField(unique=True, default=uuid.uuid4)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    used_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.token)


class JobLease(models.Model):
    """Who is running a job now, so two runs of it never overlap: one row per job name.

    A run claims the row with one conditional UPDATE (free or expired -> mine), which
    SQLite and PostgreSQL both apply atomically, and frees it when it ends. A holder that
    crashed cannot free it, so the claim expires at ``lease_until``.
    """

    name = models.CharField(max_length=60, unique=True)
    holder = models.CharField(max_length=200, blank=True)  # empty: free
    claimed_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)  # null: free

    def __str__(self) -> str:
        return f"{self.name}: {self.holder or 'free'}"
