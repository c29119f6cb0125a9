"""Domain events: typed facts published after the transaction that made them commits.

A domain app declares its events (frozen dataclasses deriving from :class:`DomainEvent`) in
its ``events.py`` and publishes them from its services with :func:`publish`. Apps that react
subscribe a handler in their ``AppConfig.ready()`` with :func:`subscribe`; the registry is
explicit, so ``handlers_for(CaseEventRecorded)`` lists every reaction (no Django signals).

Delivery rules:

- **After commit only.** ``publish`` inside a transaction queues the events with
  ``transaction.on_commit``; a rolled-back transaction publishes nothing.
- **In batches.** A handler receives a sequence of events of its type: one for the single
  event service, a batch per write chunk for a bulk import, never a call per row.
- **A failing handler undoes nothing.** The events are facts already committed. A handler
  that raises is retried (``HANDLER_ATTEMPTS`` times in all) and then logged at ERROR with
  the events it failed on; the other handlers still run.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, TypeVar

from django.db import transaction

logger = logging.getLogger(__name__)

HANDLER_ATTEMPTS: Final = 3


@dataclass(frozen=True, slots=True)
class DomainEvent:
    """Base of every domain event. Subclasses are frozen dataclasses of plain values (ids,
    enums, times), never model instances: a handler reads what it needs itself."""


E = TypeVar("E", bound=DomainEvent)
Handler = Callable[[Sequence[E]], None]

_handlers: dict[type[DomainEvent], list[Callable[[Sequence[DomainEvent]], None]]] = defaultdict(
    list
)


def subscribe(event_type: type[E], handler: Handler[E]) -> None:
    """Register ``handler`` for ``event_type`` (once: subscribing twice is a no-op)."""
    handlers = _handlers[event_type]
    if handler not in handlers:
        handlers.append(handler)  # type: ignore[arg-type]


def unsubscribe(event_type: type[E], handler: Handler[E]) -> None:
    handlers = _handlers.get(event_type, [])
    if handler in handlers:
        handlers.remove(handler)  # type: ignore[arg-type]


def handlers_for(event_type: type[DomainEvent]) -> list[Callable[[Sequence[DomainEvent]], None]]:
    return list(_handlers.get(event_type, []))


def publish(events: Sequence[DomainEvent], *, using: str | None = None) -> None:
    """Deliver ``events`` to their handlers once the current transaction commits (at once
    outside a transaction). Events of several types may be mixed; each handler receives
    only its own type, in the order published."""
    if not events:
        return
    batch = tuple(events)
    transaction.on_commit(lambda: dispatch(batch), using=using, robust=True)


def dispatch(events: Sequence[DomainEvent]) -> None:
    """Call every handler with its events now. Used by ``publish`` after commit."""
    by_type: dict[type[DomainEvent], list[DomainEvent]] = defaultdict(list)
    for event in events:
        by_type[type(event)].append(event)
    for event_type, typed in by_type.items():
        for handler in handlers_for(event_type):
            _call(handler, typed)


def _call(handler: Callable[[Sequence[DomainEvent]], None], events: list[DomainEvent]) -> None:
    name = getattr(handler, "__qualname__", repr(handler))
    for attempt in range(1, HANDLER_ATTEMPTS + 1):
        try:
            handler(events)
        except Exception:
            if attempt < HANDLER_ATTEMPTS:
                logger.warning(
                    "domain event handler %s failed (attempt %d of %d); retrying",
                    name,
                    attempt,
                    HANDLER_ATTEMPTS,
                    exc_info=True,
                )
                continue
            logger.exception(
                "domain event handler %s failed %d times; gave up on %d event(s), first %r",
                name,
                HANDLER_ATTEMPTS,
                len(events),
                events[0],
            )
        return
