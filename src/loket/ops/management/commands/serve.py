"""``loket serve``: collect static files, then serve Loket with waitress."""

from __future__ import annotations

import signal
import threading
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from loket.config import env_int, env_str
from loket.ops.server import build_server


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Serve Loket with waitress (a production WSGI server); static files via whitenoise."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--host", default=env_str("LOKET_HOST", "127.0.0.1"), help="address (127.0.0.1)"
        )
        parser.add_argument(
            "--port", type=int, default=env_int("LOKET_PORT", default=8000), help="port (8000)"
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=env_int("LOKET_THREADS", default=8),
            help="worker threads (8)",
        )
        parser.add_argument("--no-collectstatic", action="store_true", help="skip collectstatic")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["threads"] < 1:
            raise CommandError("--threads must be at least 1.")
        if not options["no_collectstatic"]:
            # Whitenoise serves the hashed, compressed copies that collectstatic writes.
            call_command("collectstatic", interactive=False, verbosity=0)
        try:
            server = build_server(
                host=options["host"], port=options["port"], threads=options["threads"]
            )
        except OSError as error:
            raise CommandError(
                f"Cannot listen on {options['host']}:{options['port']}: {error}"
            ) from error
        url = f"http://{options['host']}:{server.effective_port}/"
        self.stdout.write(f"Loket is serving on {url} (Ctrl+C to stop)")
        self.stdout.flush()
        # A service manager stops us with SIGTERM: close the sockets as Ctrl+C would.
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _stop)
        try:
            server.run()
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
        finally:
            server.close()
