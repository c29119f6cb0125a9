"""The one way rows of an append-only table may go: a purge at the end of their retention
period (GDPR art. 5(1)(e)), which a future retention job runs and which tests use to clean up.

On PostgreSQL the tables' trigger lets a DELETE through only inside a transaction that has
set ``loket.purge`` to ``on`` (``SET LOCAL``, so it ends with the transaction); elsewhere the
Python guard of ``AppendOnlyQuerySet`` checks the same flag. UPDATE is never allowed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction

_purging: ContextVar[bool] = ContextVar("loket_audit_purging", default=False)


def purge_allowed() -> bool:
    return _purging.get()


@contextmanager
def append_only_purge() -> Iterator[None]:
    """Inside this block (one transaction), rows of append-only tables may be deleted."""
    token = _purging.set(True)
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL loket.purge = 'on'")
            yield
    finally:
        _purging.reset(token)
