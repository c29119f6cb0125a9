"""Who may see which case, event and letter: the policies every door reads through."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from loket.cases import services
from loket.cases.models import Case, EventSource, Letter
from loket.cases.policies import (
    case_of_applicant,
    cases_of_applicant,
    cases_recordable_by,
    cases_visible_to,
    events_visible_to,
    letters_of_applicant,
    letters_visible_to,
)
from loket.kernel.actors import ANONYMOUS, actor_for_user, system_actor

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(django_user_model: type[User]) -> tuple[User, User, User]:
    anna = django_user_model.objects.create_user("anna", password="x")
    ben = django_user_model.objects.create_user("ben", password="x")
    handler = django_user_model.objects.create_user("h", password="x", is_staff=True)
    for reference, applicant in (("A-1", anna), ("B-1", ben)):
        case = services.case_create(
            reference=reference,
            product="study",
            received_at=at(2026, 9, 1),
            source=EventSource.STAFF,
            applicant=applicant,
        )
        Letter.objects.create(
            case=case, title_nl="t", title_en="t", body_nl="b", body_en="b", sent_at=at(2026, 9, 2)
        )
    return anna, ben, handler


def refs(cases: object) -> set[str]:
    return {c.reference for c in cases}  # type: ignore[attr-defined]


def test_an_applicant_sees_only_their_own_cases_events_and_letters(
    two_cases: tuple[User, User, User],
) -> None:
    anna = actor_for_user(two_cases[0])
    assert refs(cases_visible_to(anna)) == refs(cases_of_applicant(anna)) == {"A-1"}
    assert {e.case.reference for e in events_visible_to(anna)} == {"A-1"}
    assert {x.case.reference for x in letters_visible_to(anna)} == {"A-1"}
    assert {x.case.reference for x in letters_of_applicant(anna)} == {"A-1"}
    with pytest.raises(Case.DoesNotExist):
        case_of_applicant(anna, "B-1")
    assert not cases_recordable_by(anna).exists()


def test_staff_see_every_case_but_have_no_applications_of_their_own(
    two_cases: tuple[User, User, User],
) -> None:
    handler = actor_for_user(two_cases[2])
    assert refs(cases_visible_to(handler)) == refs(cases_recordable_by(handler)) == {"A-1", "B-1"}
    assert letters_visible_to(handler).count() == 2
    assert not cases_of_applicant(handler).exists()


def test_the_operator_sees_everything_and_anonymous_nothing(
    two_cases: tuple[User, User, User],
) -> None:
    operator = system_actor("loket export")
    assert refs(cases_visible_to(operator)) == {"A-1", "B-1"}
    assert not cases_of_applicant(operator).exists()
    for query in (cases_visible_to, events_visible_to, letters_visible_to, cases_of_applicant):
        assert not query(ANONYMOUS).exists()
