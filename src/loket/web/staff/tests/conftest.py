"""Fixtures of the staff door's tests: the cases on the work lists and a handler in a team."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from loket.cases.models import Case
from loket.forecasts.tests.work_cases import TEAM_A, make_work_cases


@pytest.fixture
def work_cases(db: None) -> dict[str, Case]:
    return make_work_cases()


@pytest.fixture
def team_a_handler(django_user_model: type[User]) -> User:
    """Hanna, a handler in team Arbeid Zwolle."""
    hanna = django_user_model.objects.create_user("hanna", password="x", is_staff=True)
    hanna.groups.add(Group.objects.create(name=f"team:{TEAM_A}"))
    return hanna
