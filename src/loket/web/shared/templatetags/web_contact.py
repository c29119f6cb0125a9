"""Template helpers for the contact details in the footer and on the contact page."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from loket.web.shared.contact import Contact, contact_details

register = template.Library()


@register.simple_tag
def contact() -> Contact:
    """``{% contact as contact %}``: the phone number, its link and the e-mail address."""
    return contact_details()


@register.simple_tag
def phone_link() -> SafeString:
    """The phone number as a link that starts a call, marked "(demo number)" in the demo;
    for ``{% blocktranslate with phone=... %}`` (``{% phone_link as phone %}``)."""
    details = contact_details()
    link = format_html(
        '<a class="utrecht-link loket-nowrap" href="{}">{}</a>', details.phone_uri, details.phone
    )
    if details.demo:
        return format_html("{} ({})", link, gettext("demo number"))
    return link
