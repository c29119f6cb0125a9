"""How people reach the organisation that runs Loket: the phone number, its opening hours
and the e-mail address, shown in every page's footer and on the contact page.

The defaults are the demo's: **088 043 04 30 is a made-up demo number** (088 is the Dutch
prefix for organisation numbers; this one is not in use) and ``contact@loket.example`` uses
a domain reserved for examples. The pages say "(demo number)" next to it as long as
``demo`` is true. A deployment sets its own in the Django setting ``LOKET_CONTACT``, a dict
with the same keys as :class:`Contact` (``phone``, ``phone_uri``, ``email``, ``demo``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True, slots=True)
class Contact:
    phone: str  # as people read and type it
    phone_uri: str  # for the link: tel: and the number in international form
    email: str
    demo: bool  # a made-up number: the pages say so


DEMO_CONTACT = Contact(
    phone="088 043 04 30",
    phone_uri="tel:+31880430430",
    email="contact@loket.example",
    demo=True,
)


def contact_details() -> Contact:
    """The deployment's contact details (the setting ``LOKET_CONTACT``), else the demo's."""
    configured = getattr(settings, "LOKET_CONTACT", None)
    if not configured:
        return DEMO_CONTACT
    return Contact(
        phone=str(configured["phone"]),
        phone_uri=str(configured["phone_uri"]),
        email=str(configured["email"]),
        demo=bool(configured.get("demo", False)),
    )
