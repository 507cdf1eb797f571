#!/usr/bin/env bash
# The Python package's CI: a fresh virtualenv with maturin, pytest, pandas and negmas 0.16.0
# (pip), the package built and installed once (`pip install ./crates/accord-py`, a release
# build through maturin), then its pytest suite and examples/python/quickstart.py.
# Usage: bash crates/accord-py/ci.sh    (from anywhere; the virtualenv is target/py-venv)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${ACCORD_PY_VENV:-$root/target/py-venv}
cd "$root"

python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check maturin pytest pandas "negmas==0.16.0"
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps ./crates/accord-py

# The tests compare the package with the CLI's --json: the binary of this checkout.
cargo build --quiet --locked -p accord-cli
export ACCORD_BIN="$root/target/debug/accord"

# Run from the repository root, never from inside site-packages (NegMAS's imports break there).
"$venv/bin/python" -m pytest -q crates/accord-py/tests
"$venv/bin/python" examples/python/quickstart.py > "$root/target/quickstart.out"
echo "examples/python/quickstart.py: ok ($(wc -l < "$root/target/quickstart.out") lines)"
