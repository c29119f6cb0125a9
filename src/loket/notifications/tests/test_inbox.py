from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.cases.models import Case
from loket.kernel.actors import actor_for_user
from loket.notifications.models import Channel, Message
from loket.notifications.models import Message as MessageModel
from loket.notifications.policies import inbox_visible_to
from loket.notifications.selectors import messages_for_case
from loket.notifications.services import message_enqueue, message_mark_read

pytestmark = pytest.mark.django_db


def messages_for_user(user: User) -> list[MessageModel]:
    return list(inbox_visible_to(actor_for_user(user)))


def unread_message_count(user: User) -> int:
    return inbox_visible_to(actor_for_user(user)).filter(read_at__isnull=True).count()


def portal_message(user: User, subject: str = "Nieuw bericht", case: Case | None = None) -> Message:
    return message_enqueue(
        channel=Channel.PORTAL,
        recipient=user,
        subject=subject,
        body="Er staat een nieuw bericht voor u klaar.",
        language="nl",
        case=case,
    )


def test_the_inbox_shows_only_the_users_own_portal_messages_newest_first(
    amira: User, bram: User
) -> None:
    older = portal_message(amira, "Eerste")
    newer = portal_message(amira, "Tweede")
    portal_message(bram, "Van Bram")
    message_enqueue(channel=Channel.EMAIL, recipient=amira, subject="Mail", body="x", language="nl")

    assert list(messages_for_user(amira)) == [newer, older]


def test_the_inbox_reads_cases_in_the_same_query(amira: User, amira_case: Case) -> None:
    for _ in range(3):
        portal_message(amira, case=amira_case)
    inbox = inbox_visible_to(actor_for_user(amira))
    with CaptureQueriesContext(connection) as queries:
        references = [m.case.reference if m.case else "" for m in inbox]
    assert references == [amira_case.reference] * 3
    assert len(queries) == 1


def test_marking_a_message_read_lowers_the_unread_count(amira: User) -> None:
    first = portal_message(amira)
    portal_message(amira)
    assert unread_message_count(amira) == 2

    read = message_mark_read(message_id=first.pk, user=amira)

    assert read.is_read
    assert unread_message_count(amira) == 1


def test_marking_read_twice_keeps_the_first_time(amira: User) -> None:
    message = portal_message(amira)
    first = message_mark_read(message_id=message.pk, user=amira).read_at
    assert message_mark_read(message_id=message.pk, user=amira).read_at == first


def test_nobody_can_mark_someone_elses_message_read(amira: User, bram: User) -> None:
    message = portal_message(amira)
    with pytest.raises(Message.DoesNotExist):
        message_mark_read(message_id=message.pk, user=bram)


def test_messages_for_a_case_cover_every_channel(amira: User, amira_case: Case) -> None:
    portal_message(amira, case=amira_case)
    message_enqueue(
        channel=Channel.EMAIL,
        recipient_address=amira_case.handler_email,
        subject="Zaak loopt risico",
        body="x",
        language="nl",
        kind="team_alert",
        case=amira_case,
    )
    assert {m.channel for m in messages_for_case(amira_case)} == {"portal", "email"}
