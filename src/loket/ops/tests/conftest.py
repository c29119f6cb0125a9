"""Fixtures of the domain apps that the command tests reuse (a downward import)."""

from loket.notifications.tests.conftest import fake_email

__all__ = ["fake_email"]
