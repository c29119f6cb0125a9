"""Claims of the job lease side by side: exactly one wins (PostgreSQL: real row locks)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from loket.kernel.lease import job_lease_claim
from loket.kernel.models import JobLease

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("row_exists", [False, True])
def test_of_claims_at_the_same_moment_exactly_one_wins(row_exists: bool) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("threads need a server database; SQLite serialises writers anyway")
    if row_exists:
        JobLease.objects.create(name="job")  # else the claims also race to create it
    count = 8
    barrier = threading.Barrier(count)
    won: list[str] = []
    errors: list[BaseException] = []

    def claim(holder: str) -> None:
        try:
            barrier.wait()
            if job_lease_claim(
                name="job", holder=holder, now=timezone.now(), ttl=dt.timedelta(hours=2)
            ):
                won.append(holder)
        except BaseException as error:  # collected and re-raised in the test thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(f"run {n}",)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    assert len(won) == 1
    assert JobLease.objects.get(name="job").holder == won[0]
