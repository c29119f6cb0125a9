"""Personas and fixtures for the outbox tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import User
from pytest_django import Settings

from loket.cases.models import Case
from loket.catalogue.models import ClientGroup, ProductType
from loket.notifications.tests.helpers import FakeTransport, InstallFakeEmail, RecordingHandler
from loket.notifications.transports import TRANSPORTS


@pytest.fixture
def amira(django_user_model: type[User]) -> User:
    """Amira, an applicant with a portal account and an email address."""
    return django_user_model.objects.create_user(
        username="amira", email="amira@example.org", password="amira-pass-2026"
    )


@pytest.fixture
def bram(django_user_model: type[User]) -> User:
    """Bram, another applicant, who must never see Amira's messages."""
    return django_user_model.objects.create_user(username="bram", password="bram-pass-2026")


@pytest.fixture
def amira_case(amira: User) -> Case:
    product, _ = ProductType.objects.get_or_create(
        code="knowledge-migrant",
        defaults={
            "name_nl": "Kennismigrant",
            "name_en": "Highly skilled migrant",
            "client_group": ClientGroup.WORK,
            "term_days": 90,
        },
    )
    return Case.objects.create(
        reference="IND-2026-000123",
        product=product,
        applicant=amira,
        team="Team Kennismigranten",
        handler_email="handler@ind.example",
        received_at=datetime(2026, 9, 1, 9, 0, tzinfo=UTC),
    )


@pytest.fixture
def fake_email(monkeypatch: pytest.MonkeyPatch) -> InstallFakeEmail:
    """Swap the email transport for a fake; call the fixture to configure it."""

    def install(*, fail_times: int = 0, permanent: bool = False) -> FakeTransport:
        fake = FakeTransport(fail_times=fail_times, permanent=permanent)
        monkeypatch.setitem(TRANSPORTS, "email", fake)
        return fake

    return install


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _use_smtp(settings: Settings, *, port: int, timeout: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = timeout


@pytest.fixture
def smtp_server(settings: Settings) -> Iterator[RecordingHandler]:
    """A real SMTP server on a free local port, with Django's SMTP backend pointed at it."""
    handler = RecordingHandler(refuse={"nobody@example.org"})
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    _use_smtp(settings, port=port, timeout=5)
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def closed_smtp_port(settings: Settings) -> int:
    """Django's SMTP backend pointed at a local port where nothing listens."""
    port = free_port()
    _use_smtp(settings, port=port, timeout=2)
    return port
