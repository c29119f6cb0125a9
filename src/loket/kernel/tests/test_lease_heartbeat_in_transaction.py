"""A lease claimed inside a transaction that has not committed is seen by no other
connection: its heartbeat must not report it lost (the demo test on PostgreSQL did, after a
minute of training, and the refresh stopped halfway)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from loket.kernel.lease import LeaseHeartbeat, job_lease_claim

pytestmark = pytest.mark.django_db  # the test runs inside a transaction that never commits


def test_a_heartbeat_inside_an_uncommitted_transaction_does_not_call_the_lease_lost() -> None:
    ttl = dt.timedelta(seconds=3)
    assert job_lease_claim(name="job", holder="me", now=timezone.now(), ttl=ttl)
    heartbeat = LeaseHeartbeat(name="job", holder="me", ttl=ttl, every=dt.timedelta(seconds=0.05))
    with heartbeat:
        time.sleep(0.4)
    assert not heartbeat.lost.is_set()
