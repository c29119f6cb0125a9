# Sourced by scripts/demo, scripts/test and .ci/run: installs uv (if missing) and the locked
# dependencies. Needs only Python 3.11 and pip.
#
# Two environments, so that what serves people holds nothing but what runs:
#   LOKET_ENV=runtime  .venv-run/  the runtime dependencies only (`loket demo`, `loket serve`);
#                                  no test tools, nothing of the dev group (pm4py is AGPL-3.0,
#                                  cvxopt GPL-3.0: they are only for tests)
#   otherwise          .venv/      runtime + the dev group (pytest, Playwright, pm4py, ...)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

UV_VERSION="0.13.8"
if command -v uv >/dev/null 2>&1; then
  UV="uv"
else
  if [ ! -x .tools/bin/uv ]; then
    echo "==> Installing uv ${UV_VERSION} into .tools/ (once)"
    python3 -m venv .tools
    .tools/bin/pip install --quiet --disable-pip-version-check "uv==${UV_VERSION}"
  fi
  UV="$PWD/.tools/bin/uv"
fi
export UV
# Use the machine's own Python 3.11; never download one.
# The interpreter's real path, not a shim's (pyenv): uv compares it with the one .venv was
# made with, and a shim path makes it rebuild .venv on every call.
if [ -z "${UV_PYTHON:-}" ]; then
  UV_PYTHON="$("$(command -v python3.11 || command -v python3)" -c 'import sys; print(sys.executable)')"
fi
export UV_PYTHON
export UV_PYTHON_DOWNLOADS=never
if [ "${LOKET_ENV:-dev}" = "runtime" ]; then
  export UV_PROJECT_ENVIRONMENT="$PWD/.venv-run"
  echo "==> Installing the locked runtime dependencies (no test tools) into .venv-run"
  "$UV" sync --frozen --quiet --no-dev
else
  echo "==> Installing locked dependencies (with the dev group) into .venv"
  "$UV" sync --frozen --quiet
fi
