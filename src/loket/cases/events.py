"""Domain events of cases, published after commit (see ``loket.kernel.domain_events``).

Other apps react to them (messages, letters, webhooks, rescoring) by subscribing in their
``AppConfig.ready()``; ``cases`` never calls them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Final

from loket.cases.domain.vocabulary import EventKind, EventSource, Outcome
from loket.kernel.domain_events import DomainEvent, publish

# A bulk import hands its handlers this many events per call.
PUBLISH_BATCH: Final = 5_000


@dataclass(frozen=True, slots=True)
class CaseEventRecorded(DomainEvent):
    """One event was appended to a case's log (by staff, the importer or the simulator)."""

    case_id: int
    reference: str
    sequence: int
    kind: EventKind
    outcome: Outcome | None
    at: dt.datetime
    source: EventSource


def case_events_publish(events: Iterable[CaseEventRecorded]) -> None:
    """Publish after commit, in batches of ``PUBLISH_BATCH``: one handler call per batch."""
    for batch in _batched(events, PUBLISH_BATCH):
        publish(batch)


def _batched(
    items: Iterable[CaseEventRecorded], size: int
) -> Iterator[Sequence[CaseEventRecorded]]:
    iterator = iter(items)
    while batch := tuple(islice(iterator, size)):
        yield batch
