"""Proactive delay notices, and the teams' daily digest.

* The applicant hears before the legal date that we will probably miss it: one notice per
  case and legal date, in their language.
* Each team gets one e-mail a day, in Dutch, with the counts of its work lists (at risk,
  overdue, waiting for the client past the reply date, received in the last day), its
  riskiest cases, and the applicants it must phone because Loket cannot reach them. It
  replaces the per-case team alert, which sent hundreds of e-mails at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from loket.cases.models import Case, Track
from loket.forecasts.models import CasePrediction
from loket.forecasts.selectors import (
    WorkCounts,
    WorkScope,
    cases_at_risk,
    teams_of_cases,
    work_counts,
)
from loket.kernel.actors import system_actor
from loket.kernel.time import local_date
from loket.notifications.models import Channel, Message, MessageKind
from loket.notifications.selectors import preferred_language
from loket.notifications.services import (
    NotificationError,
    case_notice_enqueue,
    message_enqueue,
)

logger = logging.getLogger(__name__)
# The daily job reads every case at risk, as the operator would.
NOTICES_ACTOR = system_actor("forecast refresh: delay notices")
DIGEST_ACTOR = system_actor("forecast refresh: team digests")
DIGEST_RISKIEST = 10  # the riskiest cases a digest lists
DIGEST_TO_PHONE = 20  # the applicants to phone it lists (it says how many more there are)
# Keys per lookup of notices already sent (one IN list per batch).
KEY_LOOKUP_BATCH = 5_000


def _date(day: dt.date) -> str:
    """``20 november 2026`` / ``20 November 2026``, in the active language."""
    return formats.date_format(day, "j F Y")


def delay_notice_text(case: Case, prediction: CasePrediction, *, language: str) -> tuple[str, str]:
    """Subject and body in ``language``, in plain (B1) words."""
    assert case.decision_due is not None
    with translation.override(language):
        if case.handler_name:
            contact = case.handler_name
        elif case.team:
            contact = _("team %(team)s") % {"team": case.team}
        else:
            contact = pgettext("whom to contact about a delay", "us")
        subject = _("%(reference)s: the decision will probably be late") % {
            "reference": case.reference
        }
        paragraphs = [
            _("Dear applicant,"),
            _(
                "We must decide on your application %(product)s (%(reference)s) by %(due)s "
                "at the latest.\nThis is the decision period that the law gives us."
            )
            % {
                "product": case.product.name,
                "reference": case.reference,
                "due": _date(case.decision_due),
            },
            _(
                "We expect that we will not make it. We are sorry. We now expect a decision "
                "between %(earliest)s and %(latest)s.\nFor 8 in 10 applications like yours, "
                "the decision comes in that period."
            )
            % {"earliest": _date(prediction.earliest_on), "latest": _date(prediction.latest_on)},
            "\n".join(
                [
                    _("What can you do?"),
                    _("- You do not have to do anything. We are working on your application."),
                    _(
                        "- Has the decision period passed? Then you may send us a letter asking "
                        "us to decide quickly.\n  This is called a notice of default "
                        "(ingebrekestelling)."
                    ),
                    _("- Do you have questions? Contact %(contact)s.") % {"contact": contact},
                ]
            ),
            _("You can always see your application in Loket."),
        ]
    return subject, "\n\n".join(paragraphs) + "\n"


def delay_notices_send(*, now: dt.datetime) -> int:
    """Send one notice per at-risk case whose legal date has not passed yet.

    Only cases with an applicant account can be told (the team's digest covers the rest), and
    only keys of today's candidates are looked up: a daily run costs what today's at-risk
    cases cost, not what every notice ever sent does (issue "National scale").
    """
    today = timezone.localdate(now)
    # At risk: the legal date is today or later (an overdue case is told otherwise).
    candidates = [
        (prediction, _delay_notice_key(prediction.case))
        for prediction in cases_at_risk(actor=NOTICES_ACTOR, today=today).filter(
            case__applicant__isnull=False
        )
    ]
    already_sent: set[str | None] = set()
    portal_keys = [f"{key}:{Channel.PORTAL.value}" for _, key in candidates]
    for start in range(0, len(portal_keys), KEY_LOOKUP_BATCH):
        already_sent.update(
            Message.objects.filter(
                dedupe_key__in=portal_keys[start : start + KEY_LOOKUP_BATCH]
            ).values_list("dedupe_key", flat=True)
        )
    sent = 0
    for prediction, key in candidates:
        if f"{key}:{Channel.PORTAL.value}" in already_sent:
            continue
        try:
            sent += _notify(prediction.case, prediction, key)
        except NotificationError:
            # One case we cannot write to must not stop the notices of all the others.
            logger.exception(
                "delay notice for case %s could not be queued", prediction.case.reference
            )
    return sent


def _notify(case: Case, prediction: CasePrediction, key: str) -> int:
    assert case.decision_due is not None
    # The applicant reads it in the language they chose in the portal (Dutch if they never did).
    language = preferred_language(case.applicant)
    subject, body = delay_notice_text(case, prediction, language=language)
    with transaction.atomic():  # both channels or neither
        messages = case_notice_enqueue(
            case=case,
            subject=subject,
            body=body,
            language=language,
            dedupe_key=key,
            kind=MessageKind.DELAY_NOTICE,
            channels=(Channel.PORTAL, Channel.EMAIL),
        )
    return 1 if messages else 0


def _delay_notice_key(case: Case) -> str:
    assert case.decision_due is not None
    return f"delay_notice:{case.pk}:{case.decision_due.isoformat()}"


# --- The teams' daily digest --------------------------------------------------------------


def team_address(team: str) -> str:
    """The e-mail address of ``team`` (``LOKET_TEAM_ALERT_ADDRESS``, ``{team}`` its slug)."""
    return settings.LOKET_TEAM_ALERT_ADDRESS.format(team=slugify(team) or "cases")


@dataclass(frozen=True, slots=True)
class DigestCase:
    """One case at risk as the digest lists it."""

    reference: str
    product: str  # the product's Dutch name
    track: str  # the track's Dutch name
    decision_due: dt.date
    probability_late: float
    has_account: bool
    told: bool  # the applicant got the delay notice for this legal date


@dataclass(frozen=True, slots=True)
class TeamDigest:
    team: str
    day: dt.date
    counts: WorkCounts
    riskiest: list[DigestCase]
    to_phone: list[DigestCase]  # at risk, and no account in Loket: nobody told them
    to_phone_total: int
    work_page: str

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.counts.at_risk,
                self.counts.overdue,
                self.counts.waiting_past_reply_date,
                self.counts.received_recently,
            )
        )


def _digest_case(prediction: CasePrediction, told_keys: set[str]) -> DigestCase:
    case = prediction.case
    assert case.decision_due is not None
    return DigestCase(
        reference=case.reference,
        product=case.product.name_nl,
        track=str(Track(case.track).label),
        decision_due=case.decision_due,
        probability_late=prediction.probability_late,
        has_account=case.applicant_id is not None,
        told=f"{_delay_notice_key(case)}:{Channel.PORTAL.value}" in told_keys,
    )


def _work_page(team: str) -> str:
    """The staff work page of ``team``, in Dutch, starting with ``LOKET_BASE_URL``."""
    with translation.override("nl"):
        path = reverse("staff:staff-find-case")
    return f"{settings.LOKET_BASE_URL}{path}?{urlencode({'team': team or '-'})}"


def team_digest(*, team: str, now: dt.datetime) -> TeamDigest:
    """What the digest of ``team`` says at ``now``: the counts of :func:`work_counts` (the
    same as the staff pages and ``loket forecast refresh``) and the cases behind them."""
    scope = WorkScope(teams=frozenset({team}))
    today = local_date(now)
    with translation.override("nl"):  # the track's name, in Dutch
        at_risk = cases_at_risk(actor=DIGEST_ACTOR, today=today, scope=scope)
        riskiest = list(at_risk[:DIGEST_RISKIEST])
        no_account = at_risk.filter(case__applicant__isnull=True)
        to_phone = list(no_account[:DIGEST_TO_PHONE])
        keys = {f"{_delay_notice_key(p.case)}:{Channel.PORTAL.value}" for p in riskiest + to_phone}
        sent = Message.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
        told = {key for key in sent if key}
        return TeamDigest(
            team=team,
            day=today,
            counts=work_counts(actor=DIGEST_ACTOR, now=now, scope=scope),
            riskiest=[_digest_case(p, told) for p in riskiest],
            to_phone=[_digest_case(p, told) for p in to_phone],
            to_phone_total=no_account.count(),
            work_page=_work_page(team),
        )


def _percent(probability: float) -> str:
    return f"{round(probability * 100)}%"


def _case_line(case: DigestCase) -> str:
    line = _(
        "- %(reference)s, %(product)s (%(track)s), decision period ends %(due)s, "
        "chance of being late %(chance)s."
    ) % {
        "reference": case.reference,
        "product": case.product,
        "track": case.track.lower(),
        "due": _date(case.decision_due),
        "chance": _percent(case.probability_late),
    }
    if not case.has_account:
        told = _("No account in Loket: phone the applicant.")
    elif case.told:
        told = _("The applicant got a message about the delay.")
    else:
        told = _("The applicant did not get a message about the delay yet.")
    return f"{line}\n  {told}"


def team_digest_text(digest: TeamDigest) -> tuple[str, str]:
    """Subject and body of ``digest``, in Dutch (staff's language), plain words."""
    counts = digest.counts
    with translation.override("nl"):
        who = (
            _("team %(team)s") % {"team": digest.team} if digest.team else _("cases without a team")
        )
        subject = _("Work list of %(who)s on %(day)s: %(at_risk)s at risk, %(overdue)s overdue") % {
            "who": who,
            "day": _date(digest.day),
            "at_risk": counts.at_risk,
            "overdue": counts.overdue,
        }
        overview = [
            _("This is how the work of %(who)s stands on %(day)s:")
            % {"who": who, "day": formats.date_format(digest.day, "l j F Y")},
            ngettext(
                "- %(count)s case is overdue: its decision period has passed.",
                "- %(count)s cases are overdue: their decision period has passed.",
                counts.overdue,
            )
            % {"count": counts.overdue},
            ngettext(
                "- %(count)s case is at risk: it will probably miss its decision period.",
                "- %(count)s cases are at risk: they will probably miss their decision period.",
                counts.at_risk,
            )
            % {"count": counts.at_risk},
            ngettext(
                "- %(count)s case waits for the applicant, and the date to reply has passed.",
                "- %(count)s cases wait for the applicant, and the date to reply has passed.",
                counts.waiting_past_reply_date,
            )
            % {"count": counts.waiting_past_reply_date},
            ngettext(
                "- %(count)s case came in during the last day.",
                "- %(count)s cases came in during the last day.",
                counts.received_recently,
            )
            % {"count": counts.received_recently},
        ]
        paragraphs = [_("Dear colleagues,"), "\n".join(overview)]
        if digest.riskiest:
            paragraphs.append(
                "\n".join(
                    [
                        _("The cases with the highest chance of being late:"),
                        *(_case_line(case) for case in digest.riskiest),
                    ]
                )
            )
        if digest.to_phone:
            lines = [
                _(
                    "Phone these applicants. They have no account in Loket, so they did not "
                    "get a message about the delay:"
                ),
                *(
                    _("- %(reference)s, %(product)s, decision period ends %(due)s.")
                    % {
                        "reference": case.reference,
                        "product": case.product,
                        "due": _date(case.decision_due),
                    }
                    for case in digest.to_phone
                ),
            ]
            more = digest.to_phone_total - len(digest.to_phone)
            if more > 0:
                lines.append(
                    ngettext(
                        "And %(count)s more: see the cases at risk in Loket.",
                        "And %(count)s more: see the cases at risk in Loket.",
                        more,
                    )
                    % {"count": more}
                )
            paragraphs.append("\n".join(lines))
        paragraphs.append(
            _("See all cases of your team on the work page: %(url)s") % {"url": digest.work_page}
        )
        paragraphs.append(_("This e-mail is sent once a day by Loket."))
    return subject, "\n\n".join(paragraphs) + "\n"


def _digest_key(team: str, day: dt.date) -> str:
    return f"team_digest:{day.isoformat()}:{team}"


def team_digests_send(*, now: dt.datetime) -> int:
    """Send each team its digest of today, once: a second run on the same day sends nothing
    (the key names the team and the day). A team with nothing on its lists gets none."""
    today = local_date(now)
    already_sent = set(
        Message.objects.filter(
            dedupe_key__startswith=f"team_digest:{today.isoformat()}:"
        ).values_list("dedupe_key", flat=True)
    )
    sent = 0
    for team in teams_of_cases(actor=DIGEST_ACTOR):
        key = _digest_key(team, today)
        if key in already_sent:
            continue
        digest = team_digest(team=team, now=now)
        if digest.is_empty:
            continue
        subject, body = team_digest_text(digest)
        try:
            message_enqueue(
                channel=Channel.EMAIL,
                recipient_address=team_address(team),
                subject=subject,
                body=body,
                language="nl",
                kind=MessageKind.TEAM_ALERT,
                dedupe_key=key,
            )
        except NotificationError:
            # One team we cannot write to must not stop the digests of the others.
            logger.exception("the digest of team %r could not be queued", team)
            continue
        sent += 1
    return sent
