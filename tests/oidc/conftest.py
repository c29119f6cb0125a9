"""Starts the test OpenID Connect provider (``provider.py``) as a process on a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytest_django import Settings

from loket.web.shared import oidc

from . import provider as op

PROVIDER_SCRIPT = Path(__file__).with_name("provider.py")
TESTSERVER_CALLBACK = "http://testserver/login/oidc/callback/"


@dataclass(frozen=True)
class RunningProvider:
    issuer: str
    client_id: str
    client_secret: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def oidc_provider(
    tmp_path_factory: pytest.TempPathFactory, live_server: object
) -> Iterator[RunningProvider]:
    """A real provider that knows Loket's callback on the test client's host and on the
    live server (for the browser test)."""
    port = _free_port()
    state_dir = tmp_path_factory.mktemp("oidc-provider")
    live_callback = f"{live_server.url}/login/oidc/callback/"  # type: ignore[attr-defined]
    # Its own Django, not Loket's test settings.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    process = subprocess.Popen(
        [
            sys.executable,
            str(PROVIDER_SCRIPT),
            "--port",
            str(port),
            "--state-dir",
            str(state_dir),
            "--redirect-uri",
            TESTSERVER_CALLBACK,
            "--redirect-uri",
            live_callback,
        ],
        stdout=subprocess.PIPE,
        stderr=(state_dir / "provider.log").open("w"),
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # blocks until it listens (or dies)
        if not line.startswith("READY "):
            log = (state_dir / "provider.log").read_text()
            pytest.fail(f"the test OpenID Connect provider did not start:\n{line}{log}")
        yield RunningProvider(line.split()[1], op.CLIENT_ID, op.CLIENT_SECRET)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def oidc_on(settings: Settings, oidc_provider: RunningProvider) -> RunningProvider:
    """Loket configured for the running provider, as the LOKET_OIDC_* variables would."""
    settings.LOKET_OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_RP_CLIENT_ID = oidc_provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = oidc_provider.client_secret
    oidc._cache.clear()
    return oidc_provider
