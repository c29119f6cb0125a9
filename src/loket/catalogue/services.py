"""Writes to the catalogue: a new version of a product's legal term.

A term is never edited in place: a case's legal date depends on the version in force on its
day of receipt, so a change of the law is a new version from a date after every existing
case's receipt (and after today, so no case received today can fall under it afterwards).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.catalogue.models import LegalTerm, ProductType
from loket.kernel.time import local_date


class LegalTermRefusedError(ValueError):
    """The new version would change the term of a case already received, or has no term."""


def legal_term_earliest_start(*, product: ProductType, today: dt.date | None = None) -> dt.date:
    """The first day a new version of ``product``'s term may start: after today, after the
    latest version's start and after the latest day a case of the product was received.
    Any day for a product without versions (no case can have been received under it)."""
    if product.pk is None or not product.legal_terms.exists():
        return dt.date.min
    today = today if today is not None else timezone.localdate()
    latest_version: dt.date = product.legal_terms.aggregate(last=Max("valid_from"))["last"]
    # Through the reverse relation: the catalogue sits below the cases app and imports
    # nothing of it, but must not let a version reach back over a case it already holds.
    latest_receipt = product.cases.aggregate(last=Max("received_at"))["last"]
    days = [today, latest_version]
    if latest_receipt is not None:
        days.append(local_date(latest_receipt))
    return max(days) + dt.timedelta(days=1)


def legal_term_check(
    *,
    product: ProductType,
    valid_from: dt.date,
    term_months: int,
    term_days: int,
    today: dt.date | None = None,
) -> None:
    """Raise ``LegalTermRefusedError`` with a message for the admin when the version may
    not be added."""
    if term_months <= 0 and term_days <= 0:
        raise LegalTermRefusedError(_("A legal term needs a number of months or days."))
    earliest = legal_term_earliest_start(product=product, today=today)
    if valid_from < earliest:
        raise LegalTermRefusedError(
            _(
                "A new term can start on %(date)s at the earliest: after today, after the "
                "start of the current version and after the last application received. "
                "Existing cases keep the term that applied when they were received."
            )
            % {"date": earliest.isoformat()}
        )


@transaction.atomic
def legal_term_add(
    *,
    product: ProductType,
    valid_from: dt.date,
    term_months: int,
    term_days: int,
    max_extension_days: int,
    legal_source: str = "",
    today: dt.date | None = None,
) -> LegalTerm:
    """Add a version of ``product``'s legal term from ``valid_from`` (see ``legal_term_check``).

    Changes no existing case: their stored legal dates stay right, and ``loket cases
    verify`` keeps finding none that differs from a replay of its events.
    """
    # One change at a time per product, so two admins cannot both pass the date check.
    ProductType.objects.select_for_update().filter(pk=product.pk).first()
    legal_term_check(
        product=product,
        valid_from=valid_from,
        term_months=term_months,
        term_days=term_days,
        today=today,
    )
    return LegalTerm.objects.create(
        product=product,
        valid_from=valid_from,
        term_months=term_months,
        term_days=term_days,
        max_extension_days=max_extension_days,
        legal_source=legal_source,
    )
