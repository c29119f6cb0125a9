"""Fixtures of the forecast tests: one simulated service per test module, and trained models
reused between tests that train on exactly the same data.

Both exist for speed. Loading the simulated service takes seconds and every test of
test_refresh.py used to load it again; a refresh trains about five LightGBM models
(the time model, one per look-back snapshot, the grant model) and most tests refresh the
same data at the same moment.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from pytest_django import DjangoDbBlocker

from loket.forecasts import services
from loket.lib.forecasting import engine, outcome

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)

SIMULATED_SERVICE = "simulated_service"


@pytest.fixture
def now() -> dt.datetime:
    return NOW


# --- The simulated service, loaded once per module ------------------------------------------
#
# The module fixture opens a transaction, loads the service into it and rolls it back when
# the module's tests are done. Each test runs inside it as usual (pytest-django's ``db``
# wraps the test in a savepoint and rolls that back), so every test starts from the freshly
# loaded service, as when the fixture loaded it per test.
#
# Data in the open transaction is visible to every test that runs while it is open, so the
# tests that use it run last in their module (``pytest_collection_modifyitems`` below) and a
# test that does not ask for it fails loudly if it ever runs while it is loaded.

_loaded: dict[str, bool] = {"open": False}


@pytest.fixture(scope="module")
def _simulated_service_module(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[None]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # Marked as a test case's block, as Django marks its own: code under test may then
        # open a durable block inside, as it may inside Django's TestCase.
        outer._from_testcase = True  # type: ignore[attr-defined]
        outer.__enter__()
        _loaded["open"] = True
        try:
            # A small simulated service: about 600 cases over 150 days, a quarter still open.
            call_command(
                "simulate",
                "--days",
                "150",
                "--seed",
                "3",
                "--scale",
                "0.005",
                "--now",
                NOW.isoformat(),
            )
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(*sys.exc_info())
            _loaded["open"] = False
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
        _loaded["open"] = False


@pytest.fixture
def simulated_service(_simulated_service_module: None, db: None) -> None:
    """A small simulated service: about 600 cases over 150 days, a quarter still open."""


@pytest.fixture(autouse=True)
def _only_its_users_see_the_simulated_service(request: pytest.FixtureRequest) -> None:
    if _loaded["open"] and SIMULATED_SERVICE not in request.fixturenames:
        pytest.fail(
            f"{request.node.nodeid} runs while this module's simulated service is loaded but "
            f"does not ask for it: ask for `{SIMULATED_SERVICE}` or see conftest.py"
        )
    if _loaded["open"] and "transactional_db" in request.fixturenames:
        pytest.fail("the simulated service lives in a transaction: it cannot be transactional")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Within each run of tests of one module here, the simulated-service tests go last."""
    here = Path(__file__).parent
    start = 0
    while start < len(items):
        end = start
        while end < len(items) and items[end].path == items[start].path:
            end += 1
        if items[start].path.is_relative_to(here):
            run = items[start:end]
            users = [i for i in run if SIMULATED_SERVICE in getattr(i, "fixturenames", ())]
            others = [i for i in run if SIMULATED_SERVICE not in getattr(i, "fixturenames", ())]
            items[start:end] = others + users
        start = end


# --- Trained models, reused for the same data ------------------------------------------------
#
# A refresh trains with ``services.time_model_train`` and ``services.train_outcome``. Both
# are deterministic for their inputs, so a model trained once is handed again to a later
# call with byte-for-byte the same inputs, as a fresh copy (unpickled, as the refresh
# itself loads a stored model). The key holds the inputs, the constants of the services
# module (the seed) and every module setting of the code the training runs (the modules
# that engine.py and outcome.py import from: constants by value, functions and other
# objects by identity), so a test that monkeypatches a setting, a feature list or a
# function of the training trains anew.

_TRAINED: dict[str, bytes] = {}
_PLAIN = (bool, int, float, str, bytes, type(None))


def _setting(value: object) -> object:
    """A module setting as it goes into the key: its value where that is data, else its id."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, tuple | list | dict | set | frozenset):
        try:  # by content, so a setting changed in place (monkeypatch.setitem) counts
            return hashlib.sha256(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)).hexdigest()
        except (pickle.PicklingError, TypeError, AttributeError):
            pass
    return ("id", id(value))


def _training_modules() -> list[ModuleType]:
    """engine and outcome, and the Loket modules they take names from, recursively."""
    found: dict[str, ModuleType] = {}
    todo = [engine, outcome]
    while todo:
        module = todo.pop()
        if module.__name__ in found:
            continue
        found[module.__name__] = module
        for value in vars(module).values():
            name = (
                value.__name__
                if isinstance(value, ModuleType)
                else getattr(value, "__module__", None)
            )
            if isinstance(name, str) and name.startswith("loket.") and name in sys.modules:
                todo.append(sys.modules[name])
    return [found[name] for name in sorted(found)]


def _settings_fingerprint() -> str:
    found: list[tuple[str, str, object]] = [
        ("services", attr, value)
        for attr, value in sorted(vars(services).items())
        if attr.isupper() and isinstance(value, _PLAIN)
    ]
    for module in _training_modules():
        for attr, value in sorted(vars(module).items()):
            if not attr.startswith("__"):
                found.append((module.__name__, attr, _setting(value)))
    return repr(found)


def _reused(train: Callable[..., Any]) -> Callable[..., Any]:
    def reused(*args: Any, **kwargs: Any) -> Any:
        try:
            inputs = pickle.dumps((train.__qualname__, args, kwargs), pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return train(*args, **kwargs)
        digest = hashlib.sha256(inputs)
        digest.update(_settings_fingerprint().encode())
        key = digest.hexdigest()
        if key in _TRAINED:
            return pickle.loads(_TRAINED[key])  # written by this process
        model = train(*args, **kwargs)
        _TRAINED[key] = pickle.dumps(model, pickle.HIGHEST_PROTOCOL)
        return model

    return reused


_reused_time_model_train = _reused(services.time_model_train)
_reused_train_outcome = _reused(outcome.train_outcome)


@pytest.fixture(autouse=True)
def _trained_models_are_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "time_model_train", _reused_time_model_train)
    monkeypatch.setattr(services, "train_outcome", _reused_train_outcome)
