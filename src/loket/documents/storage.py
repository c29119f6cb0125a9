"""Where uploaded files live: ``settings.LOKET_UPLOAD_DIR``, outside the web root (a system
check refuses a folder under the static or media roots), under random names, readable only by
the process's user. Nothing here decides who may read a file: that is the policy's job."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from django.conf import settings


def upload_dir() -> Path:
    return Path(settings.LOKET_UPLOAD_DIR)


def path_of(storage_name: str) -> Path:
    """The file behind ``storage_name`` (a uuid's 32 hex digits, spread over 256 folders)."""
    if len(storage_name) != 32 or not all(c in "0123456789abcdef" for c in storage_name):
        raise ValueError(f"Not a storage name: {storage_name!r}")
    return upload_dir() / storage_name[:2] / storage_name


def file_write(data: bytes) -> str:
    """Write ``data`` under a new random name and return that name."""
    name = uuid.uuid4().hex
    path = path_of(name)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    return name


def file_remove(storage_name: str) -> None:
    path_of(storage_name).unlink(missing_ok=True)
