#!/usr/bin/env bash
# The Python package's CI: a fresh virtualenv with maturin, pytest, pandas and negmas 0.16.0
# (pip), the package built and installed once (`pip install ./crates/accord-py`, a release
# build through maturin), then its pytest suite and examples/python/quickstart.py. On a bare
# Debian/Ubuntu machine it first installs python3-venv and python3-dev with apt-get if missing.
# Usage: bash crates/accord-py/ci.sh    (from anywhere; the virtualenv is target/py-venv)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${ACCORD_PY_VENV:-$root/target/py-venv}
cd "$root"

# What a bare Debian/Ubuntu machine lacks: python3 with venv (ensurepip) and the development
# files (libpython to link the crate's own cargo tests; maturin needs no headers for abi3).
need=()
command -v python3 >/dev/null || need+=(python3)
python3 -c "import ensurepip" 2>/dev/null || need+=(python3-venv)
python3 -c "import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))" 2>/dev/null \
  || need+=(python3-dev)
if [ ${#need[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "crates/accord-py/ci.sh: missing ${need[*]} and no apt-get to install them" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${need[*]} (apt-get)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi

python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check maturin pytest pandas "negmas==0.16.0"
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps ./crates/accord-py

# The tests compare the package with the CLI's --json: the binary of this checkout, in release
# (it shares the release build of the library crates with the wheel just built, and .ci/run has
# already built it for the README step).
cargo build --quiet --release --locked -p accord-cli
export ACCORD_BIN="$root/target/release/accord"

# Run from the repository root, never from inside site-packages (NegMAS's imports break there).
"$venv/bin/python" -m pytest -q crates/accord-py/tests
"$venv/bin/python" examples/python/quickstart.py > "$root/target/quickstart.out"
echo "examples/python/quickstart.py: ok ($(wc -l < "$root/target/quickstart.out") lines)"
