"""The import contracts in .importlinter hold for the tree and really catch a wrong import.

lint-imports runs in a child process: the graph is built from whichever ``loket`` is first
on ``PYTHONPATH``, so the broken case points it at a copy of src/loket with a few wrong
imports added. The real tree is only read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
CONFIG = ROOT / ".importlinter"
SRC = ROOT / "src"

# One wrong import for each contract: (module, a line added to it, the contract that breaks).
WRONG = [
    (
        "cases/_upward.py",
        "import loket.web.applicant.views\n",
        "Loket layers: doors above domain apps above lib above kernel BROKEN",
    ),
    (
        "web/shared/_sideways.py",
        "import loket.web.staff.views\n",
        "Web doors: applicant, staff and public share only web.shared BROKEN",
    ),
    (
        "lib/eventlogs/_django.py",
        "import django.db.models\n",
        "loket.lib is pure Python: no Django, and nothing from Loket but loket.kernel.time BROKEN",
    ),
    (
        "lib/forecasting/_kernel.py",
        "import loket.kernel.actors\n",
        "loket.lib is pure Python: no Django, and nothing from Loket but loket.kernel.time BROKEN",
    ),
    (
        "kernel/time.py",
        "import django.utils.timezone\n",
        "loket.kernel.time is pure Python: no Django, nothing else from Loket BROKEN",
    ),
    (
        "kernel/_up.py",
        "from loket.cases import models\n",
        "loket.kernel imports no other Loket package BROKEN",
    ),
    (
        "notifications/_glue.py",
        "import loket.urls\n",
        "Below the doors nobody imports the root glue (urls, wsgi, cli, settings) BROKEN",
    ),
]


def _lint_imports(src: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "COLUMNS": "250",  # one contract to a line, however long its name
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; "
            "sys.exit(lint_imports_command())",
            "--no-cache",
            str(CONFIG),
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_tree_keeps_every_contract(tmp_path: Path) -> None:
    done = _lint_imports(SRC, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_a_wrong_import_breaks_its_contract(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(
        SRC / "loket",
        copy / "loket",
        ignore=lambda _dir, names: [
            n for n in names if n == "__pycache__" or ("." in n and not n.endswith(".py"))
        ],
    )
    for relative, line, _contract in WRONG:
        with (copy / "loket" / relative).open("a") as py_file:
            py_file.write(line)

    done = _lint_imports(copy, tmp_path)

    out = done.stdout + done.stderr
    assert done.returncode != 0, out
    for relative, _line, contract in WRONG:
        assert contract in out
        module = "loket." + relative.removesuffix(".py").replace("/", ".")
        assert module in out
    assert "0 kept, 6 broken" in out
    # The real tree is untouched.
    assert not (SRC / "loket" / "cases" / "_upward.py").exists()
    assert "django" not in (SRC / "loket" / "kernel" / "time.py").read_text()
