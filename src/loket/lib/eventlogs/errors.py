"""Typed errors, so callers (CLI, importer) can report a bad file without a traceback."""

from __future__ import annotations


class EventLogError(ValueError):
    """A log file that cannot be read: the message names the place (line) and the problem."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        where = ""
        if path is not None:
            where = f"{path}"
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line
