"""The production web server: waitress in front of Loket's WSGI application.

Waitress is pure Python (runs the same on Linux, macOS and Windows, no compiler) and
buffers slow clients itself; static files come from whitenoise inside the application.
"""

from __future__ import annotations

from typing import Any

from waitress.server import create_server


def build_server(*, host: str, port: int, threads: int) -> Any:
    """A waitress server bound to ``host:port`` (0 picks a free port), not yet running.

    Call ``run()`` to serve and ``close()`` to stop; ``effective_port`` is the bound port.
    """
    from loket.wsgi import application  # importing it sets Django up

    return create_server(
        application,
        host=host,
        port=port,
        threads=threads,
        ident="Loket",
        # Behind a reverse proxy, trust its X-Forwarded-* only when told to (see serve).
        clear_untrusted_proxy_headers=True,
    )
