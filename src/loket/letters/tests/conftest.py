"""Shared helpers for the letters tests: a timestamp in Dutch time and applicants."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from loket.kernel.time import AMSTERDAM
from loket.notifications.models import LanguagePreference

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=AMSTERDAM)


@pytest.fixture
def amira(django_user_model: type[User]) -> User:
    """An applicant who never chose a language: she is written to in Dutch."""
    return django_user_model.objects.create_user(
        "amira", password="amira-pass-2026", first_name="Amira", last_name="Haddad"
    )


@pytest.fixture
def john(django_user_model: type[User]) -> User:
    """An applicant who chose English in the portal."""
    user = django_user_model.objects.create_user(
        "john", password="john-pass-2026", first_name="John", last_name="Smith"
    )
    LanguagePreference.objects.create(user=user, language="en")
    return user


@pytest.fixture
def bram(django_user_model: type[User]) -> User:
    """Another applicant, who must never get Amira's letters."""
    return django_user_model.objects.create_user("bram", password="bram-pass-2026")
