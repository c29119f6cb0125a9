"""``loket totp USERNAME``: print the staff account's current code (demo and test only).

Staff log in with a password and a code from an authenticator app. The demo's staff have no
phone, so this prints the code their app would show. In production it refuses: a code that a
shell can print is no second factor.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.kernel.totp import current_code


class Command(BaseCommand):
    help = "Print the current second-factor code of a staff account (demo and test mode only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.LOKET_MODE == "production":
            raise CommandError(
                "loket totp works in demo and test mode only: in production the code comes "
                "from the staff member's own app."
            )
        username: str = options["username"]
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no account {username!r}.")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            raise CommandError(
                f"{username} has no code app set up yet: log in as {username}, and the "
                "login asks to set one up."
            )
        self.stdout.write(current_code(device))
