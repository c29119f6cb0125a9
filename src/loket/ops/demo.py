"""The demo's people: applicant personas who own chosen simulated cases, a handler, an admin.

Each persona gets cases that show something worth seeing on the portal (an information
request answered, an extended term, an overdue asylum case...). Choices are made on the
simulation result before it is loaded, so they are deterministic for a seed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group

from loket.cases.models import OPEN_STATUSES, Case, EventKind, Outcome, Track
from loket.forecasts.selectors import cases_at_risk
from loket.kernel.actors import TEAM_GROUP_PREFIX, system_actor
from loket.simulation.config import DEFAULT_CONFIG
from loket.simulation.result import SimulatedCase, SimulationResult

Pick = Callable[[SimulatedCase, SimulationResult], bool]


@dataclass(frozen=True, slots=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    product: str
    story: str
    # Each entry picks one case: preferred predicates first, looser fallbacks after.
    picks: tuple[tuple[Pick, ...], ...]

    @property
    def password(self) -> str:
        return demo_password(self.username)


def demo_password(username: str) -> str:
    # Printed on screen by ``loket demo``; the demo database is local and throwaway.
    return f"demo-{username}-2026"


def _kinds(case: SimulatedCase) -> list[EventKind]:
    return case.kinds


def _open(case: SimulatedCase, _: SimulationResult) -> bool:
    return case.is_open


def _resumed(case: SimulatedCase, result: SimulationResult) -> bool:
    kinds = _kinds(case)
    return (
        _open(case, result)
        and EventKind.INFORMATION_RECEIVED in kinds
        and kinds[-1] != EventKind.INFORMATION_REQUESTED
    )


def _waiting(case: SimulatedCase, result: SimulationResult) -> bool:
    return _open(case, result) and case.kinds[-1] == EventKind.INFORMATION_REQUESTED


def _extended(case: SimulatedCase, result: SimulationResult) -> bool:
    return _open(case, result) and EventKind.TERM_EXTENDED in case.kinds


def _document_ready(case: SimulatedCase, _: SimulationResult) -> bool:
    return case.kinds[-1] == EventKind.DOCUMENT_READY


def _issued(case: SimulatedCase, _: SimulationResult) -> bool:
    return case.kinds[-1] == EventKind.ISSUED


def _refused(case: SimulatedCase, _: SimulationResult) -> bool:
    return any(r.kind == EventKind.DECIDED and r.outcome == Outcome.REFUSED for r in case.rows)


def _recently_asked(case: SimulatedCase, result: SimulationResult) -> bool:
    """Waiting for an answer to a question asked in the last two weeks: the reply date is
    still ahead, so the page shows a deadline to meet rather than one missed."""
    last = case.rows[-1]
    return _waiting(case, result) and result.end - last.at <= dt.timedelta(days=14)


def _recently_refused(case: SimulatedCase, result: SimulationResult) -> bool:
    """Refused in the last three weeks: the objection or appeal period is still running."""
    return any(
        r.kind == EventKind.DECIDED
        and r.outcome == Outcome.REFUSED
        and result.end - r.at <= dt.timedelta(days=21)
        for r in case.rows
    )


def _withdrawn(case: SimulatedCase, _: SimulationResult) -> bool:
    return case.kinds[-1] == EventKind.WITHDRAWN


def _overdue(case: SimulatedCase, result: SimulationResult) -> bool:
    due = result.due_date(case)
    return _open(case, result) and due is not None and due < result.end.date()


def _expert(case: SimulatedCase, result: SimulationResult) -> bool:
    return _open(case, result) and case.facts.track == Track.EXPERT


def _overdue_expert(case: SimulatedCase, result: SimulationResult) -> bool:
    return _expert(case, result) and _overdue(case, result)


def _running(case: SimulatedCase, result: SimulationResult) -> bool:
    """Open, not waiting for the applicant and within its legal date: on the page "in
    progress" (or "term extended"), neither "waiting for you" nor "late"."""
    return _open(case, result) and not _waiting(case, result) and not _overdue(case, result)


def _resumed_in_time(case: SimulatedCase, result: SimulationResult) -> bool:
    """Answered a question, the term never extended, not late: only the answer's story."""
    return (
        _resumed(case, result)
        and _running(case, result)
        and EventKind.TERM_EXTENDED not in case.kinds
    )


def _extended_in_time(case: SimulatedCase, result: SimulationResult) -> bool:
    """Extended and still within the new date: the page says "term extended", not "late"."""
    return _extended(case, result) and _running(case, result)


def _any(case: SimulatedCase, _: SimulationResult) -> bool:
    return True


PERSONAS: Final[tuple[Persona, ...]] = (
    Persona(
        "anna",
        "Anna",
        "Kowalski",
        "knowledge-migrant",
        "knowledge migrant; was asked for a document, answered, and her case runs again",
        ((_resumed_in_time, _resumed, _open, _any),),
    ),
    Persona(
        "ben",
        "Ben",
        "Okafor",
        "study",
        "student; permit granted, residence card ready to collect",
        ((_document_ready, _issued, _any),),
    ),
    Persona(
        "chen",
        "Chen",
        "Wei",
        "family",
        "family reunification; the decision term was extended; another request of hers was "
        "refused, and the period to object is still running",
        ((_extended_in_time, _extended, _open, _any), (_recently_refused, _refused, _any)),
    ),
    Persona(
        "dara",
        "Dara",
        "Ahmadi",
        "asylum",
        "asylum seeker; expert track, the decision is overdue",
        ((_overdue_expert, _overdue, _expert, _open, _any),),
    ),
    Persona(
        "eva",
        "Eva",
        "Santos",
        "naturalisation",
        "naturalisation; we are waiting for her answer to a question",
        ((_recently_asked, _waiting, _open, _any),),
    ),
    Persona(
        "wim",
        "Wim",
        "de Boer",
        "study",
        "student; withdrew his application",
        ((_withdrawn, _any),),
    ),
    Persona(
        "olena",
        "Olena",
        "Shevchenko",
        "ukraine-sticker",
        "temporary protection; sticker placed in her passport",
        ((_issued, _any),),
    ),
)


# Given a case only after the first forecast, because which cases will probably miss their
# legal date is what the forecast says: the one persona who shows a delay notice.
LATE_PERSONA: Final = Persona(
    "farid",
    "Farid",
    "Haddad",
    "family",
    "family reunification; the decision will probably be late, so he got a delay notice",
    (),
)


def adopt_late_case(persona: Persona, *, today: dt.date) -> str | None:
    """Give ``persona`` the unowned open case most likely to miss a legal date that is still
    ahead (their own product first, any product after); None when no case is at risk.

    Keeps the case the persona already has, so running the demo again changes nothing.
    """
    owned = Case.objects.filter(applicant__username=persona.username).first()
    if owned is not None:
        return owned.reference
    at_risk = cases_at_risk(actor=system_actor("loket demo")).filter(
        case__decision_due__gte=today, case__applicant__isnull=True
    )
    prediction = at_risk.filter(case__product__code=persona.product).first() or at_risk.first()
    if prediction is None:
        return None
    user = get_user_model()._default_manager.get(username=persona.username)
    Case.objects.filter(pk=prediction.case_id).update(applicant=user)
    return prediction.case.reference


def choose_cases(result: SimulationResult) -> dict[str, list[str]]:
    """Username -> references of the cases that persona will own (most recent match wins)."""
    taken: set[str] = set()
    chosen: dict[str, list[str]] = {}
    by_product: dict[str, list[SimulatedCase]] = {}
    for case in result.cases:
        by_product.setdefault(case.facts.product, []).append(case)
    for persona in PERSONAS:
        candidates = by_product.get(persona.product, [])
        for preferences in persona.picks:
            pick = _first_match(candidates, preferences, taken, result)
            if pick is not None:
                taken.add(pick)
                chosen.setdefault(persona.username, []).append(pick)
    return chosen


def _first_match(
    candidates: Sequence[SimulatedCase],
    preferences: Sequence[Pick],
    taken: set[str],
    result: SimulationResult,
) -> str | None:
    for predicate in preferences:
        for case in reversed(candidates):
            if case.facts.reference not in taken and predicate(case, result):
                return case.facts.reference
    return None


def assign_applicants(result: SimulationResult, chosen: dict[str, list[str]]) -> None:
    """Put each persona's username on the facts of the cases chosen for them (in place)."""
    owner = {ref: user for user, refs in chosen.items() for ref in refs}
    for index, case in enumerate(result.cases):
        user = owner.get(case.facts.reference)
        if user:
            facts = dataclasses.replace(case.facts, applicant_username=user)
            result.cases[index] = dataclasses.replace(case, facts=facts)


def adopt_cases(personas: Sequence[Persona]) -> list[str]:
    """Give a persona without cases the most recent open unowned case of their product.

    For a database filled by ``loket simulate`` or an import before the demo ran; the
    applicant is not part of the event log, so setting it directly changes no history.
    """
    adopted = []
    for persona in personas:
        if Case.objects.filter(applicant__username=persona.username).exists():
            continue
        case = (
            Case.objects.filter(
                product__code=persona.product, applicant__isnull=True, status__in=OPEN_STATUSES
            )
            .order_by("-received_at")
            .first()
        )
        if case is not None:
            user = get_user_model()._default_manager.get(username=persona.username)
            Case.objects.filter(pk=case.pk).update(applicant=user)
            adopted.append(persona.username)
    return adopted


# The demo's handler works in family reunification's standard team, so their work page opens
# on their own team's work: the product of chen's and farid's cases, and a team whose queue
# grows, with work on every list (waiting for the applicant, at risk, overdue, received).
HANDLER_TEAM: Final = DEFAULT_CONFIG.product("family").standard_team.name


@dataclass(frozen=True, slots=True)
class Login:
    username: str
    password: str
    role: str


def ensure_users(*, now: dt.datetime) -> list[Login]:
    """Create (or reset) the demo accounts; running it twice changes nothing else."""
    people = (*PERSONAS, LATE_PERSONA)
    logins = [Login(p.username, p.password, f"applicant: {p.story}") for p in people]
    for persona in people:
        _account(persona.username, first=persona.first_name, last=persona.last_name, now=now)
    handler = _account("handler", first="Hanna", last="Handler", staff=True, now=now)
    team, _ = Group.objects.get_or_create(name=f"{TEAM_GROUP_PREFIX}{HANDLER_TEAM}")
    handler.groups.add(team)
    _account("admin", first="Adam", last="Admin", staff=True, superuser=True, now=now)
    logins.append(
        Login(
            "handler",
            demo_password("handler"),
            f"case handler (staff), team {HANDLER_TEAM}; {_second_factor_hint('handler')}",
        )
    )
    logins.append(
        Login(
            "admin",
            demo_password("admin"),
            f"administrator (Django admin); {_second_factor_hint('admin')}",
        )
    )
    return logins


def _second_factor_hint(username: str) -> str:
    """Staff type a code after the password: the demo gives each staff account an app key
    (TOTP) and says how to get the code without a phone."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from loket.kernel.totp import grouped_key

    user = get_user_model()._default_manager.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    return (
        f"code: run `.venv-run/bin/loket totp {username}` "
        f"(or add key {grouped_key(device)} to an app)"
    )


def _account(
    username: str,
    *,
    first: str,
    last: str,
    now: dt.datetime,
    staff: bool = False,
    superuser: bool = False,
) -> AbstractUser:
    model = get_user_model()
    user, _ = model._default_manager.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.org",
            "date_joined": now,
        },
    )
    assert isinstance(user, AbstractUser)
    user.is_staff = staff
    user.is_superuser = superuser
    user.set_password(demo_password(username))
    user.save()
    return user
