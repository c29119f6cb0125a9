from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from loket.cases.models import OPEN_STATUSES, Case
from loket.catalogue.models import ProductType
from loket.forecasts import services
from loket.forecasts.logs import load_service_log
from loket.forecasts.models import CasePrediction, ForecastModel, ProcessingTime
from loket.forecasts.notices import delay_notices_send
from loket.forecasts.selectors import cases_at_risk, cases_overdue
from loket.kernel.actors import system_actor
from loket.lib.forecasting import features, windows
from loket.lib.forecasting.features import ProcessState
from loket.lib.forecasting.outcome import OutcomeDataError, predict_outcome
from loket.notifications.models import Channel, Message, MessageKind

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # each test refreshes with a retrain


def test_every_open_case_gets_an_ordered_expected_window(
    simulated_service: None, now: dt.datetime
) -> None:
    result = services.forecasts_refresh(now=now)
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES).count()
    assert result.retrained
    assert result.reason == "first"
    assert result.cases_scored == open_cases == CasePrediction.objects.count()
    today = timezone.localdate(now)
    for p in CasePrediction.objects.all():
        assert today <= p.earliest_on <= p.expected_on <= p.latest_on
        assert 0.0 <= p.probability_late <= 1.0
        assert p.probability_granted is None or 0.0 < p.probability_granted < 1.0


def test_the_grant_probability_comes_from_the_outcome_model_where_outcomes_are_known(
    simulated_service: None, now: dt.datetime
) -> None:
    services.forecasts_refresh(now=now)
    model = services._load_model(ForecastModel.objects.get())
    assert model.outcome is not None  # the simulation has both grants and refusals
    log = load_service_log(now=now)
    state = ProcessState.from_logs(log.decided, log.open)
    expected = predict_outcome(model.outcome, log.open, state=state)
    stored = dict(CasePrediction.objects.values_list("case_id", "probability_granted"))
    for i, pk in enumerate(log.open_case_pks):
        assert stored[pk] == pytest.approx(float(expected[i]))
        assert 0.0 < float(expected[i]) < 1.0
    # Hedged: the model, or the share per product and track where it is not clearly better.
    assert model.outcome.diagnostics["baseline"] in {"per-k", "per-type"}


def test_windows_for_open_cases_are_corrected_by_how_past_windows_did(
    simulated_service: None, now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fixture holds 150 days; look back 30 and 60 days, whatever history they had.
    monkeypatch.setattr(windows, "SNAPSHOT_DAYS_BACK", (30, 60))
    monkeypatch.setattr(windows, "MIN_HISTORY_RATIO", 0.0)
    services.forecasts_refresh(now=now)
    stored = ForecastModel.objects.get().window_correction
    assert stored is not None
    correction = windows.OpenCaseCorrection.from_json(stored)
    assert correction.cases >= windows.MIN_SNAPSHOT_CASES
    assert len(correction.snapshots) == 2
    assert 0.0 <= correction.coverage_before <= 1.0
    today = timezone.localdate(now)
    for p in CasePrediction.objects.all():
        assert today <= p.earliest_on <= p.expected_on <= p.latest_on


def test_the_forecast_for_a_new_application_gets_the_correction_too(
    simulated_service: None, now: dt.datetime
) -> None:
    services.forecasts_refresh(now=now)
    model = services._load_model(ForecastModel.objects.get())
    log = load_service_log(now=now)
    state = ProcessState.from_logs(log.decided, log.open)
    plain = services.processing_times_publish(model=model, now=now, state=state)
    later = windows.OpenCaseCorrection(0.0, 0.5, 1.0, [], 500, 0, 0.5)
    corrected = services.processing_times_publish(
        model=model, now=now, state=state, correction=later
    )
    for before, after in zip(plain, corrected, strict=True):
        assert before.forecast_upper_days is not None
        assert after.forecast_upper_days is not None
        assert after.forecast_upper_days > before.forecast_upper_days
        assert after.forecast_lower_days == before.forecast_lower_days


def test_without_enough_history_the_windows_are_not_corrected(
    simulated_service: None, now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fixture holds 150 days: 120 and 140 days back it had decided too few cases.
    monkeypatch.setattr(windows, "SNAPSHOT_DAYS_BACK", (120, 140))
    services.forecasts_refresh(now=now)
    assert ForecastModel.objects.get().window_correction is None


def test_a_grant_model_that_cannot_be_trained_does_not_stop_the_refresh(
    simulated_service: None, now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def one_outcome(*args: object, **kwargs: object) -> None:
        raise OutcomeDataError("the most recent cases have only one outcome")

    monkeypatch.setattr(services, "train_outcome", one_outcome)
    result = services.forecasts_refresh(now=now)
    assert result.cases_scored > 0
    assert services._load_model(ForecastModel.objects.get()).outcome is None
    # The grant share of the product and track stands in.
    assert CasePrediction.objects.filter(probability_granted__isnull=False).exists()


def test_the_model_is_reused_until_a_week_has_passed(
    simulated_service: None, now: dt.datetime
) -> None:
    services.forecasts_refresh(now=now)
    next_day = services.forecasts_refresh(now=now + dt.timedelta(days=1))
    assert not next_day.retrained
    a_week_later = services.forecasts_refresh(now=now + dt.timedelta(days=7))
    assert a_week_later.retrained
    assert a_week_later.reason == "schedule"
    assert ForecastModel.objects.count() == 2


def test_a_model_whose_intervals_stop_covering_new_decisions_is_retrained(
    simulated_service: None, now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.forecasts_refresh(now=now)
    # Only 50% of recent decisions fell inside the 80% window: the process drifted.
    monkeypatch.setattr(services, "_coverage_since", lambda *args: (0.5, 500))
    result = services.forecasts_refresh(now=now + dt.timedelta(days=1))
    assert result.retrained
    assert result.reason == "drift"
    assert result.drift_coverage == 0.5


def test_a_model_stored_before_a_feature_was_added_is_retrained(
    simulated_service: None, now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.forecasts_refresh(now=now)
    # A new release builds one more feature than the stored model was trained on.
    monkeypatch.setattr(features, "BASE_FEATURES", (*features.BASE_FEATURES, "new_feature"))
    result = services.forecasts_refresh(now=now + dt.timedelta(days=1))
    assert result.retrained
    assert result.reason == "features changed"
    assert result.cases_scored > 0


def test_the_drift_check_measures_coverage_on_cases_decided_after_training(
    simulated_service: None, now: dt.datetime
) -> None:
    services.forecasts_refresh(now=now - dt.timedelta(days=30))
    latest = ForecastModel.objects.get()
    log = load_service_log(now=now)
    state = ProcessState.from_logs(log.decided, log.open)
    coverage, prefixes = services._coverage_since(
        services._load_model(latest), log, latest.data_until.timestamp(), state
    )
    assert prefixes > 0
    assert coverage is not None
    assert 0.0 <= coverage <= 1.0


def test_processing_times_are_published_for_every_product(
    simulated_service: None, now: dt.datetime
) -> None:
    services.forecasts_refresh(now=now)
    published = ProcessingTime.objects.filter(computed_on=timezone.localdate(now))
    assert published.count() == ProductType.objects.filter(is_active=True).count()
    for row in published:
        assert row.decisions_last_6_months > 0
        assert row.p80_days_last_6_months is not None
        low, mid, high = row.forecast_lower_days, row.forecast_median_days, row.forecast_upper_days
        assert low is not None
        assert mid is not None
        assert high is not None
        assert low <= mid <= high


def test_an_applicant_at_risk_gets_one_delay_notice_and_the_team_one_digest(
    simulated_service: None, now: dt.datetime
) -> None:
    result = services.forecasts_refresh(now=now)
    today = timezone.localdate(now)
    prediction = cases_at_risk(actor=system_actor("test"), today=today).first()
    assert prediction is not None, "the simulated service should have a case at risk"
    applicant = get_user_model().objects.create_user(
        "risk", email="risk@example.org", password="x-long-password-1"
    )
    Case.objects.filter(pk=prediction.case_id).update(applicant=applicant)

    assert delay_notices_send(now=now) >= 1
    delay_notices_send(now=now + dt.timedelta(hours=1))  # the next run sends nothing again

    notices = Message.objects.filter(case_id=prediction.case_id, kind=MessageKind.DELAY_NOTICE)
    assert sorted(notices.values_list("channel", flat=True)) == [Channel.EMAIL, Channel.PORTAL]
    first_notice = notices.first()
    assert first_notice is not None
    body = first_notice.body
    assert prediction.case.reference in body
    # This applicant never chose a language: Dutch only (test_notices.py has English).
    assert first_notice.language == "nl"
    assert "8 van de 10" in body
    assert "8 in 10" not in body
    # The team heard of it in its one digest of the day, not in an e-mail per case
    # (test_digest.py has what the digest says).
    assert not Message.objects.filter(case_id=prediction.case_id, kind=MessageKind.TEAM_ALERT)
    digests = Message.objects.filter(kind=MessageKind.TEAM_ALERT)
    assert result.digests_sent == digests.count() > 0
    assert digests.count() == len(set(digests.values_list("recipient_address", flat=True)))
    team_digest = digests.get(dedupe_key=f"team_digest:{today.isoformat()}:{prediction.case.team}")
    assert prediction.case.reference in team_digest.body


def test_no_notice_is_sent_after_the_legal_date_has_passed(
    simulated_service: None, now: dt.datetime
) -> None:
    services.forecasts_refresh(now=now)
    overdue = cases_overdue(actor=system_actor("test"), today=timezone.localdate(now))
    assert overdue.exists()
    delay_notices_send(now=now)
    assert not Message.objects.filter(case__in=overdue, kind=MessageKind.DELAY_NOTICE).exists()


def test_the_processing_times_page_explains_the_figures_in_both_languages(
    simulated_service: None, now: dt.datetime, client: Client
) -> None:
    services.forecasts_refresh(now=now)
    english = client.get("/en/processing-times/")
    dutch = client.get("/processing-times/")
    assert english.status_code == dutch.status_code == 200
    assert "8 in 10" in english.content.decode()
    assert "Kennismigrant" in dutch.content.decode() or "kennismigrant" in dutch.content.decode()


def test_the_at_risk_page_is_for_staff_only_and_lists_the_riskiest_first(
    simulated_service: None, now: dt.datetime, client: Client
) -> None:
    services.forecasts_refresh(now=now)
    user_model = get_user_model()
    client.force_login(user_model.objects.create_user("applicant", password="x-long-password-1"))
    assert client.get("/en/staff/at-risk/").status_code == 404
    client.force_login(user_model.objects.create_user("staff", password="x", is_staff=True))
    page = client.get("/en/staff/at-risk/")
    assert page.status_code == 200
    risks = [p.probability_late for p in page.context["page"].object_list]
    assert risks == sorted(risks, reverse=True)
    assert all(r > 0.5 for r in risks)


def test_the_applicant_sees_the_expected_window_beside_the_legal_date(
    simulated_service: None, now: dt.datetime, client: Client
) -> None:
    services.forecasts_refresh(now=now)
    prediction = CasePrediction.objects.select_related("case").first()
    assert prediction is not None
    applicant = get_user_model().objects.create_user("eva2", password="x-long-password-1")
    Case.objects.filter(pk=prediction.case_id).update(applicant=applicant)
    client.force_login(applicant)
    with time_machine.travel(now, tick=False):
        page = client.get(f"/en/cases/{prediction.case.reference}/").content.decode()
        dutch = client.get(f"/cases/{prediction.case.reference}/").content.decode()
    assert "We expect a decision between" in page
    assert "For 8 in 10 of them" in page
    assert prediction.latest_on.strftime("%Y") in page
    assert "Wij verwachten een besluit tussen" in dutch


def test_the_refresh_command_reports_what_it_did(simulated_service: None, now: dt.datetime) -> None:
    out = StringIO()
    with time_machine.travel(now, tick=False):
        call_command("forecast", "refresh", stdout=out)
    assert "first" in out.getvalue()
    assert f"{CasePrediction.objects.count():,} open cases scored" in out.getvalue()
