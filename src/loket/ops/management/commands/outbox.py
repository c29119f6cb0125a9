"""``loket outbox``: deliver due outbox messages (new ones and retries that have come due).

The task queue delivers each message right after commit; this worker is the safety net
that also sends retries and anything the queue lost. While the mail server is down it keeps
retrying for days (``loket.notifications.delivery``); what still fails is listed for staff
under "Undelivered messages". Like healthchecks' ``sendalerts``
it works straight from the table, so several can run side by side: each row is claimed
by one worker before it is sent.
"""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from loket.notifications.models import MessageStatus
from loket.notifications.services import message_deliver_next

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Command(BaseCommand):
    help = "Deliver due notification messages, once or in a loop."

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--once", action="store_true", help="Deliver what is due now, then exit (default)."
        )
        mode.add_argument(
            "--loop", action="store_true", help="Keep delivering until stopped (SIGTERM/SIGINT)."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help="Seconds to wait when nothing is due (with --loop).",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help="Stop after this many messages (per run with --once).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stopping = False
        if options["loop"]:
            # Finish the message in hand, then stop: never abandon a row in "sending".
            previous = {signum: signal.signal(signum, self._stop) for signum in STOP_SIGNALS}
            try:
                while not self.stopping:
                    sent = self._drain(limit=options["limit"])
                    if sent == 0 and not self.stopping:
                        close_old_connections()
                        time.sleep(options["interval"])
            finally:
                for signum, handler in previous.items():
                    signal.signal(signum, handler)
        else:
            sent = self._drain(limit=options["limit"])
            self.stdout.write(f"Processed {sent} message(s).")

    def _drain(self, *, limit: int | None) -> int:
        processed = 0
        while not self.stopping and (limit is None or processed < limit):
            message = message_deliver_next()
            if message is None:
                break
            processed += 1
            line = f"{message.channel} #{message.pk}: {message.status}"
            if message.status != MessageStatus.DELIVERED and message.last_error:
                line += f" ({message.last_error})"
            self.stdout.write(line)
        return processed

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True
