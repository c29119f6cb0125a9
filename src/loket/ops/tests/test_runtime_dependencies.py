"""Install only what runs: the runtime dependencies hold no test tool, and no module of
Loket outside the tests imports a package that is not a runtime dependency.

Before: pm4py (AGPL-3.0) and cvxopt (GPL-3.0) were installed into the environment that
``loket serve`` runs from. ``scripts/demo`` now installs ``--no-dev`` into ``.venv-run`` and
CI imports every module from there (``scripts/runtime_imports.py``); this test keeps the
lock file and the imports honest in every test run.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
SOURCE = ROOT / "src" / "loket"
TEST_ONLY = {
    "pm4py", "cvxopt", "pytest", "pytest-django", "hypothesis", "playwright",
    "axe-playwright-python", "time-machine", "aiosmtpd", "ruff", "mypy", "django-stubs",
    "import-linter", "django-oidc-provider",
}  # fmt: skip


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def runtime_closure() -> set[str]:
    """Every package that ``uv sync --no-dev`` installs, read from uv.lock."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    packages = {_name(p["name"]): p for p in lock["package"]}
    wanted = [
        (dep["name"], tuple(dep.get("extra", ()))) for dep in packages["loket"]["dependencies"]
    ]
    seen: set[str] = set()
    while wanted:
        raw, extras = wanted.pop()
        name = _name(raw)
        package = packages[name]
        deps = list(package.get("dependencies", []))
        for extra in extras:
            deps += package.get("optional-dependencies", {}).get(extra, [])
        if name in seen and not extras:
            continue
        seen.add(name)
        wanted += [(dep["name"], tuple(dep.get("extra", ()))) for dep in deps]
    return seen


def runtime_imports() -> dict[str, set[str]]:
    """Top-level modules imported by Loket's modules outside the tests, and where."""
    found: dict[str, set[str]] = {}
    for path in SOURCE.rglob("*.py"):
        parts = path.relative_to(SOURCE).parts
        if "tests" in parts or path.name == "conftest.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def test_no_test_tool_is_a_runtime_dependency() -> None:
    assert runtime_closure() & TEST_ONLY == set()


def test_the_dev_group_holds_the_test_tools() -> None:
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    (loket,) = [p for p in lock["package"] if p["name"] == "loket"]
    dev = {_name(d["name"]) for d in loket["dev-dependencies"]["dev"]}
    assert {"pm4py", "pytest", "playwright", "hypothesis"} <= dev


def test_loket_imports_only_runtime_dependencies_outside_its_tests() -> None:
    closure = runtime_closure()
    distributions = packages_distributions()
    wrong = {}
    for module, files in runtime_imports().items():
        if module in sys.stdlib_module_names or module in ("loket", "__future__"):
            continue
        owners = {_name(d) for d in distributions.get(module, [module])}
        if not owners & closure:
            wrong[module] = sorted(files)
    assert wrong == {}, f"imported outside the tests, not a runtime dependency: {wrong}"
