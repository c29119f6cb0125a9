"""``loket forecast refresh`` in real processes: one at a time, and a killed run does not
block the next beyond the lease's TTL (issue 10 "two refresh runs never score side by side",
issue 11 "a refresh that is killed releases its claim within minutes").

The child process is the real command with two changes for time: the lease's TTL is seconds
instead of minutes, and reading the log (the first step) sleeps, so the run is caught while
it holds the lease. Processes share a server database: skipped on SQLite, run in CI on
PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import signal
import subprocess
import sys
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from loket.forecasts.services import REFRESH_JOB
from loket.kernel.lease import LeaseHeartbeat, job_lease_claim, job_lease_get
from loket.kernel.models import JobLease

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

TTL = 3.0  # seconds, in the child
CHILD = """
import datetime as dt, os, sys, time
import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
django.setup()
from loket.forecasts import services

services.REFRESH_LEASE = dt.timedelta(seconds=float(sys.argv[1]))
read_log = services.load_service_log

def slow_read(**kwargs):
    print("holding the lease", flush=True)
    time.sleep(float(sys.argv[2]))
    return read_log(**kwargs)

services.load_service_log = slow_read
from loket.cli import main
main(["loket", "forecast", "refresh"])
"""


def refresh_process(*, sleep: float) -> subprocess.Popen[str]:
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "LOKET_SECRET_KEY": secrets.token_urlsafe(50)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(TTL), str(sleep)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()  # blocks until the child holds the lease
    assert line.strip() == "holding the lease", child.communicate()
    return child


@pytest.fixture
def on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("processes need a server database to share; SQLite tests run in memory")


def lease_until() -> dt.datetime:
    lease = job_lease_get(name=REFRESH_JOB)
    assert lease is not None
    assert lease.lease_until is not None
    return lease.lease_until


def test_a_refresh_killed_with_sigkill_blocks_the_next_only_until_its_lease_runs_out(
    on_postgresql: None,
) -> None:
    child = refresh_process(sleep=60)
    try:
        # Its heartbeat renews the lease while one long step runs.
        first = lease_until()
        time.sleep(TTL)
        assert lease_until() > first
        # A second run meanwhile refuses in one line, and succeeds as a command.
        out = StringIO()
        call_command("forecast", "refresh", stdout=out)
        assert "Skipped: a forecast refresh is already running" in out.getvalue()

        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        killed_at = time.monotonic()
    finally:
        child.kill()
        child.communicate()

    # Held until the TTL runs out, then the next run takes over.
    assert not job_lease_claim(
        name=REFRESH_JOB, holder="next", now=timezone.now(), ttl=dt.timedelta(seconds=1)
    )
    while not job_lease_claim(
        name=REFRESH_JOB, holder="next", now=timezone.now(), ttl=dt.timedelta(seconds=1)
    ):
        assert time.monotonic() - killed_at < TTL + 5, "the killed run's lease did not run out"
        time.sleep(0.2)
    waited = time.monotonic() - killed_at
    assert waited <= TTL + 1
    print(f"a run killed with SIGKILL blocked the next for {waited:.1f} s (TTL {TTL:g} s)")


def test_a_refresh_stopped_with_sigterm_frees_its_lease_at_once(on_postgresql: None) -> None:
    child = refresh_process(sleep=60)
    child.send_signal(signal.SIGTERM)
    _out, err = child.communicate(timeout=30)

    assert child.returncode != 0
    assert "Traceback" not in err
    assert err.strip().splitlines() == [
        "CommandError: Stopped before the refresh finished; its lease is freed, so the next "
        "run may start at once."
    ]
    assert JobLease.objects.get(name=REFRESH_JOB).lease_until is None


def test_the_heartbeat_keeps_a_lease_alive_and_notices_when_it_is_lost(on_postgresql: None) -> None:
    ttl = dt.timedelta(seconds=1)
    assert job_lease_claim(name="job", holder="me", now=timezone.now(), ttl=ttl)
    with LeaseHeartbeat(name="job", holder="me", ttl=ttl, every=dt.timedelta(seconds=0.2)) as beat:
        time.sleep(2 * ttl.total_seconds())
        assert not beat.lost.is_set()
        assert not job_lease_claim(name="job", holder="other", now=timezone.now(), ttl=ttl)
        JobLease.objects.filter(name="job").update(holder="other")  # taken over
        time.sleep(0.6)
        assert beat.lost.is_set()
    assert beat.beats >= 5
