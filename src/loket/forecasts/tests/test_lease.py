"""One forecast refresh at a time: the job lease and the refresh's use of it."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from loket.forecasts import services
from loket.forecasts.models import ProcessingTime
from loket.forecasts.services import REFRESH_JOB, REFRESH_LEASE, RefreshAlreadyRunningError
from loket.forecasts.tasks import refresh_forecasts
from loket.kernel.lease import job_lease_claim, job_lease_release, job_lease_renew
from loket.kernel.models import JobLease

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
TTL = dt.timedelta(hours=2)


def test_a_free_lease_is_claimed_and_named_after_its_holder() -> None:
    assert job_lease_claim(name="job", holder="a", now=T0, ttl=TTL)
    lease = JobLease.objects.get(name="job")
    assert lease.holder == "a"
    assert lease.claimed_at == T0
    assert lease.lease_until == T0 + TTL


def test_a_second_claim_is_refused_while_the_lease_runs() -> None:
    assert job_lease_claim(name="job", holder="a", now=T0, ttl=TTL)
    assert not job_lease_claim(name="job", holder="b", now=T0 + dt.timedelta(minutes=90), ttl=TTL)
    assert JobLease.objects.get(name="job").holder == "a"


def test_leases_of_different_jobs_are_independent() -> None:
    assert job_lease_claim(name="job", holder="a", now=T0, ttl=TTL)
    assert job_lease_claim(name="other job", holder="b", now=T0, ttl=TTL)


def test_a_released_lease_can_be_claimed_again() -> None:
    assert job_lease_claim(name="job", holder="a", now=T0, ttl=TTL)
    job_lease_release(name="job", holder="a")
    assert JobLease.objects.get(name="job").lease_until is None
    assert job_lease_claim(name="job", holder="b", now=T0 + dt.timedelta(minutes=1), ttl=TTL)


def test_only_the_holder_releases_or_renews_a_lease() -> None:
    assert job_lease_claim(name="job", holder="a", now=T0, ttl=TTL)
    job_lease_release(name="job", holder="b")
    assert not job_lease_renew(name="job", holder="b", now=T0, ttl=TTL)
    assert JobLease.objects.get(name="job").holder == "a"
    assert job_lease_renew(name="job", holder="a", now=T0 + dt.timedelta(hours=1), ttl=TTL)
    assert JobLease.objects.get(name="job").lease_until == T0 + dt.timedelta(hours=3)


def test_the_lease_of_a_crashed_holder_runs_out_and_is_taken_over() -> None:
    assert job_lease_claim(name="job", holder="crashed", now=T0, ttl=TTL)
    later = T0 + TTL + dt.timedelta(seconds=1)
    assert job_lease_claim(name="job", holder="b", now=later, ttl=TTL)
    assert JobLease.objects.get(name="job").holder == "b"
    # The old holder, should it wake up, can neither keep nor free the new holder's lease.
    assert not job_lease_renew(name="job", holder="crashed", now=later, ttl=TTL)
    job_lease_release(name="job", holder="crashed")
    assert JobLease.objects.get(name="job").holder == "b"


def _held_by_another_run() -> None:
    assert job_lease_claim(
        name=REFRESH_JOB, holder="other-host pid 1", now=timezone.now(), ttl=REFRESH_LEASE
    )


def test_a_refresh_does_nothing_while_another_holds_the_lease(now: dt.datetime) -> None:
    _held_by_another_run()
    with pytest.raises(RefreshAlreadyRunningError, match=r"already running.*other-host pid 1"):
        services.forecasts_refresh(now=now)
    # Even with no cases to score, a run would have published the processing times.
    assert not ProcessingTime.objects.exists()
    assert JobLease.objects.get(name=REFRESH_JOB).holder == "other-host pid 1"


def test_a_refresh_frees_the_lease_when_it_ends(now: dt.datetime) -> None:
    services.forecasts_refresh(now=now)
    assert ProcessingTime.objects.exists()
    assert JobLease.objects.get(name=REFRESH_JOB).lease_until is None
    services.forecasts_refresh(now=now)  # so the next one may run


def test_a_refresh_that_fails_frees_the_lease(
    now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "load_service_log", broken)
    with pytest.raises(RuntimeError):
        services.forecasts_refresh(now=now)
    assert JobLease.objects.get(name=REFRESH_JOB).lease_until is None


def test_a_refresh_whose_lease_was_taken_over_stops(now: dt.datetime) -> None:
    def take_over(step: str) -> None:
        # As if this run had hung past its lease and another run had claimed it.
        JobLease.objects.filter(name=REFRESH_JOB).update(holder="newer run")

    with pytest.raises(RefreshAlreadyRunningError, match="another one took over"):
        services.forecasts_refresh(now=now, progress=take_over)
    assert not ProcessingTime.objects.exists()
    assert JobLease.objects.get(name=REFRESH_JOB).holder == "newer run"


def test_the_refresh_command_says_it_skipped_and_succeeds() -> None:
    _held_by_another_run()
    out = StringIO()
    call_command("forecast", "refresh", stdout=out)
    assert "Skipped: a forecast refresh is already running" in out.getvalue()


def test_the_refresh_task_reports_a_skip() -> None:
    _held_by_another_run()
    assert refresh_forecasts.call().startswith("skipped: a forecast refresh is already running")
