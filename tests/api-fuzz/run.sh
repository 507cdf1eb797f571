#!/usr/bin/env bash
# API fuzz run of `accord serve`: schemathesis against /api/v1/openapi.json.
#
# Creates a virtualenv (once, in target/api-fuzz-venv), installs a pinned schemathesis, starts
# the server on a free loopback port with a fresh database, runs a bounded number of examples
# per operation, and stops the server. Checks: no server error (a 503 `compute_limit` is the
# contract's answer to a computation over its time limit: see hooks.py), responses conform to
# the document (status codes documented, bodies match their schemas, content types).
#
# Environment: ACCORD_BIN (default: builds and uses target/debug/accord), FUZZ_EXAMPLES (per
# operation, default 20), FUZZ_SEED (default 1).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tests/api-fuzz"
venv="$root/target/api-fuzz-venv"
schemathesis_version="4.32.5"
examples="${FUZZ_EXAMPLES:-20}"
seed="${FUZZ_SEED:-1}"

if [[ -z "${ACCORD_BIN:-}" ]]; then
    (cd "$root" && cargo build --quiet -p accord-cli --bin accord)
    ACCORD_BIN="$root/target/debug/accord"
fi

# A bare machine may lack python3 or its venv module (Debian splits it into python3-venv).
if ! command -v python3 >/dev/null || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    sudo=""
    [[ "$(id -u)" == 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq python3 python3-venv >/dev/null
fi
if [[ ! -x "$venv/bin/st" ]] || ! "$venv/bin/st" --version | grep -q "$schemathesis_version"; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$schemathesis_version"
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# A free port: the server binds port 0 and prints the address it got.
"$ACCORD_BIN" serve --db "$work/fuzz.db" --listen 127.0.0.1:0 --compute-limit 2 \
    2>"$work/server.log" &
server_pid=$!
address=""
for _ in $(seq 1 100); do
    address="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -n 1 || true)"
    [[ -n "$address" ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
    sleep 0.1
done
[[ -n "$address" ]] || { echo "the server did not start" >&2; cat "$work/server.log"; exit 1; }
echo "fuzzing $address (schemathesis $schemathesis_version, $examples examples per operation)"

status=0
started=$SECONDS
# From the temporary folder: schemathesis keeps its cache in .schemathesis/ of the current one.
cd "$work"
PYTHONPATH="$here" SCHEMATHESIS_HOOKS=hooks "$venv/bin/st" run "$address/api/v1/openapi.json" \
    --url "$address" \
    --checks no_server_error_but_the_compute_limit,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples "$examples" \
    --seed "$seed" \
    --generation-deterministic \
    --request-timeout 20 \
    --workers 2 \
    --no-color \
    --report-dir "$work/report" || status=$?

echo "schemathesis ran $((SECONDS - started)) s"
if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server died during the run" >&2
    cat "$work/server.log" >&2
    exit 1
fi
if grep -q "internal error" "$work/server.log"; then
    echo "the server logged an internal error:" >&2
    grep "internal error" "$work/server.log" >&2
    status=1
fi
exit "$status"
