#!/usr/bin/env bash
# Load benchmark of `accord serve` (a benchmark, not a test): `POST .../evaluate` of the
# flagship's 28-point draft at fixed rates, open loop (crates/accord-server/examples/
# serve_load.rs), against a release build on loopback with a fresh database.
#
# Prints p50/p90/p99 per rate and the largest rate held with p99 under 20 ms.
# Environment: RATES (default "50 100 200 400 800 1600"), SECONDS_PER_RATE (default 5),
# CONNECTIONS (default 32).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rates="${RATES:-50 100 200 400 800 1600}"
seconds="${SECONDS_PER_RATE:-5}"
connections="${CONNECTIONS:-32}"

cd "$root"
cargo build --quiet --release -p accord-cli --bin accord
cargo build --quiet --release -p accord-server --example serve_load
bin="$root/target/release/accord"
load="$root/target/release/examples/serve_load"

work="$(mktemp -d)"
server_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

"$bin" serve --db "$work/load.db" --listen 127.0.0.1:0 2>"$work/server.log" &
server_pid=$!
address=""
for _ in $(seq 1 100); do
    address="$(grep -o '127\.0\.0\.1:[0-9]*' "$work/server.log" | head -n 1 || true)"
    [[ -n "$address" ]] && break
    sleep 0.1
done
[[ -n "$address" ]] || { echo "the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

path="/api/v1/scenarios/ukraine-2025/evaluate"
body='{"plan": "us_28"}'
echo "accord serve on $address: POST $path $body, $seconds s per rate, $connections connections"
# Warm up.
"$load" "$address" "$path" "$body" 50 1 4 >/dev/null
best=0
for rate in $rates; do
    line="$("$load" "$address" "$path" "$body" "$rate" "$seconds" "$connections")"
    echo "$line"
    p99="$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")"
    errors="$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' <<<"$line")"
    if [[ "$errors" == 0 ]] && awk -v p="$p99" 'BEGIN { exit !(p < 20) }'; then
        best="$rate"
    fi
done
echo "largest rate held with p99 < 20 ms: $best requests/s"
