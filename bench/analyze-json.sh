#!/bin/sh
# Time and peak memory of `accord analyze --json` against the analysis alone, on a synthetic
# 2 parties x 200 issues x 10 options scenario (seed 1: a frontier of about 184 MB of JSON).
# Usage: bench/analyze-json.sh [ACCORD_BINARY [OTHER_ACCORD_BINARY]]; with two binaries, both run
# in one session, alternating, and their JSON is compared byte for byte.
# Build first: cargo build --release -p accord-cli -p accord-analysis --example synthetic
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
a=${1:-$root/target/release/accord}
b=${2:-}
file=$(mktemp --suffix=.toml)
trap 'rm -f "$file" "$file.a.json" "$file.b.json"' EXIT
"$root/target/release/examples/synthetic" 2 200 10 1 > "$file"
for run in 1 2 3; do
  for bin in "$a" $b; do
    /usr/bin/time -f "$bin --json: %e s wall, %U s user, %M KB peak RSS" "$bin" analyze "$file" --json > /dev/null
  done
done
for bin in "$a" $b; do
  /usr/bin/time -f "$bin (people's output): %e s wall, %M KB peak RSS" "$bin" analyze "$file" > /dev/null
done
if [ -n "$b" ]; then
  "$a" analyze "$file" --json > "$file.a.json"
  "$b" analyze "$file" --json > "$file.b.json"
  cmp "$file.a.json" "$file.b.json" && echo "same bytes ($(wc -c < "$file.a.json") bytes)"
fi
