"""The reply date of an information request: the one rule that the case page, the answer page,
letters, reminders and the staff work lists all use."""

from __future__ import annotations

import datetime as dt
from typing import Final

from loket.cases.domain.calendar import roll_forward

# The reply term when the request does not give one: three weeks is the usual term for a
# 'herstelverzuim' (the chance to complete an application, Awb art. 4:5) in this kind of
# service. TO VERIFY (lawyer): the term the service sets per product, and whether a term set
# by the service rolls past weekends and holidays (Algemene termijnenwet art. 1 speaks of terms
# set by law; rolling forward is the kinder reading, and the one applied here).
DEFAULT_REPLY_DAYS: Final = 21


def reply_term_days(days: int | None) -> int:
    """The request's own term, else :data:`DEFAULT_REPLY_DAYS`."""
    return days or DEFAULT_REPLY_DAYS


def reply_date(asked_on: dt.date, days: int | None) -> dt.date:
    """The date by which the client must answer a request made on ``asked_on`` (a local
    date): the term counted from that day, the last day rolled past weekends and holidays."""
    return roll_forward(asked_on + dt.timedelta(days=reply_term_days(days)))
