"""The portal inbox: the messages we sent an applicant (delay notices among them)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.contrib.auth.models import User
from django.test import Client

from loket.cases.models import Case
from loket.notifications.models import Channel, Message, MessageStatus
from loket.notifications.services import message_enqueue
from loket.web.conftest import url

pytestmark = pytest.mark.django_db


def _send(
    user: User,
    case: Case | None,
    subject: str,
    *,
    language: str = "nl",
    channel: Channel = Channel.PORTAL,
    capture: Callable[..., AbstractContextManager[object]],
) -> Message:
    with capture(execute=True):
        message = message_enqueue(
            channel=channel,
            recipient=user,
            recipient_address="x@example.org" if channel == Channel.EMAIL else "",
            subject=subject,
            body="Eerste alinea.\n\nTweede alinea.",
            language=language,
            case=case,
        )
    message.refresh_from_db()
    return message


def _get(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_inbox_shows_own_messages_newest_first_and_marks_them_read(
    client: Client,
    amira: User,
    bram: User,
    story_case: Case,
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[object]],
) -> None:
    capture = django_capture_on_commit_callbacks
    first = _send(amira, story_case, "Eerste bericht", capture=capture)
    assert first.status == MessageStatus.DELIVERED
    _send(amira, story_case, "Tweede bericht", capture=capture)
    _send(amira, story_case, "Alleen per e-mail", channel=Channel.EMAIL, capture=capture)
    _send(bram, None, "Bericht voor Bram", capture=capture)

    client.force_login(amira)
    menu = _get(client, url("applicant:my-cases"))
    assert 'Berichten <span class="loket-nav__count">(2 nieuw)</span>' in menu

    page = _get(client, url("applicant:inbox"))
    assert page.index("Tweede bericht") < page.index("Eerste bericht")
    assert page.count('<strong class="loket-message__new">Nieuw</strong>') == 2
    assert "<p>Eerste alinea.</p> <p>Tweede alinea.</p>" in page
    assert f"Aanvraag {story_case.reference}" in page
    assert "Alleen per e-mail" not in page  # email is not the portal inbox
    assert "Bericht voor Bram" not in page  # nor are other people's messages
    assert 'aria-current="page"' in page

    again = _get(client, url("applicant:inbox"))
    assert "loket-message__new" not in again  # "new" shows once
    assert "loket-nav__count" not in again
    assert Message.objects.filter(recipient=amira, read_at__isnull=True).count() == 1  # email


def test_a_message_keeps_the_language_it_was_written_in(
    client: Client,
    amira: User,
    story_case: Case,
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[object]],
) -> None:
    message = _send(
        amira,
        story_case,
        "The decision will probably be late",
        language="en",
        capture=django_capture_on_commit_callbacks,
    )
    client.force_login(amira)
    page = _get(client, url("applicant:inbox"))  # the Dutch portal
    # Only the message itself is English; "Nieuw", "Verstuurd op" around it stay Dutch.
    assert f'id="message-{message.pk}" lang="en">The decision will probably be late' in page
    assert '<div class="loket-message__body" lang="en">' in page
    assert "Verstuurd op" in page


def test_the_case_page_points_to_its_messages(
    client: Client,
    amira: User,
    story_case: Case,
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[object]],
) -> None:
    client.force_login(amira)
    case_url = url("applicant:case-detail", "en", reference=story_case.reference)
    assert "Read it in Messages" not in _get(client, case_url)
    _send(amira, story_case, "Bericht", capture=django_capture_on_commit_callbacks)
    page = _get(client, case_url)
    assert "We also sent you 1 message about this application." in page
    assert f'href="{url("applicant:inbox", "en")}">Read it in Messages</a>' in page


def test_an_empty_inbox_says_what_will_come_and_strangers_must_log_in(
    client: Client, amira: User
) -> None:
    response = client.get(url("applicant:inbox", "en"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    client.force_login(amira)
    page = _get(client, url("applicant:inbox", "en"))
    assert "You have no messages." in page


def test_a_long_inbox_has_pages_and_each_page_is_marked_read_when_shown(
    client: Client,
    amira: User,
    story_case: Case,
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[object]],
) -> None:
    for i in range(30):
        _send(amira, story_case, f"Bericht {i}", capture=django_capture_on_commit_callbacks)
    client.force_login(amira)
    first = _get(client, url("applicant:inbox", "en"))
    assert "Page 1 of 2" in first
    assert "Older messages" in first
    assert Message.objects.filter(recipient=amira, read_at__isnull=True).count() == 5
    second = _get(client, url("applicant:inbox", "en") + "?page=2")
    assert "Bericht 0" in second
    assert Message.objects.filter(recipient=amira, read_at__isnull=True).count() == 0
