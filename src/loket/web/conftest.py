"""Personas and cases for the portal tests, made through the case services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User

from loket.cases import services
from loket.cases.models import Case, Letter

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=AMS)


@pytest.fixture
def amira(django_user_model: type[User]) -> User:
    """Amira, a knowledge migrant with one application."""
    return django_user_model.objects.create_user("amira", password="amira-pass-2026")


@pytest.fixture
def bram(django_user_model: type[User]) -> User:
    """Bram, another applicant, who must never see Amira's case."""
    return django_user_model.objects.create_user("bram", password="bram-pass-2026")


@pytest.fixture
def handler(django_user_model: type[User]) -> User:
    """Hanneke, a case handler (staff)."""
    return django_user_model.objects.create_user(
        "hanneke", password="hanneke-pass-2026", is_staff=True
    )


def make_story_case(applicant: User, reference: str = "KM-2026-0001") -> Case:
    """A knowledge-migrant case with a suspension of 10 days and an extension of 14 days.

    Received 2 Feb 2026, term 90 days → 3 May. +10 (information 10 to 20 March) +14 extension
    → 27 May 2026, a Wednesday: no roll-forward.
    """
    case = services.case_create(
        reference=reference,
        product="knowledge-migrant",
        received_at=at(dt.date(2026, 2, 2)),
        source="staff",
        applicant=applicant,
        handler_name="Hanneke de Vries",
        handler_email="h.devries@loket.example",
        team="Arbeid Zwolle",
    )
    steps: list[tuple[str, dt.date, str, int | None]] = [
        ("stage_entered", dt.date(2026, 2, 5), "intake", None),
        ("information_requested", dt.date(2026, 3, 10), "", None),
        ("information_received", dt.date(2026, 3, 20), "", None),
        ("stage_entered", dt.date(2026, 3, 23), "assessment", None),
        ("term_extended", dt.date(2026, 4, 20), "", 14),
    ]
    for kind, day, stage, days in steps:
        services.case_record_event(
            case=case, kind=kind, at=at(day), source="staff", stage=stage, days=days
        )
    Letter.objects.create(
        case=case,
        title_nl="Wij hebben meer tijd nodig",
        title_en="We need more time",
        body_nl="Beste Amira,\n\nWij hebben meer tijd nodig.",
        body_en="Dear Amira,\n\nWe need more time.",
        sent_at=at(dt.date(2026, 4, 20)),
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def story_case(amira: User) -> Case:
    return make_story_case(amira)


@pytest.fixture
def case_factory() -> Callable[..., Case]:
    def make(applicant: User, reference: str, received: dt.date = dt.date(2026, 9, 1)) -> Case:
        return services.case_create(
            reference=reference,
            product="study",
            received_at=at(received),
            source="staff",
            applicant=applicant,
        )

    return make


def url(name: str, lang: str = "nl", **kwargs: object) -> str:
    """The URL of ``name`` in ``lang`` (Dutch has no prefix, English lives under /en/)."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)
