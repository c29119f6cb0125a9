"""Writers side by side on PostgreSQL: 16 overlapping ``loket import`` processes, and 16
threads recording events on one case. Nobody sees a traceback, nothing is stored twice, and
a rerun finishes whatever was left (issue 10, D4).

Real processes and threads need a server database: on SQLite (which serialises writers) the
tests are skipped; CI runs them on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count

from loket.cases.domain.vocabulary import EventKind, EventSource
from loket.cases.models import Case, CaseEvent
from loket.cases.services import case_create, case_record_event
from loket.catalogue.models import ProductType, Stage
from loket.catalogue.seed import seed_catalogue

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

RUNS = 16
FILES = 8
SHARED_CASES = 150
OWN_CASES = 40
# One shared case's story; file k holds its first 2 + k % 5 steps, so the files overlap and
# disagree only in how far they go (each run appends what is new).
STEPS = (
    ("received", 0, ""),
    ("stage_entered", 2, "intake"),
    ("information_requested", 5, ""),
    ("information_received", 12, ""),
    ("stage_entered", 14, "assessment"),
    ("stage_entered", 30, "decision"),
)
START = dt.date(2025, 3, 3)


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need a server database; SQLite serialises writers anyway")
    # A transactional test before this one may have flushed the migrations' catalogue.
    seed_catalogue(ProductType, Stage)


def story(reference: str, steps: int) -> list[str]:
    lines = []
    for kind, day, stage in STEPS[:steps]:
        when = START + dt.timedelta(days=day)
        lines.append(f"{reference},study,{kind},{when.isoformat()}T09:00:00+01:00,,,{stage}")
    return lines


def write_files(folder: Path) -> list[Path]:
    paths = []
    for k in range(FILES):
        lines = ["case,product,kind,at,days,outcome,stage"]
        for n in range(SHARED_CASES):
            lines += story(f"P-SHARED-{n:04d}", 2 + k % 5)
        for n in range(OWN_CASES):
            lines += story(f"P-OWN{k}-{n:04d}", 3)
        path = folder / f"part{k}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def loket_import(path: Path) -> subprocess.Popen[str]:
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "LOKET_SECRET_KEY": secrets.token_urlsafe(50)}
    return subprocess.Popen(
        [sys.executable, "-c", "from loket.cli import main; main()", "import", str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sixteen_overlapping_imports_show_no_traceback_and_store_nothing_twice(
    tmp_path: Path,
) -> None:
    needs_postgresql()
    paths = write_files(tmp_path)
    runs = [loket_import(paths[n % FILES]) for n in range(RUNS)]
    results = [(*run.communicate(timeout=600), run) for run in runs]

    for _out, err, run in results:
        code = run.returncode
        assert "Traceback" not in err, err
        if code != 0:  # allowed: a short message that says to run it again
            assert len(err.strip().splitlines()) <= 3, err
    # A rerun of every file finishes the job (and adds nothing if the first round did it all).
    for path in paths:
        rerun = loket_import(path)
        _out, err = rerun.communicate(timeout=600)
        assert rerun.returncode == 0, err

    expected_events = SHARED_CASES * (2 + max(k % 5 for k in range(FILES))) + FILES * OWN_CASES * 3
    assert Case.objects.count() == SHARED_CASES + FILES * OWN_CASES
    assert CaseEvent.objects.count() == expected_events
    twice = (
        CaseEvent.objects.values("case_id", "kind", "at", "stage")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert list(twice) == []
    failed = [run for _, _, run in results if run.returncode != 0]
    print(f"16 parallel imports: {RUNS - len(failed)} succeeded, {len(failed)} asked for a rerun")


def test_sixteen_writers_on_one_case_take_distinct_sequence_numbers() -> None:
    needs_postgresql()
    received = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    case = case_create(
        reference="P-ONE-CASE", product="study", received_at=received, source=EventSource.STAFF
    )
    barrier = threading.Barrier(RUNS)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            mine = Case.objects.get(pk=case.pk)
            barrier.wait()
            # The same moment for all: whatever order the locks give, none is "earlier".
            case_record_event(
                case=mine,
                kind=EventKind.STAGE_ENTERED,
                stage="intake",
                at=received + dt.timedelta(hours=1),
                source=EventSource.STAFF,
                note=f"writer {n}",
            )
        except BaseException as error:  # collected and reported in the test thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    sequences = list(CaseEvent.objects.filter(case=case).values_list("sequence", flat=True))
    assert errors == []
    assert Counter(sequences) == Counter(range(1, RUNS + 2))
