"""events_import and ``loket import``: all or nothing, idempotent, problems name their line."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from loket.cases.domain.rows import CaseFacts, EventRow
from loket.cases.domain.vocabulary import EventKind, Outcome, Track
from loket.cases.importing import EventImportError
from loket.cases.models import Case, CaseEvent, CaseStatus
from loket.cases.services import events_import

from .conftest import CsvFile, at

pytestmark = pytest.mark.django_db

GOOD = """
case,product,kind,at,days,outcome,stage
KM-1,knowledge-migrant,received,2026-03-02,,,
KM-1,knowledge-migrant,stage_entered,2026-03-03,,,intake
KM-1,knowledge-migrant,information_requested,2026-03-10,,,
KM-1,knowledge-migrant,information_received,2026-03-20,,,
ST-1,study,received,2026-03-02T10:15,,,
ST-1,study,decided,2026-04-01T16:00:00+02:00,,granted,
"""


def run_import(path: Path) -> str:
    out = StringIO()
    call_command("import", str(path), stdout=out)
    return out.getvalue()


def snapshot() -> tuple[list[Any], list[Any]]:
    return (
        list(Case.objects.order_by("reference").values()),
        list(CaseEvent.objects.order_by("id").values()),
    )


def test_a_good_file_imports_and_prints_a_summary(csv_file: CsvFile) -> None:
    output = run_import(csv_file(GOOD))
    assert "2 case(s) created" in output
    assert "6 event(s) added" in output
    km = Case.objects.get(reference="KM-1")
    assert km.status == CaseStatus.IN_PROGRESS
    assert km.stage == "intake"
    assert km.decision_due == dt.date(2026, 6, 10)
    assert list(km.events.values_list("sequence", flat=True)) == [1, 2, 3, 4]


def test_a_naive_time_is_read_as_dutch_time(csv_file: CsvFile) -> None:
    run_import(csv_file(GOOD))
    assert Case.objects.get(reference="ST-1").received_at == at(2026, 3, 2, 10) + dt.timedelta(
        minutes=15
    )


def test_importing_the_same_file_twice_changes_nothing(csv_file: CsvFile) -> None:
    path = csv_file(GOOD)
    run_import(path)
    before = snapshot()
    output = run_import(path)
    assert "0 case(s) created" in output
    assert "0 event(s) added, 6 event(s) already present" in output
    assert snapshot() == before


def test_new_events_for_an_existing_case_are_appended_after_its_last_event(
    csv_file: CsvFile,
) -> None:
    run_import(csv_file(GOOD))
    more = GOOD + "KM-1,knowledge-migrant,decided,2026-04-01,,refused,\n"
    output = run_import(csv_file(more, "more.csv"))
    assert "1 event(s) added, 6 event(s) already present" in output
    km = Case.objects.get(reference="KM-1")
    assert km.events.count() == 5
    assert (km.status, km.outcome) == (CaseStatus.DECIDED, "refused")


@pytest.mark.parametrize(
    ("bad_line", "expected"),
    [
        ("KM-2,work-permit,received,2026-03-02,,,", "unknown product 'work-permit'"),
        ("KM-1,knowledge-migrant,approved,2026-03-22,,,", "unknown event kind 'approved'"),
        ("KM-1,knowledge-migrant,decided,22-03-2026,,granted,", "not a date"),
        ("KM-1,knowledge-migrant,term_extended,2026-03-22,,,", "needs 'days'"),
        ("KM-1,knowledge-migrant,term_extended,2026-03-22,lots,,", "whole number"),
        ("KM-1,knowledge-migrant,decided,2026-03-22,,,", "needs 'outcome'"),
        ("KM-1,knowledge-migrant,issued,2026-03-22,,,", "not allowed"),
        ("KM-1,knowledge-migrant,term_extended,2026-03-22,91,,", "at most 90"),
        ("KM-1,study,withdrawn,2026-03-22,,,", "One case has one product"),
        ("KM-1,knowledge-migrant,stage_entered,2026-03-22,,,ceremony", "does not exist"),
        ("KM-1,knowledge-migrant,received", "has 3 values but the header has 7"),
    ],
)
def test_a_bad_row_rejects_the_whole_file_and_names_its_line(
    csv_file: CsvFile, bad_line: str, expected: Any
) -> None:
    path = csv_file(GOOD + bad_line + "\n")
    with pytest.raises(CommandError) as error:
        run_import(path)
    message = str(error.value)
    assert "Nothing was imported" in message
    assert "events.csv:8: " in message  # the header is line 1 and GOOD has 6 rows
    assert expected in message
    assert Case.objects.count() == 0
    assert CaseEvent.objects.count() == 0


def test_an_event_for_an_existing_case_of_another_product_is_refused(csv_file: CsvFile) -> None:
    run_import(csv_file(GOOD))
    with pytest.raises(CommandError, match=r"already exists as a 'knowledge-migrant' case"):
        run_import(csv_file("case,product,kind,at\nKM-1,family,withdrawn,2026-03-25\n", "b.csv"))


def test_an_event_before_the_last_stored_event_is_refused(csv_file: CsvFile) -> None:
    run_import(csv_file(GOOD))
    with pytest.raises(CommandError, match=r"b.csv:2: .*append-only"):
        run_import(
            csv_file("case,product,kind,at\nKM-1,knowledge-migrant,withdrawn,2026-03-15\n", "b.csv")
        )


def test_a_header_without_the_required_columns_is_refused(csv_file: CsvFile) -> None:
    with pytest.raises(CommandError, match=r"events.csv:1: header: missing column\(s\) at"):
        run_import(csv_file("case,product,kind,when\nKM-1,study,received,2026-03-02\n"))


def test_a_mapped_csv_needs_all_three_column_options(csv_file: CsvFile) -> None:
    with pytest.raises(CommandError, match="--activity-column, --timestamp-column"):
        call_command("import", str(csv_file(GOOD)), case_column="case")


def test_an_xes_file_goes_to_the_process_log_importer(
    csv_file: CsvFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []

    class Result:
        log = type("Log", (), {"name": "running", "version": 1, "content_sha256": "0" * 64})()
        outcome = "created"
        cases = 1
        events_added = 2
        events_already_present = 0

    def fake(**kwargs: Any) -> Result:
        calls.append(kwargs)
        return Result()

    monkeypatch.setattr("loket.processlogs.services.process_log_import", fake)
    call_command("import", str(csv_file("<log/>", "running.xes")))
    assert calls[0]["mapping"] is None


def test_events_import_reports_every_problem_with_its_row_position() -> None:
    rows = [
        EventRow(case="A", product="study", kind=EventKind.RECEIVED, at=at(2026, 3, 2)),
        EventRow(case="B", product="nope", kind=EventKind.RECEIVED, at=at(2026, 3, 2)),
        EventRow(case="A", product="study", kind=EventKind.DECIDED, at=at(2026, 3, 9)),
    ]
    with pytest.raises(EventImportError) as error:
        events_import(rows=rows, source="simulation")
    assert [p.line for p in error.value.problems] == [2, 3]


def test_events_import_applies_case_facts_and_links_the_applicant() -> None:
    user = get_user_model().objects.create_user(username="amira")
    rows = [EventRow(case="A", product="family", kind=EventKind.RECEIVED, at=at(2026, 3, 2))]
    facts = [
        CaseFacts(
            reference="A",
            product="family",
            track=Track.EXPERT,
            team="Den Bosch",
            applicant_username="amira",
        )
    ]
    result = events_import(rows=rows, facts=facts, source="simulation")
    case = Case.objects.get(reference="A")
    assert (case.track, case.team, case.applicant) == ("expert", "Den Bosch", user)
    assert result.cases_created == 1
    again = events_import(rows=rows, facts=facts, source="simulation")
    assert (again.cases_updated, again.events_added, again.events_present) == (0, 0, 1)


def test_events_import_refuses_an_unknown_applicant() -> None:
    rows = [EventRow(case="A", product="family", kind=EventKind.RECEIVED, at=at(2026, 3, 2))]
    facts = [CaseFacts(reference="A", product="family", applicant_username="ghost")]
    with pytest.raises(EventImportError, match="no user 'ghost'"):
        events_import(rows=rows, facts=facts, source="simulation")


def test_a_large_import_uses_a_bounded_number_of_queries(
    django_assert_max_num_queries: Any,
) -> None:
    rows: list[EventRow] = []
    for i in range(600):
        ref = f"C-{i}"
        rows += [
            EventRow(case=ref, product="study", kind=EventKind.RECEIVED, at=at(2026, 1, 5)),
            EventRow(
                case=ref,
                product="study",
                kind=EventKind.STAGE_ENTERED,
                at=at(2026, 1, 6),
                stage="intake",
            ),
            EventRow(
                case=ref,
                product="study",
                kind=EventKind.DECIDED,
                at=at(2026, 2, 2),
                outcome=Outcome.GRANTED,
            ),
        ]
    # Queries grow with batches (SQLite takes ~50 cases per insert), never with rows.
    with django_assert_max_num_queries(60):
        result = events_import(rows=rows, source="simulation")
    assert (result.cases_created, result.events_added) == (600, 1800)


def test_a_row_repeated_in_the_same_file_counts_once(csv_file: CsvFile) -> None:
    output = run_import(
        csv_file(GOOD + "KM-1,knowledge-migrant,stage_entered,2026-03-03,,,intake\n")
    )
    assert "6 event(s) added, 1 event(s) already present" in output


def test_one_run_reports_every_bad_line_in_line_order(csv_file: CsvFile) -> None:
    text = (
        "case,product,kind,at,days,outcome\n"
        "A-1,study,received,2026-03-02,,\n"
        "A-1,study,term_extended,2026-03-05,,\n"
        "A-1,study,decided,2026/04/01,,granted\n"
        "B-1,visa,received,2026-03-02,,\n"
    )
    with pytest.raises(CommandError) as error:
        run_import(csv_file(text))
    lines = [line.split(": ")[0] for line in str(error.value).splitlines()[1:4]]
    assert lines == ["  events.csv:3", "  events.csv:4", "  events.csv:5"]


def test_too_long_an_extension_names_its_own_line_not_the_last_one(csv_file: CsvFile) -> None:
    # Rows are applied in time order, so the file order differs from the event order here.
    text = (
        "case,product,kind,at,days,outcome,stage\n"
        "KM-9,knowledge-migrant,received,2026-03-02,,,\n"
        "KM-9,knowledge-migrant,term_extended,2026-04-10,31,,\n"  # line 3: 60 + 31 > 90
        "KM-9,knowledge-migrant,term_extended,2026-04-01,60,,\n"
        "KM-9,knowledge-migrant,decided,2026-05-01,,granted,\n"
    )
    with pytest.raises(CommandError) as error:
        run_import(csv_file(text))
    message = str(error.value)
    assert "events.csv:3: case KM-9 ('knowledge-migrant')" in message
    assert "91 days" in message
    assert "at most 90" in message
    assert "Check the 'days' value." in message
    assert "events.csv:4" not in message
    assert "events.csv:5" not in message
    assert Case.objects.count() == 0


def test_too_long_an_extension_counts_the_stored_extensions(csv_file: CsvFile) -> None:
    run_import(csv_file(GOOD + "KM-1,knowledge-migrant,term_extended,2026-03-25,80,,\n"))
    text = (
        "case,product,kind,at,days,outcome,stage\n"
        "KM-1,knowledge-migrant,stage_entered,2026-03-26,,,intake\n"
        "KM-1,knowledge-migrant,term_extended,2026-03-27,11,,\n"
    )
    with pytest.raises(CommandError, match=r"more.csv:3: .*91 days.*at most 90"):
        run_import(csv_file(text, "more.csv"))
    assert CaseEvent.objects.count() == 7


def test_too_long_an_extension_is_reported_before_a_later_refused_event() -> None:
    rows = [
        EventRow(case="A", product="knowledge-migrant", kind=EventKind.RECEIVED, at=at(2026, 3, 2)),
        EventRow(
            case="A",
            product="knowledge-migrant",
            kind=EventKind.TERM_EXTENDED,
            at=at(2026, 3, 9),
            days=91,
        ),
        EventRow(case="A", product="knowledge-migrant", kind=EventKind.ISSUED, at=at(2026, 3, 10)),
    ]
    with pytest.raises(EventImportError) as error:
        events_import(rows=rows, source="simulation")
    [problem] = error.value.problems
    assert problem.line == 2
    assert "at most 90" in problem.message
