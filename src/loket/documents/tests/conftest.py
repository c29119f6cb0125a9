"""An applicant with a case that waits for her answer; uploads go to a temporary folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from pytest_django import Settings

from loket.cases import services
from loket.cases.models import Case

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=AMS)


RECEIVED = dt.date(2026, 9, 1)
ASKED = dt.date(2026, 10, 3)  # a Saturday: 21 days later is Saturday 24 October
QUESTION = "Stuur uw loonstroken van augustus en september 2026."


@pytest.fixture(autouse=True)
def upload_dir(settings: Settings, tmp_path: Path) -> Path:
    folder = tmp_path / "uploads"
    settings.LOKET_UPLOAD_DIR = folder
    return folder


@pytest.fixture
def amira(django_user_model: type[User]) -> User:
    return django_user_model.objects.create_user("amira", password="amira-pass-2026")


def make_waiting_case(applicant: User, reference: str = "ST-2026-0100") -> Case:
    """A study case: received 1 Sep 2026, information requested 3 Oct 2026."""
    case = services.case_create(
        reference=reference,
        product="study",
        received_at=at(RECEIVED),
        source="staff",
        applicant=applicant,
    )
    services.case_record_event(
        case=case,
        kind="information_requested",
        at=at(ASKED),
        source="staff",
        note=f"  {QUESTION}\n",
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def waiting_case(amira: User) -> Case:
    return make_waiting_case(amira)


def stored_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
