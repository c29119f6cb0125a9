"""Writing letters when their events are recorded.

``letters_for_events`` is subscribed to ``CaseEventRecorded`` (``LettersConfig.ready``). It
gets the events in batches (one for the staff form, up to 5,000 for a bulk import) and
writes the letters of a whole batch with a fixed handful of reads and one ``bulk_create``
(which the database splits into inserts of at most ``LETTER_INSERT_BATCH`` rows; SQLite
takes fewer, as its parameter limit allows). A letter is unique per (case, event, kind), so
a replayed batch writes nothing new and a concurrent writer cannot make a second one.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Final

from django.conf import settings
from django.db.models import Q

from loket.cases.domain.vocabulary import LetterKind
from loket.cases.events import CaseEventRecorded
from loket.cases.models import Case, CaseEvent, Letter
from loket.catalogue.models import Situation, SituationText
from loket.kernel.time import local_date
from loket.letters.compose import Draft, compose
from loket.letters.facts import as_json, letter_facts, letter_kind
from loket.notifications.models import LanguagePreference

logger = logging.getLogger(__name__)

# Rows per INSERT (PostgreSQL allows 65,535 parameters per query; a letter takes 15).
LETTER_INSERT_BATCH: Final = 1_000

# The catalogue text a letter borrows for what happens next in that product.
_PRODUCT_SITUATION: Final[dict[LetterKind, Situation]] = {
    LetterKind.DECISION_GRANT: Situation.GRANTED,
    LetterKind.CARD_READY: Situation.CARD_READY,
}

Wanted = tuple[int, int, LetterKind]  # case id, event sequence, letter kind


def letters_for_events(events: Sequence[CaseEventRecorded]) -> None:
    """The domain-event handler: write the letters these events call for."""
    letters_write(events=events)


def letters_write(*, events: Sequence[CaseEventRecorded]) -> int:
    """Write the letters that ``events`` call for and that do not exist yet; return how many
    were written. Events that make no letter (a stage started, a withdrawal, ...) are
    skipped."""
    wanted = _wanted(events)
    if not wanted:
        return 0
    case_ids = sorted({case_id for case_id, _, _ in wanted})
    done = set(
        Letter.objects.filter(case_id__in=case_ids, event_sequence__isnull=False).values_list(
            "case_id", "event_sequence", "kind"
        )
    )
    wanted = [w for w in wanted if w not in done]
    if not wanted:
        return 0
    case_ids = sorted({case_id for case_id, _, _ in wanted})
    cases = {
        case.pk: case
        for case in Case.objects.filter(pk__in=case_ids)
        .select_related("product", "applicant")
        .prefetch_related("product__legal_terms")  # the term clock's versions, one query
    }
    logs: dict[int, dict[int, int]] = defaultdict(dict)  # case id -> sequence -> index
    events_of: dict[int, list[CaseEvent]] = defaultdict(list)
    for event in CaseEvent.objects.filter(case_id__in=case_ids).order_by("case_id", "sequence"):
        logs[event.case_id][event.sequence] = len(events_of[event.case_id])
        events_of[event.case_id].append(event)
    languages = _languages(case.applicant_id for case in cases.values())
    texts = _product_texts({case.product_id for case in cases.values()})

    letters = []
    for case_id, sequence, kind in wanted:
        case = cases.get(case_id)
        index = logs.get(case_id, {}).get(sequence)
        if case is None or index is None:
            logger.warning("no letter for case %s event %s: not found", case_id, sequence)
            continue
        event = events_of[case_id][index]
        draft = _draft(case, kind, events_of[case_id], index, texts)
        title_nl, body_nl = compose(draft, "nl")
        title_en, body_en = compose(draft, "en")
        letters.append(
            Letter(
                case_id=case_id,
                kind=kind,
                event_sequence=sequence,
                language=languages.get(case.applicant_id, settings.LANGUAGE_CODE),
                title_nl=title_nl,
                title_en=title_en,
                body_nl=body_nl,
                body_en=body_en,
                recipient_name=draft.recipient_name,
                handler_name=draft.handler_name,
                handler_email=draft.handler_email,
                team=draft.team,
                facts=as_json(draft.facts),
                sent_at=event.at,
            )
        )
    Letter.objects.bulk_create(letters, batch_size=LETTER_INSERT_BATCH, ignore_conflicts=True)
    return len(letters)


def _wanted(events: Iterable[CaseEventRecorded]) -> list[Wanted]:
    wanted: dict[Wanted, None] = {}  # ordered and without duplicates
    for event in events:
        kind = letter_kind(event.kind, event.outcome)
        if kind is not None:
            wanted[(event.case_id, event.sequence, kind)] = None
    return list(wanted)


def _languages(user_ids: Iterable[int | None]) -> dict[int | None, str]:
    """Each applicant's chosen language (as ``notifications.selectors.preferred_language``
    reads it, for a whole batch in one query); missing: ``LANGUAGE_CODE``."""
    ids = {user_id for user_id in user_ids if user_id is not None}
    offered = dict(settings.LANGUAGES)
    chosen: dict[int | None, str] = {}
    if ids:
        for user_id, language in LanguagePreference.objects.filter(user_id__in=ids).values_list(
            "user_id", "language"
        ):
            if language in offered:
                chosen[user_id] = language
    return chosen


def _product_texts(product_ids: set[int]) -> dict[tuple[int, Situation], SituationText]:
    """The catalogue's texts for the situations letters borrow from, per product: the
    product's own text, else the one for every product (any stage), in one query."""
    rows = SituationText.objects.filter(
        Q(product_id__in=product_ids) | Q(product__isnull=True),
        situation__in=list(_PRODUCT_SITUATION.values()),
        stage="",
    )
    defaults = {row.situation: row for row in rows if row.product_id is None}
    own = {(row.product_id, row.situation): row for row in rows if row.product_id is not None}
    found: dict[tuple[int, Situation], SituationText] = {}
    for product_id in product_ids:
        for situation in _PRODUCT_SITUATION.values():
            text = own.get((product_id, situation)) or defaults.get(situation)
            if text is not None:
                found[(product_id, situation)] = text
    return found


def _draft(
    case: Case,
    kind: LetterKind,
    events: Sequence[CaseEvent],
    index: int,
    texts: dict[tuple[int, Situation], SituationText],
) -> Draft:
    event = events[index]
    applicant = case.applicant
    situation = _PRODUCT_SITUATION.get(kind)
    return Draft(
        kind=kind,
        reference=case.reference,
        product_name_nl=case.product.name_nl,
        product_name_en=case.product.name_en,
        recipient_name=(applicant.get_full_name() if applicant is not None else "").strip(),
        handler_name=case.handler_name,
        handler_email=case.handler_email,
        team=case.team,
        channel=case.channel,
        sent_on=local_date(event.at),
        facts=letter_facts(kind, product=case.product, events=events, index=index),
        product_text=texts.get((case.product_id, situation)) if situation else None,
    )
