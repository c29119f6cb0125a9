"""Log lines carry the request id that the answer returns, as JSON in production."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client

from loket.kernel.logformat import JsonFormatter
from loket.kernel.requests import RequestIdFilter, get_request_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """The root logger's console handler from settings.LOGGING, writing JSON to a buffer."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RequestIdFilter) for f in h.filters)
    )
    assert isinstance(handler, logging.StreamHandler)
    buffer = io.StringIO()
    old_stream, old_formatter = handler.setStream(buffer), handler.formatter
    handler.setFormatter(JsonFormatter())
    yield buffer
    handler.setStream(old_stream)
    handler.setFormatter(old_formatter)


def test_a_log_line_of_a_request_has_its_id(client: Client, log_lines: io.StringIO) -> None:
    response = client.get("/no-such-page/")  # Django logs a warning for every 404
    assert response.status_code == 404
    records = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    not_found = [r for r in records if r["message"].startswith("Not Found: /no-such-page/")]
    assert len(not_found) == 1
    assert not_found[0]["request_id"] == response["X-Request-ID"]
    assert not_found[0]["level"] == "WARNING"
    assert not_found[0]["logger"] == "django.request"


def test_outside_a_request_there_is_no_id(log_lines: io.StringIO) -> None:
    assert get_request_id() is None
    logging.getLogger("loket.test").warning("from a command")
    (record,) = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    assert record["request_id"] == "-"
    assert record["message"] == "from a command"
