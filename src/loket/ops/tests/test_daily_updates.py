"""The daily messages to applicants (``loket.updates``) run after the forecasts: in
``loket forecast refresh`` (also when another process holds the refresh) and in the demo's
background loop, in its first round."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from time_machine import TimeMachineFixture

from loket.cases import services as case_services
from loket.cases.domain.vocabulary import EventSource
from loket.cases.models import Case
from loket.forecasts.services import RefreshAlreadyRunningError
from loket.notifications.models import Message, MessageKind
from loket.ops import background, refresh

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def overdue_case(django_user_model: type[User], time_machine: TimeMachineFixture) -> Case:
    """Dara's application, due on Monday 2 November and still open on 3 December."""
    time_machine.move_to(NOW, tick=False)
    return case_services.case_create(
        reference="AS-2026-0001",
        product="knowledge-migrant",
        received_at=dt.datetime(2026, 8, 3, 9, 0, tzinfo=dt.UTC),
        source=EventSource.STAFF,
        applicant=django_user_model.objects.create_user("dara", email="dara@example.org"),
    )


def _told(case: Case) -> int:
    return Message.objects.filter(case=case, kind=MessageKind.LEGAL_DATE_PASSED).count()


def test_forecast_refresh_sends_the_days_messages_even_when_another_run_refreshes(
    overdue_case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(**kwargs: Any) -> None:
        raise RefreshAlreadyRunningError(None)

    monkeypatch.setattr(refresh, "forecasts_refresh", busy)
    out = StringIO()
    refresh.run_refresh(out, {})
    printed = " ".join(out.getvalue().split())  # rich wraps long lines
    assert "Messages to applicants: 0 reminders to reply, 1 legal dates passed." in printed
    assert _told(overdue_case) == 2  # portal and e-mail
    refresh.run_refresh(StringIO(), {})
    assert _told(overdue_case) == 2


def test_the_demo_loop_sends_the_days_messages_in_its_first_round(
    overdue_case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    stop = threading.Event()

    def once() -> int:
        stop.set()  # one round is enough
        return 0

    monkeypatch.setattr(background, "deliver_due_messages", once)
    monkeypatch.setattr(background, "close_old_connections", lambda: None)
    background.demo_background_loop(stop, interval=0)
    assert _told(overdue_case) == 2
