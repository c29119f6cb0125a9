"""A stored model that no longer loads (its class moved in a release) means a retrain, not a
failing daily job."""

from __future__ import annotations

import datetime as dt

import pytest

from loket.forecasts import services
from loket.forecasts.models import ForecastModel

pytestmark = pytest.mark.django_db

OLD_MODULE = b"loket.lib.forecasting.engine"
MOVED_AWAY = b"loket.old.forecasting.engine"  # same length: the pickle's framing stays valid


@pytest.mark.slow
def test_a_model_whose_class_moved_is_retrained_instead_of_failing(
    simulated_service: None, now: dt.datetime, caplog: pytest.LogCaptureFixture
) -> None:
    services.forecasts_refresh(now=now)
    stored = ForecastModel.objects.get()
    assert OLD_MODULE in bytes(stored.artifact)
    ForecastModel.objects.filter(pk=stored.pk).update(
        artifact=bytes(stored.artifact).replace(OLD_MODULE, MOVED_AWAY)
    )

    result = services.forecasts_refresh(now=now + dt.timedelta(days=1))

    assert result.retrained
    assert result.reason == "stored model unreadable"
    assert result.cases_scored > 0
    assert ForecastModel.objects.count() == 2
    assert "cannot be loaded" in caplog.text


def test_a_damaged_artifact_is_reported_as_unreadable() -> None:
    row = ForecastModel(pk=7, artifact=b"not a pickle")
    with pytest.raises(services.StoredModelUnreadableError, match="stored model 7"):
        services._load_model(row)
