"""What an update message says, in the applicant's language, in plain words (B1).

A message tells one or more updates of one case (several when they came in the same hold):
what happened, in time order; then what to do now, taken from the update that matters most
(a decision matters more than the extension before it); then the link to the case page.
Pure apart from gettext and ``reverse``: the facts are read by ``services`` beforehand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from loket.cases.domain.vocabulary import Outcome
from loket.cases.models import Case
from loket.notifications.models import MessageKind


@dataclass(frozen=True, slots=True)
class Update:
    """One piece of news for a case's applicant, with the facts its text needs.

    ``facts`` are plain strings (dates in ISO form), as the ledger stores them.
    """

    key: str
    kind: MessageKind
    at: dt.datetime  # when it happened: the event's time, or the daily job's run
    facts: Mapping[str, str] = field(default_factory=dict)


# Whose "what to do" a message gives when it tells several updates: the highest here.
PRIORITY: Final[Mapping[MessageKind, int]] = {
    MessageKind.APPLICATION_RECEIVED: 1,
    MessageKind.TERM_EXTENDED: 2,
    MessageKind.LEGAL_DATE_PASSED: 3,
    MessageKind.REPLY_REMINDER: 4,
    MessageKind.INFORMATION_REQUESTED: 4,
    MessageKind.DECISION_MADE: 5,
    MessageKind.DOCUMENT_READY: 6,
}


def case_page_url(case: Case, *, language: str) -> str:
    """The absolute address of the case page in ``language`` (Dutch at ``/``, English at
    ``/en/``), starting with ``LOKET_BASE_URL``."""
    with translation.override(language):
        path = reverse("applicant:case-detail", kwargs={"reference": case.reference})
    return f"{settings.LOKET_BASE_URL}{path}"


def compose(
    case: Case, updates: Sequence[Update], *, language: str
) -> tuple[str, str, MessageKind]:
    """Subject, body and message kind of the message that tells ``updates`` of ``case``."""
    if not updates:
        raise ValueError("A message needs at least one update.")
    ordered = sorted(updates, key=lambda update: (update.at, update.key))
    main = max(reversed(ordered), key=lambda update: PRIORITY[update.kind])
    url = case_page_url(case, language=language)
    with translation.override(language):
        values = _values(case)
        if len(ordered) == 1:
            subject = _subject(main, values)
            kind = main.kind
        else:
            subject = _("%(reference)s: news about your application") % values
            kind = MessageKind.CASE_UPDATES
        paragraphs = [_("Dear applicant,")]
        paragraphs.extend(_happened(update, values) for update in ordered)
        paragraphs.append("\n".join([_("What do you need to do?"), _action(main, values)]))
        paragraphs.append("\n".join([_("See your application in Loket:"), url]))
    return subject, "\n\n".join(paragraphs) + "\n", kind


def _date(iso: str) -> str:
    """``1 februari 2027`` / ``1 February 2027``, in the active language."""
    return formats.date_format(dt.date.fromisoformat(iso), "j F Y")


def _values(case: Case) -> dict[str, str]:
    if case.handler_name:
        contact = case.handler_name
    elif case.team:
        contact = _("team %(team)s") % {"team": case.team}
    else:
        contact = pgettext("whom to contact about an application", "us")
    return {"reference": case.reference, "product": case.product.name, "contact": contact}


def _subject(update: Update, values: Mapping[str, str]) -> str:
    facts = update.facts
    if update.kind == MessageKind.APPLICATION_RECEIVED:
        return _("%(reference)s: we have received your application") % values
    if update.kind == MessageKind.INFORMATION_REQUESTED:
        return _("%(reference)s: we need information from you") % values
    if update.kind == MessageKind.REPLY_REMINDER:
        return _("%(reference)s: reminder, send your information by %(date)s") % {
            **values,
            "date": _date(facts["reply_by"]),
        }
    if update.kind == MessageKind.TERM_EXTENDED:
        return _("%(reference)s: we need more time to decide") % values
    if update.kind == MessageKind.DECISION_MADE:
        return _("%(reference)s: we have decided on your application") % values
    if update.kind == MessageKind.DOCUMENT_READY:
        return _("%(reference)s: your residence document is ready") % values
    if update.kind == MessageKind.LEGAL_DATE_PASSED:
        return _("%(reference)s: we did not decide in time") % values
    raise ValueError(f"No text for update kind {update.kind!r}.")


def _happened(update: Update, values: Mapping[str, str]) -> str:
    """What happened, as a short paragraph."""
    facts = update.facts
    if update.kind == MessageKind.APPLICATION_RECEIVED:
        lines = [
            _("We received your application for %(product)s on %(date)s.")
            % {**values, "date": _date(facts["received_on"])}
        ]
        if facts.get("due"):
            lines.append(
                _(
                    "We must decide by %(due)s at the latest. This is the decision period "
                    "that the law gives us."
                )
                % {"due": _date(facts["due"])}
            )
        return "\n".join(lines)
    if update.kind == MessageKind.INFORMATION_REQUESTED:
        return "\n".join(
            [
                _(
                    "We need more information from you before we can decide on your "
                    "application for %(product)s."
                )
                % values,
                *_asked(facts),
                _("Please send it by %(date)s at the latest.") % {"date": _date(facts["reply_by"])},
                _("Until we have your answer, the decision period is paused."),
            ]
        )
    if update.kind == MessageKind.REPLY_REMINDER:
        return "\n".join(
            [
                _(
                    "On %(date)s we asked you for information about your application for "
                    "%(product)s. We have not received it yet."
                )
                % {**values, "date": _date(facts["asked_on"])},
                *_asked(facts),
                _("Please send it by %(date)s at the latest.") % {"date": _date(facts["reply_by"])},
            ]
        )
    if update.kind == MessageKind.TERM_EXTENDED:
        lines = [
            _(
                "We need more time to decide on your application for %(product)s. We have "
                "extended the decision period. We will now decide by %(due)s at the latest."
            )
            % {**values, "due": _date(facts["due"])}
        ]
        if facts.get("waiting"):
            lines.append(
                _(
                    "We are waiting for information from you. Until we have it, the decision "
                    "period is paused, so this date moves later."
                )
            )
        return "\n".join(lines)
    if update.kind == MessageKind.DECISION_MADE:
        if facts.get("outcome") == Outcome.GRANTED:
            return (
                _(
                    "We have decided on your application for %(product)s. Your application is "
                    "granted."
                )
                % values
            )
        return (
            _(
                "We have decided on your application for %(product)s. We have refused your "
                "application. The decision letter says why."
            )
            % values
        )
    if update.kind == MessageKind.DOCUMENT_READY:
        return _("Your residence document is ready. You can collect it now.")
    if update.kind == MessageKind.LEGAL_DATE_PASSED:
        return "\n".join(
            [
                _(
                    "We had to decide on your application for %(product)s by %(due)s at the "
                    "latest. That date has passed, and we have not decided yet. We are sorry."
                )
                % {**values, "due": _date(facts["due"])},
                _expected(facts),
            ]
        )
    raise ValueError(f"No text for update kind {update.kind!r}.")


def _asked(facts: Mapping[str, str]) -> list[str]:
    if not facts.get("asked"):
        return []
    return [_("This is what we need:"), facts["asked"]]


def _expected(facts: Mapping[str, str]) -> str:
    """When we now expect to decide, as the forecast says (the same window as the delay
    notice); nothing about a window that is not there or already past."""
    if facts.get("earliest") and facts.get("latest"):
        return _(
            "We now expect a decision between %(earliest)s and %(latest)s. For 8 in 10 "
            "applications like yours, the decision comes in that period."
        ) % {"earliest": _date(facts["earliest"]), "latest": _date(facts["latest"])}
    if facts.get("latest"):
        return _("We now expect a decision by %(latest)s.") % {"latest": _date(facts["latest"])}
    return _("We cannot say yet when we will decide.")


def _action(update: Update, values: Mapping[str, str]) -> str:
    """What the applicant needs to do now (or that nothing is needed)."""
    facts = update.facts
    if update.kind == MessageKind.APPLICATION_RECEIVED:
        return _(
            "You do not have to do anything now. We will send you a message when something changes."
        )
    if update.kind in (MessageKind.INFORMATION_REQUESTED, MessageKind.REPLY_REMINDER):
        return "\n".join(
            [
                _("Open your application in Loket and send the information there."),
                _("Can you not send it in time? Contact %(contact)s before %(date)s.")
                % {**values, "date": _date(facts["reply_by"])},
            ]
        )
    if update.kind == MessageKind.TERM_EXTENDED:
        return _(
            "You do not have to do anything now. The page of your application explains the "
            "new date."
        )
    if update.kind == MessageKind.DECISION_MADE:
        read = _(
            "Read the decision letter. You find it in Loket, on the page of your application, "
            "under your letters."
        )
        if facts.get("outcome") == Outcome.GRANTED:
            return "\n".join([read, _("That page also says what happens next.")])
        return "\n".join(
            [
                read,
                _(
                    "Do you not agree with the decision? Then you can ask for the decision to "
                    "be looked at again (objection or appeal). The letter and the page of your "
                    "application say how, and before which date. Do not wait too long."
                ),
                _("You can get free legal advice from Het Juridisch Loket."),
            ]
        )
    if update.kind == MessageKind.DOCUMENT_READY:
        return _(
            "The page of your application says where and how you collect it. Take your "
            "passport or other proof of identity with you."
        )
    if update.kind == MessageKind.LEGAL_DATE_PASSED:
        return "\n".join(
            [
                _("You do not have to do anything. We are still working on your application."),
                _(
                    "Do you want us to decide quickly? Then you may send us a letter asking us "
                    "to decide. This is called a notice of default (ingebrekestelling). The "
                    "page of your application explains what you can do."
                ),
                _("Do you have questions? Contact %(contact)s.") % values,
            ]
        )
    raise ValueError(f"No text for update kind {update.kind!r}.")
