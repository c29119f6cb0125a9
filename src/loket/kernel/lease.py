"""Job leases: one run of a job at a time, across processes and machines.

A run claims the job's row with one conditional UPDATE (free or expired -> mine), which
SQLite and PostgreSQL both apply atomically, renews it while it works (the heartbeat) and
frees it when it ends. A holder that crashed cannot free it, so the claim runs out at
``lease_until`` and the next run takes over.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid

from django.db.models import Q

from loket.kernel.models import JobLease


def job_lease_claim(*, name: str, holder: str, now: dt.datetime, ttl: dt.timedelta) -> bool:
    """Take the lease of job ``name`` until ``now + ttl`` if it is free or has run out."""
    JobLease.objects.get_or_create(name=name)
    # One conditional UPDATE: of two claims at the same moment the database lets one match.
    claimed = JobLease.objects.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now), name=name
    ).update(holder=holder, claimed_at=now, lease_until=now + ttl)
    return claimed == 1


def job_lease_renew(*, name: str, holder: str, now: dt.datetime, ttl: dt.timedelta) -> bool:
    """Extend ``holder``'s lease; False if it is no longer theirs (it ran out and was taken)."""
    return JobLease.objects.filter(name=name, holder=holder).update(lease_until=now + ttl) == 1


def job_lease_release(*, name: str, holder: str) -> None:
    """Free the lease if ``holder`` still has it."""
    JobLease.objects.filter(name=name, holder=holder).update(
        holder="", claimed_at=None, lease_until=None
    )


def job_lease_get(*, name: str) -> JobLease | None:
    return JobLease.objects.filter(name=name).first()


def lease_holder_name() -> str:
    """Names a run in the lease row, for the operator who finds it taken."""
    return f"{socket.gethostname()[:100]} pid {os.getpid()} run {uuid.uuid4().hex[:8]}"
