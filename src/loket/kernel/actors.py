"""Who makes a request: one ``Actor`` for every door (pages, exports, commands, later the API).

Doors turn whatever proved an identity (a session, a token, the command line) into an Actor
once; domain policies (``<app>/policies.py``) then narrow querysets to what that actor may
see. Nothing below the doors looks at ``request.user`` or ``is_staff`` directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class ActorKind(StrEnum):
    ANONYMOUS = "anonymous"
    PERSON = "person"  # an applicant (later also a sponsor signing in for themselves)
    STAFF = "staff"  # an employee of the service, with roles
    SYSTEM = "system"  # a command or job run by the operator: exports, the daily refresh


class Role(StrEnum):
    """What a member of staff may do. Staff accounts have ``HANDLER`` at least; Django groups
    with these names add the others."""

    HANDLER = "handler"
    TEAM_LEAD = "team_lead"
    ACCOUNT_MANAGER = "account_manager"
    CHANNEL_MANAGER = "channel_manager"
    MANAGEMENT = "management"
    # Reads the processing log and answers access requests (GDPR art. 15) for the service.
    PRIVACY_OFFICER = "privacy_officer"
    ADMIN = "admin"


# A member of staff belongs to a team through a Django group named "team:<name>", where
# <name> is the team as cases carry it (``Case.team``, e.g. "team:Arbeid Zwolle"). Data, not
# code: an administrator adds a handler to their team in the admin.
TEAM_GROUP_PREFIX = "team:"


@dataclass(frozen=True, slots=True)
class Actor:
    """Whoever makes a request. Immutable, cheap, and free of the auth framework's models."""

    kind: ActorKind
    user_id: int | None = None
    roles: frozenset[Role] = field(default_factory=frozenset)
    label: str = ""  # for logs: a username or the command's name
    # The teams (``Case.team`` values) a member of staff works in, from their "team:<name>"
    # groups. They choose what the staff pages show first; they do not limit what staff may
    # see (every handler may look at every case, as before).
    teams: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.kind is not ActorKind.ANONYMOUS

    @property
    def is_staff(self) -> bool:
        return self.kind is ActorKind.STAFF

    @property
    def is_system(self) -> bool:
        return self.kind is ActorKind.SYSTEM

    def has_role(self, role: Role) -> bool:
        return self.is_staff and role in self.roles

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.label or self.user_id or '-'}"


ANONYMOUS = Actor(kind=ActorKind.ANONYMOUS)


def system_actor(label: str) -> Actor:
    """The operator running a command (``loket export``, the refresh): sees everything."""
    return Actor(kind=ActorKind.SYSTEM, label=label)


def actor_for_user(user: AbstractBaseUser | AnonymousUser | None) -> Actor:
    """The Actor behind a Django user. Inactive users are anonymous."""
    if user is None or not user.is_authenticated or not getattr(user, "is_active", True):
        return ANONYMOUS
    label = user.get_username()
    if getattr(user, "is_staff", False):
        roles = {Role.HANDLER}
        if getattr(user, "is_superuser", False):
            roles.add(Role.ADMIN)
        teams: set[str] = set()
        groups = getattr(user, "groups", None)
        if groups is not None:
            names = set(groups.values_list("name", flat=True))
            roles.update(role for role in Role if role.value in names)
            teams = {
                name.removeprefix(TEAM_GROUP_PREFIX).strip()
                for name in names
                if name.startswith(TEAM_GROUP_PREFIX)
            } - {""}
        return Actor(
            kind=ActorKind.STAFF,
            user_id=user.pk,
            roles=frozenset(roles),
            label=label,
            teams=frozenset(teams),
        )
    return Actor(kind=ActorKind.PERSON, user_id=user.pk, label=label)


def request_actor(request: HttpRequest) -> Actor:
    """The request's Actor, made once per request and kept on it."""
    actor = getattr(request, "actor", None)
    if isinstance(actor, Actor):
        return actor
    actor = actor_for_user(getattr(request, "user", None))
    request.actor = actor  # type: ignore[attr-defined]
    return actor
