"""Case events and sent letters are append-only, as the processing log is: in Python on
every database, and in the database itself on PostgreSQL (plain SQL is refused too)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from loket.audit.models import Activity, AppendOnlyError, Operation, ProcessingRecord
from loket.audit.purge import append_only_purge
from loket.audit.services import Processed, processing_record
from loket.cases import services as case_services
from loket.cases.models import Case, CaseEvent, Letter
from loket.kernel.actors import actor_for_user

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def handler() -> User:
    return User.objects.create_user("hanneke", password="x", is_staff=True)


@pytest.fixture
def case(handler: User, django_capture_on_commit_callbacks: Any) -> Case:
    # Letters are written by a domain-event handler after commit.
    with django_capture_on_commit_callbacks(execute=True):
        case = case_services.case_create(
            reference="ST-0001", product="study", received_at=AT, source="staff"
        )
        case_services.case_record_event(
            case=case,
            kind="decided",
            at=AT + dt.timedelta(days=20),
            source="staff",
            outcome="granted",
            recorded_by=handler,
        )
    return case


def _record(handler: User) -> ProcessingRecord:
    return processing_record(
        actor=actor_for_user(handler),
        activity=Activity.CASE_VIEW,
        operation=Operation.READ,
        item=Processed(subject_id=7, object_type="case", object_ref="ST-0001"),
        trace_id="req-1",
    )


def test_events_and_letters_refuse_bulk_change_and_delete(case: Case) -> None:
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(case=case).update(note="x")
    with pytest.raises(AppendOnlyError):
        case.events.all().delete()
    assert case.letters.exists()  # the grant letter
    with pytest.raises(AppendOnlyError):
        case.letters.all().update(body_nl="x")
    with pytest.raises(AppendOnlyError):
        Letter.objects.filter(case=case).delete()
    letter = case.letters.first()
    assert letter is not None
    letter.body_en = "rewritten"
    with pytest.raises(ValueError, match="never changed"):
        letter.save()


def test_a_staff_account_that_recorded_events_cannot_be_deleted(case: Case, handler: User) -> None:
    with pytest.raises(ProtectedError):
        handler.delete()
    assert CaseEvent.objects.filter(recorded_by=handler).count() == 1


def test_a_retention_purge_may_delete(handler: User, case: Case) -> None:
    _record(handler)
    with append_only_purge():
        ProcessingRecord.objects.all().delete()
        Letter.objects.filter(case=case).delete()
    assert not ProcessingRecord.objects.exists()
    assert not Letter.objects.filter(case=case).exists()


@pytest.mark.skipif(not POSTGRES, reason="the trigger is PostgreSQL's; CI runs PostgreSQL")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_processingrecord SET detail = 'x'",
        "DELETE FROM audit_processingrecord",
        "UPDATE cases_caseevent SET note = 'x'",
        "DELETE FROM cases_caseevent",
        "UPDATE cases_letter SET body_nl = 'x'",
        "DELETE FROM cases_letter",
    ],
)
def test_plain_sql_cannot_rewrite_them_on_postgresql(handler: User, case: Case, sql: str) -> None:
    _record(handler)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert ProcessingRecord.objects.filter(detail="").count() == 1
    assert CaseEvent.objects.filter(case=case, note="").count() == 2
