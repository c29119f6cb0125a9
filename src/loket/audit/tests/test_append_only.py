"""The processing log is append-only: nothing changes or deletes a record, except a
retention purge. (Case events and letters: loket.cases.tests.test_append_only, which also
checks the PostgreSQL trigger with plain SQL.)"""

from __future__ import annotations

import pytest

from loket.audit.models import Activity, AppendOnlyError, Operation, ProcessingRecord
from loket.audit.purge import append_only_purge
from loket.audit.services import Processed, processing_record
from loket.kernel.actors import Actor, ActorKind, Role

pytestmark = pytest.mark.django_db

HANNEKE = Actor(
    kind=ActorKind.STAFF,
    user_id=3,
    roles=frozenset({Role.HANDLER}),
    label="hanneke",
    teams=frozenset({"Arbeid Zwolle"}),
)


def _record() -> ProcessingRecord:
    return processing_record(
        actor=HANNEKE,
        activity=Activity.CASE_VIEW,
        operation=Operation.READ,
        item=Processed(subject_id=7, object_type="case", object_ref="ST-0001"),
        trace_id="req-1",
    )


def test_a_record_keeps_who_whose_what_and_the_request() -> None:
    record = _record()
    record.refresh_from_db()
    assert (record.actor_kind, record.actor_name, record.actor_team) == (
        "staff",
        "hanneke",
        "Arbeid Zwolle",
    )
    assert (record.subject_id, record.object_ref) == ("7", "ST-0001")
    assert (record.activity, record.operation, record.trace_id) == ("case.view", "read", "req-1")


def test_records_refuse_change_and_delete() -> None:
    record = _record()
    record.detail = "rewritten"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        ProcessingRecord.objects.update(detail="x")
    with pytest.raises(AppendOnlyError):
        ProcessingRecord.objects.all().delete()
    assert ProcessingRecord.objects.get().detail == ""


def test_a_retention_purge_may_delete() -> None:
    _record()
    with append_only_purge():
        ProcessingRecord.objects.all().delete()
    assert not ProcessingRecord.objects.exists()
