"""The ``loket`` console script: Django's management entry point under Loket's name.

``loket migrate`` works as ``manage.py migrate`` does; Loket's own commands (``demo``,
``serve``, ``simulate``, ``import``, ``export``, ``forecast``) live in the apps'
``management/commands`` folders.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    if len(args) > 1 and args[1] == "demo":
        # The demo runs on an embedded database with a throwaway secret.
        os.environ.setdefault("LOKET_MODE", "demo")
    from django.core.management import execute_from_command_line

    from loket.config import ConfigurationError

    try:
        execute_from_command_line(args)
    except ConfigurationError as error:
        # A setting we cannot use: one line naming the variable, not a traceback.
        sys.stderr.write(f"loket: configuration error: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
