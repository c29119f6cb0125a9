"""Job leases: one run of a job at a time, across processes and machines.

A run claims the job's row with one conditional UPDATE (free or expired -> mine), which
SQLite and PostgreSQL both apply atomically, renews it while it works (the heartbeat) and
frees it when it ends. A holder that crashed cannot free it, so the claim runs out at
``lease_until`` and the next run takes over.

The lease is short (minutes) and a ``LeaseHeartbeat`` thread renews it while the run lives,
however long one step takes: a run killed with SIGKILL (or a machine that died) blocks the
next one for at most the TTL, while a live run keeps its lease through an hour of training.
A run whose heartbeat could not renew (its lease ran out and was taken) sees ``lost`` set and
stops at its next step rather than work beside the new holder.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from types import TracebackType

from django.db import DatabaseError, connection
from django.db.models import Q
from django.utils import timezone

from loket.kernel.models import JobLease

logger = logging.getLogger(__name__)


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


class LeaseHeartbeat:
    """Renews ``holder``'s lease of job ``name`` every ``every`` (a third of ``ttl`` by
    default) from a daemon thread, until stopped. Use as a context manager around the work.

    The thread has its own database connection and closes it when it stops. A renewal that
    fails on a database error is tried again at the next beat (the TTL leaves room for two
    misses); one that finds the lease no longer ours sets ``lost`` and ends the thread.
    """

    def __init__(
        self, *, name: str, holder: str, ttl: dt.timedelta, every: dt.timedelta | None = None
    ) -> None:
        self.name = name
        self.holder = holder
        self.ttl = ttl
        self.every = every if every is not None else ttl / 3
        self.lost = threading.Event()
        self.beats = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"lease heartbeat {name}", daemon=True
        )

    def __enter__(self) -> LeaseHeartbeat:
        # A lease claimed inside a transaction that has not committed (a caller's atomic
        # block, a test) is seen by no other connection, the heartbeat's own included: it
        # would find "no lease of ours" and call the run lost. Nobody else can see the claim
        # to wait for it either, so there is nothing to keep alive.
        if not connection.in_atomic_block:
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every.total_seconds()):
                try:
                    renewed = job_lease_renew(
                        name=self.name, holder=self.holder, now=timezone.now(), ttl=self.ttl
                    )
                except DatabaseError:
                    logger.warning("Could not renew the lease of %s; trying again", self.name)
                    connection.close()  # a broken connection is opened afresh next beat
                    continue
                if not renewed:
                    logger.error("The lease of %s was lost to another holder", self.name)
                    self.lost.set()
                    return
                self.beats += 1
        finally:
            connection.close()
