#!/usr/bin/env bash
# Load benchmark of `accord serve` (a benchmark, not a test): `POST .../evaluate` of the
# flagship's 28-point draft at fixed rates, open loop (crates/accord-server/examples/
# serve_load.rs), against a release build on loopback with a fresh database.
#
# Prints p50/p90/p99 per rate and the largest rate held with p99 under 20 ms, and the peer
# measured in the same run: the same evaluation as a process per request (`accord evaluate
# FILE --json --plan us_28`, what a script without the server runs), one after another, with the
# ratio of its p50 to the server's p50 at the lowest rate; and the floor, the handler's own
# library calls timed in process (serve_load --library). The machine's load (`uptime`) is
# printed before and after: on a shared machine the figures are only as quiet as it was.
# Environment: RATES (default "50 100 200 400 800 1600"), SECONDS_PER_RATE (default 5),
# CONNECTIONS (default 32), PEER_RUNS (default 100).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rates="${RATES:-50 100 200 400 800 1600}"
seconds="${SECONDS_PER_RATE:-5}"
connections="${CONNECTIONS:-32}"
peer_runs="${PEER_RUNS:-100}"

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
echo "load before: $(uptime)"
echo "accord serve on $address: POST $path $body, $seconds s per rate, $connections connections"
# Warm up.
"$load" "$address" "$path" "$body" 50 1 4 >/dev/null
best=0
first_p50=""
for rate in $rates; do
    line="$("$load" "$address" "$path" "$body" "$rate" "$seconds" "$connections")"
    echo "$line"
    p50="$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")"
    p99="$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")"
    errors="$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' <<<"$line")"
    [[ -n "$first_p50" ]] || first_p50="$p50"
    if [[ "$errors" == 0 ]] && awk -v p="$p99" 'BEGIN { exit !(p < 20) }'; then
        best="$rate"
    fi
done
echo "largest rate held with p99 < 20 ms: $best requests/s"

# The peer, in the same run: a process per request.
peer="$("$load" --exec "$peer_runs" "$bin" evaluate examples/ukraine-2025.toml --json --plan us_28)"
echo "peer: accord evaluate examples/ukraine-2025.toml --json --plan us_28: $peer"
peer_p50="$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<<"$peer")"
floor="$("$load" --library "$peer_runs" examples/ukraine-2025.toml us_28)"
echo "floor: the handler's library calls in process: $floor"
floor_p50="$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<<"$floor")"
awk -v peer="$peer_p50" -v http="$first_p50" -v floor="$floor_p50" 'BEGIN {
    printf "p50: a process per request %.2f ms, the server at the lowest rate %.2f ms: the server is %.1fx faster\n", peer, http, peer / http
    printf "p50: the library calls alone %.2f ms: the server round trip is %.1fx the library work\n", floor, http / floor
}'
echo "load after: $(uptime)"
