"""Typed environment-variable readers that fail fast.

Every setting Loket reads comes through these helpers, so a typo or a missing secret
stops the process at start-up with a message that names the variable.
"""

from __future__ import annotations

import os
from typing import Final


class ConfigurationError(RuntimeError):
    """A required environment variable is missing or has a value we cannot read."""


_TRUE: Final = frozenset({"1", "true", "yes", "on"})
_FALSE: Final = frozenset({"0", "false", "no", "off", ""})


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ConfigurationError(f"Environment variable {name} is required but not set.")
        return default
    return value


def env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigurationError(
        f"{name}={value!r} is not a boolean; use one of 1/0, true/false, yes/no."
    )


def env_int(name: str, *, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ConfigurationError(f"{name}={value!r} is not a whole number.") from error


def env_list(name: str, *, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, *, choices: tuple[str, ...], default: str) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise ConfigurationError(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value
