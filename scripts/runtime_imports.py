"""Import every module of Loket but the tests, from the environment this Python runs in.

Run by .ci/run with .venv-run's Python (the runtime dependencies only): a module that needs
a test-only package (pytest, pm4py, Playwright, ...) fails here instead of in production.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import tempfile

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
os.environ.setdefault("LOKET_VAR_DIR", tempfile.mkdtemp())

import django

django.setup()

import loket  # noqa: E402

failed = []
count = 0
for module in pkgutil.walk_packages(loket.__path__, "loket."):
    if ".tests" in module.name or module.name.endswith(".conftest"):
        continue
    count += 1
    try:
        importlib.import_module(module.name)
    except Exception as error:
        failed.append(f"{module.name}: {error!r}")
if failed:
    sys.exit("Modules that do not import without the dev group:\n" + "\n".join(failed))
print(f"{count} modules of Loket import with the runtime dependencies only.")
