"""System check: uploaded files must never be reachable as static or media files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register()
def upload_dir_outside_web_root(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    upload = Path(settings.LOKET_UPLOAD_DIR).resolve()
    served: list[tuple[str, Any]] = [
        ("STATIC_ROOT", settings.STATIC_ROOT),
        ("MEDIA_ROOT", settings.MEDIA_ROOT),
        *(("STATICFILES_DIRS", entry) for entry in getattr(settings, "STATICFILES_DIRS", [])),
    ]
    errors: list[CheckMessage] = []
    for name, value in served:
        # STATICFILES_DIRS entries may be (prefix, path) pairs.
        folder = value[-1] if isinstance(value, tuple | list) else value
        if not folder:
            continue
        root = Path(folder).resolve()
        if upload.is_relative_to(root):
            errors.append(
                Error(
                    f"LOKET_UPLOAD_DIR ({upload}) is inside {name} ({root}): uploaded documents "
                    "would be served to anyone.",
                    hint="Set LOKET_UPLOAD_DIR to a folder outside the static and media roots.",
                    id="documents.E001",
                )
            )
    return errors
