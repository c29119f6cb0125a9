"""Proactive delay notices: tell the applicant before the legal date that we will probably
miss it, and alert the handler's team. One notice per case and legal date."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from loket.cases.models import Case
from loket.notifications.models import Channel, Message, MessageKind
from loket.notifications.services import (
    NotificationError,
    case_notice_enqueue,
    message_enqueue,
)
from loket.predictions.models import CasePrediction
from loket.predictions.selectors import cases_at_risk

logger = logging.getLogger(__name__)


def _date_nl(day: dt.date) -> str:
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _date_en(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def delay_notice_text(case: Case, prediction: CasePrediction) -> tuple[str, str]:
    """Subject and body in B1 Dutch, then English (we do not store a language preference)."""
    assert case.decision_due is not None
    due_nl, due_en = _date_nl(case.decision_due), _date_en(case.decision_due)
    from_nl, to_nl = _date_nl(prediction.earliest_on), _date_nl(prediction.latest_on)
    from_en, to_en = _date_en(prediction.earliest_on), _date_en(prediction.latest_on)
    team_nl = f"team {case.team}" if case.team else "ons"
    team_en = f"team {case.team}" if case.team else "us"
    contact_nl = case.handler_name or team_nl
    contact_en = case.handler_name or team_en
    subject = (
        f"{case.reference}: het besluit komt waarschijnlijk later"
        " / the decision will probably be late"
    )
    body = f"""Beste aanvrager,

Wij moeten uiterlijk {due_nl} beslissen over uw aanvraag {case.product.name_nl} ({case.reference}).
Dat is de beslistermijn: de termijn die de wet ons geeft.

Wij verwachten dat wij dat niet halen. Sorry. Wij verwachten nu een besluit tussen {from_nl} en {to_nl}.
Bij 8 van de 10 aanvragen zoals die van u komt het besluit in die periode.

Wat kunt u doen?
- U hoeft niets te doen. Wij werken aan uw aanvraag.
- Is de beslistermijn voorbij? Dan mag u ons een brief sturen waarin u vraagt om snel te beslissen.
  Dit heet een ingebrekestelling.
- Heeft u vragen? Neem contact op met {contact_nl}.

U kunt uw aanvraag altijd bekijken in Loket.

---

Dear applicant,

We must decide on your application {case.product.name_en} ({case.reference}) by {due_en} at the latest.
This is the decision period that the law gives us.

We expect that we will not make it. We are sorry. We now expect a decision between {from_en} and {to_en}.
For 8 in 10 applications like yours, the decision comes in that period.

What can you do?
- You do not have to do anything. We are working on your application.
- Has the decision period passed? Then you may send us a letter asking us to decide quickly.
  This is called a notice of default (ingebrekestelling).
- Do you have questions? Contact {contact_en}.

You can always see your application in Loket.
"""
    return subject, body


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
    for prediction in cases_at_risk().filter(case__decision_due__gte=today):
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
    subject, body = delay_notice_text(case, prediction)
    with transaction.atomic():
        messages = case_notice_enqueue(
            case=case,
            subject=subject,
            body=body,
            language="nl",
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
                f"{_date_nl(case.decision_due)}. De voorspelling geeft een kans van "
                f"{prediction.probability_late:.0%} dat het besluit later komt "
                f"(verwacht {_date_nl(prediction.expected_on)}, 80%-interval "
                f"{_date_nl(prediction.earliest_on)} - {_date_nl(prediction.latest_on)}).\n"
                "De aanvrager heeft een bericht gekregen."
            ),
            language="nl",
            kind=MessageKind.TEAM_ALERT,
            case=case,
            dedupe_key=f"team_alert:{case.pk}:{case.decision_due.isoformat()}",
        )
    return 1 if messages else 0
