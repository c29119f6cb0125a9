"""``loket serve`` runs Loket's WSGI application under waitress."""

from __future__ import annotations

import threading
import urllib.request

import pytest
from django.core.management import CommandError, call_command

from loket.ops.server import build_server


@pytest.mark.django_db(transaction=True)
def test_waitress_serves_the_application_on_a_free_port() -> None:
    server = build_server(host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.effective_port}/admin/login/"
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read().decode()
            assert response.status == 200
            assert response.headers["Server"] == "Loket"
        assert "csrfmiddlewaretoken" in body
    finally:
        server.close()
        thread.join(timeout=5)


def test_serve_refuses_zero_threads() -> None:
    with pytest.raises(CommandError, match="threads"):
        call_command("serve", "--threads", "0", "--no-collectstatic")
