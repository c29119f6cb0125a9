"""Production settings: a strong secret, HTTPS (HSTS, redirect), trusted proxies as typed
variables, and ``loket check --deploy`` without a warning.

Before: a secret of 36 x 'a' was accepted and ``check --deploy`` warned W004, W008, W020.
Each case starts a fresh process: settings are read once, at start-up.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from loket.config import secret_key_problem

STRONG = secrets.token_urlsafe(50)
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k, None) for k in ("
    "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
    "'SECURE_HSTS_PRELOAD', 'SECURE_PROXY_SSL_HEADER', 'USE_X_FORWARDED_HOST', "
    "'SESSION_COOKIE_SECURE', 'LOKET_MODE', 'DEBUG')}))"
)


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOKET_", "PYTEST_"))}
    env.pop("DATABASE_URL", None)
    # The browser test modules allow Django's ORM in Playwright's event loop for this
    # process; a production process never has that (check --deploy reports it: async.E001).
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DJANGO_SETTINGS_MODULE="loket.settings",
        LOKET_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://loket@127.0.0.1:5432/loket",  # not connected to
        LOKET_ALLOWED_HOSTS="loket.example.nl",
        LOKET_SECRET_KEY=STRONG,
    )
    env.update(extra)
    return env


def _settings(tmp_path: Path, **extra: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _loket(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from loket.cli import main; main()", *args],
        env=_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "weak",
    ["a" * 36, "a" * 80, "changeme" * 8, "0123456789" * 5 + "x", "ab" * 40, "short-but-random-Q7!"],
)
def test_weak_secrets_are_refused(weak: str) -> None:
    assert secret_key_problem(weak) is not None


@pytest.mark.parametrize(
    "strong", [secrets.token_urlsafe(50), secrets.token_hex(32), secrets.token_urlsafe(40)]
)
def test_random_secrets_pass(strong: str) -> None:
    assert secret_key_problem(strong) is None


def test_production_refuses_36_times_a_in_one_line(tmp_path: Path) -> None:
    done = _loket(tmp_path, "check", LOKET_SECRET_KEY="a" * 36)
    assert done.returncode == 2
    assert done.stderr.startswith("loket: configuration error: LOKET_SECRET_KEY is not a strong")
    assert "Traceback" not in done.stderr
    assert "secrets.token_urlsafe(50)" in done.stderr


def test_production_is_https_only_by_default(tmp_path: Path) -> None:
    values = _settings(tmp_path)
    assert values["LOKET_MODE"] == "production"
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] is None  # no proxy trusted unless configured


def test_the_https_and_proxy_settings_are_typed_variables(tmp_path: Path) -> None:
    values = _settings(
        tmp_path,
        LOKET_SSL_REDIRECT="0",
        LOKET_HSTS_SECONDS="600",
        LOKET_HSTS_PRELOAD="false",
        LOKET_TRUSTED_PROXY_COUNT="1",
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 600
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["USE_X_FORWARDED_HOST"] is True
    done = _loket(tmp_path, "check", LOKET_HSTS_SECONDS="a year")
    assert done.returncode == 2
    assert "LOKET_HSTS_SECONDS='a year' is not a whole number" in done.stderr


def test_check_deploy_is_clean_in_production_mode(tmp_path: Path) -> None:
    done = _loket(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_database_connections_are_kept_a_minute_and_checked_in_production(tmp_path: Path) -> None:
    probe = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout) == [60, True]
