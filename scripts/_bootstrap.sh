# Sourced by scripts/demo and scripts/test: installs uv (if missing) and the locked
# dependencies into .venv. Needs only Python 3.11 and pip.
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
export UV_PYTHON="${UV_PYTHON:-$(command -v python3.11 || command -v python3)}"
export UV_PYTHON_DOWNLOADS=never
echo "==> Installing locked dependencies into .venv"
"$UV" sync --frozen --quiet
