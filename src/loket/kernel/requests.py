"""The id of the request being served, for logs and the processing log.

The web door's ``RequestIdMiddleware`` sets it for each request (from a trusted proxy's
``X-Request-ID`` or a fresh one) and clears it afterwards; anything below the doors reads it
with :func:`get_request_id` without being handed the request. Commands and background jobs
run without one (``None``).
"""

from __future__ import annotations

import logging
from contextvars import ContextVar, Token

_request_id: ContextVar[str | None] = ContextVar("loket_request_id", default=None)


def get_request_id() -> str | None:
    """The current request's id, or ``None`` outside a request."""
    return _request_id.get()


def set_request_id(value: str | None) -> Token[str | None]:
    return _request_id.set(value)


def reset_request_id(token: Token[str | None]) -> None:
    _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every log record ("-" outside a request), for the formatters."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = get_request_id() or "-"
        return True
