"""Proactive delay notices: tell the applicant before the legal date that we will probably
miss it, and alert the handler's team. One notice per case and legal date."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from loket.cases.models import Case
from loket.forecasts.models import CasePrediction
from loket.forecasts.selectors import cases_at_risk
from loket.kernel.actors import system_actor
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


def team_address(case: Case) -> str:
    if case.handler_email:
        return case.handler_email
    return settings.LOKET_TEAM_ALERT_ADDRESS.format(team=slugify(case.team) or "cases")


def delay_notices_send(*, now: dt.datetime) -> int:
    """Send one notice per at-risk case whose legal date has not passed yet."""
    today = timezone.localdate(now)
    already_sent = set(
        Message.objects.filter(kind=MessageKind.DELAY_NOTICE).values_list("dedupe_key", flat=True)
    )
    sent = 0
    for prediction in cases_at_risk(actor=NOTICES_ACTOR).filter(case__decision_due__gte=today):
        case = prediction.case
        assert case.decision_due is not None
        key = f"delay_notice:{case.pk}:{case.decision_due.isoformat()}"
        if f"{key}:{Channel.PORTAL.value}" in already_sent:
            continue
        try:
            sent += _notify(case, prediction, key)
        except NotificationError:
            # One case we cannot write to must not stop the notices of all the others.
            logger.exception("delay notice for case %s could not be queued", case.reference)
    return sent


def _notify(case: Case, prediction: CasePrediction, key: str) -> int:
    assert case.decision_due is not None
    # The applicant reads it in the language they chose in the portal (Dutch if they never did).
    language = preferred_language(case.applicant)
    subject, body = delay_notice_text(case, prediction, language=language)
    with translation.override("nl"):  # the team alert is for staff, in Dutch
        due, expected = _date(case.decision_due), _date(prediction.expected_on)
        earliest, latest = _date(prediction.earliest_on), _date(prediction.latest_on)
    with transaction.atomic():
        messages = case_notice_enqueue(
            case=case,
            subject=subject,
            body=body,
            language=language,
            dedupe_key=key,
            kind=MessageKind.DELAY_NOTICE,
            channels=(Channel.PORTAL, Channel.EMAIL),
        )
        message_enqueue(
            channel=Channel.EMAIL,
            recipient_address=team_address(case),
            subject=f"Zaak {case.reference} haalt waarschijnlijk de beslistermijn niet",
            body=(
                f"Zaak {case.reference} ({case.product.code}, {case.track}) heeft beslistermijn "
                f"{due}. De voorspelling geeft een kans van "
                f"{prediction.probability_late:.0%} dat het besluit later komt "
                f"(verwacht {expected}, 80%-interval {earliest} - {latest}).\n"
                + (
                    "De aanvrager heeft een bericht gekregen."
                    if messages
                    else "De aanvrager heeft geen account bij Loket en kreeg dus geen bericht: "
                    "neem zelf contact op."
                )
            ),
            language="nl",
            kind=MessageKind.TEAM_ALERT,
            case=case,
            # One alert per legal date and per "applicant told or not": when an applicant
            # who had no account is told later, the team hears that too.
            dedupe_key=(
                f"team_alert:{case.pk}:{case.decision_due.isoformat()}"
                f"{'' if messages else ':not-told'}"
            ),
        )
    return 1 if messages else 0
