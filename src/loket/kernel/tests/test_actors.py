"""One Actor for whoever makes a request, made from a Django user once."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User

from loket.kernel.actors import ANONYMOUS, ActorKind, Role, actor_for_user, system_actor

pytestmark = pytest.mark.django_db


def test_anonymous_and_inactive_users_are_anonymous(django_user_model: type[User]) -> None:
    gone = django_user_model.objects.create_user("gone", password="x", is_active=False)
    assert actor_for_user(AnonymousUser()) is ANONYMOUS
    assert actor_for_user(None) is ANONYMOUS
    assert actor_for_user(gone) is ANONYMOUS
    assert not ANONYMOUS.is_authenticated


def test_an_applicant_is_a_person_without_staff_roles(django_user_model: type[User]) -> None:
    anna = django_user_model.objects.create_user("anna", password="x")
    actor = actor_for_user(anna)
    assert (actor.kind, actor.user_id, actor.roles) == (ActorKind.PERSON, anna.pk, frozenset())
    assert actor.is_authenticated
    assert not actor.is_staff
    assert not actor.has_role(Role.HANDLER)


def test_staff_are_handlers_and_groups_add_roles(django_user_model: type[User]) -> None:
    lead = django_user_model.objects.create_user("lead", password="x", is_staff=True)
    lead.groups.add(Group.objects.create(name="team_lead"), Group.objects.create(name="chess"))
    actor = actor_for_user(lead)
    assert actor.kind is ActorKind.STAFF
    assert actor.roles == {Role.HANDLER, Role.TEAM_LEAD}


def test_team_groups_give_staff_their_teams(django_user_model: type[User]) -> None:
    """A group "team:<name>" puts a member of staff in the team that cases call <name>."""
    hanna = django_user_model.objects.create_user("hanna", password="x", is_staff=True)
    hanna.groups.add(
        Group.objects.create(name="team:Arbeid Zwolle"),
        Group.objects.create(name="team:Studie"),
        Group.objects.create(name="team:"),  # no name: no team
        Group.objects.create(name="Arbeid Zwolle"),  # not a team group
    )
    actor = actor_for_user(hanna)
    assert actor.teams == {"Arbeid Zwolle", "Studie"}
    assert actor.roles == {Role.HANDLER}  # a team is not a role


def test_an_applicant_in_a_team_group_has_no_team(django_user_model: type[User]) -> None:
    anna = django_user_model.objects.create_user("anna", password="x")
    anna.groups.add(Group.objects.create(name="team:Studie"))
    assert actor_for_user(anna).teams == frozenset()


def test_a_superuser_is_an_admin_too(django_user_model: type[User]) -> None:
    boss = django_user_model.objects.create_superuser("boss", password="x")
    assert actor_for_user(boss).roles >= {Role.HANDLER, Role.ADMIN}


def test_a_system_actor_is_not_a_person_and_has_no_roles() -> None:
    operator = system_actor("loket export")
    assert operator.is_system
    assert operator.is_authenticated
    assert not operator.is_staff
    assert not operator.has_role(Role.HANDLER)
    assert str(operator) == "system:loket export"
