"""The forecasting library's copy of the case vocabulary matches the cases app's enums.

``loket.lib`` has no Django, so ``servicelog`` names event kinds with plain strings; this
test is what keeps them from drifting apart from ``EventKind`` and ``Track``.
"""

from __future__ import annotations

from loket.cases.domain.vocabulary import EventKind, Track
from loket.lib.forecasting import servicelog


def test_the_label_kinds_are_the_event_kinds() -> None:
    assert servicelog.RECEIVED == EventKind.RECEIVED
    assert servicelog.STAGE_ENTERED == EventKind.STAGE_ENTERED


def test_labels_made_from_enum_members_are_the_labels_made_from_their_values() -> None:
    # Stored labels (trained models) were made from the database's plain strings.
    for kind in EventKind:
        for track in Track:
            assert servicelog.event_label(
                kind, "intake", product="study", track=track
            ) == servicelog.event_label(kind.value, "intake", product="study", track=track.value)
    assert (
        servicelog.event_label(EventKind.RECEIVED, "", product="study", track=Track.STANDARD)
        == "received:study:standard"
    )
