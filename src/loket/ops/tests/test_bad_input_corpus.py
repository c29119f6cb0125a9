"""Every bad input ends in a message naming the file and line, never a traceback (D7, D11).

The corpus (``bad_inputs.py``) is run through the real ``loket import`` (``call_command``,
and a sample as a separate process, whose exit status and stderr are checked) and through
the file readers; after each, nothing is stored. The count of inputs and of tracebacks is
what docs/input-validation.md reports:

    .venv/bin/pytest src/loket/ops/tests/test_bad_input_corpus.py -q
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from loket.cases.models import Case, CaseEvent
from loket.lib.eventlogs import EventLogError, iter_xes
from loket.lib.eventlogs.csvlog import CsvMapping, iter_csv_events
from loket.processlogs.models import ProcessEvent, ProcessLog

from .bad_inputs import FORMAT, BadInput, corpus

CORPUS = corpus()

pytestmark = pytest.mark.django_db

KINDS_IN_THE_AUDIT = 91


def _write(tmp_path: Path, bad: BadInput) -> Path:
    path = tmp_path / bad.name
    path.write_bytes(bad.data)
    return path


def _assert_names_the_place(message: str, bad: BadInput, path: Path) -> None:
    assert "Traceback" not in message
    assert bad.name in message, f"the message does not name the file: {message}"
    if bad.line is not None:
        assert f"{bad.name}:{bad.line}:" in message, f"not line {bad.line}: {message}"
    assert bad.words.lower() in message.lower(), f"{bad.words!r} not in: {message}"


def _nothing_stored() -> None:
    assert Case.objects.count() == 0
    assert CaseEvent.objects.count() == 0
    assert ProcessLog.objects.count() == 0
    assert ProcessEvent.objects.count() == 0


def test_the_corpus_holds_more_kinds_than_the_audit_tried() -> None:
    assert len(CORPUS) > KINDS_IN_THE_AUDIT
    assert len({bad.key for bad in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("bad", CORPUS, ids=[bad.key for bad in CORPUS])
def test_loket_import_refuses_it_with_a_message_and_stores_nothing(
    tmp_path: Path, bad: BadInput
) -> None:
    path = _write(tmp_path, bad)
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), *bad.args)
    message = str(refused.value)
    assert message.startswith("Nothing was imported"), message
    _assert_names_the_place(message, bad, path)
    _nothing_stored()


PROCESS_LOGS = [bad for bad in CORPUS if bad.is_process_log]


def _read(path: Path, bad: BadInput) -> None:
    if ".xes" in bad.name.lower():
        for _ in iter_xes(path):
            pass
        return
    fmt = bad.args[bad.args.index(FORMAT[0]) + 1] if FORMAT[0] in bad.args else None
    mapping = CsvMapping(case="case", activity="activity", timestamp="at", timestamp_format=fmt)
    for _ in iter_csv_events(path, mapping):
        pass


@pytest.mark.parametrize("bad", PROCESS_LOGS, ids=[bad.key for bad in PROCESS_LOGS])
def test_the_readers_raise_only_their_own_error_with_the_place(
    tmp_path: Path, bad: BadInput
) -> None:
    path = _write(tmp_path, bad)
    if not bad.reader:  # a domain rule (a reference, a length): the reader may pass it
        with contextlib.suppress(EventLogError):
            _read(path, bad)
        return
    with pytest.raises(EventLogError) as refused:
        _read(path, bad)
    assert refused.value.path == str(path)
    if bad.line is not None:
        assert refused.value.line == bad.line, str(refused.value)
    assert bad.words.lower() in str(refused.value).lower()


# One of each family, run as the operator runs it: a separate process on its own database.
SAMPLE = [
    "loket csv: field over the csv limit",
    "loket csv: year 1",
    "loket csv: NUL byte",
    "loket csv: slash in reference",
    "mapped csv: latin-1 with --timestamp-format",
    "xes: upper-case .XES.GZ truncated",
    "xes: year 9999 date",
    "xes: nested entities",
]


@pytest.fixture(scope="module")
def operator_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["LOKET_VAR_DIR"] = str(var)
    subprocess.run([_loket(), "migrate", "-v0"], env=env, check=True, timeout=300)
    return env


def _loket() -> str:
    return str(Path(sys.executable).with_name("loket"))


@pytest.mark.parametrize("key", SAMPLE)
def test_the_command_exits_non_zero_with_one_message_and_no_traceback(
    tmp_path: Path, operator_env: dict[str, str], key: str
) -> None:
    bad = next(b for b in CORPUS if b.key == key)
    path = _write(tmp_path, bad)
    done = subprocess.run(
        [_loket(), "import", str(path), *bad.args],
        env=operator_env,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("CommandError: Nothing was imported"), done.stderr
    _assert_names_the_place(done.stderr, bad, path)
