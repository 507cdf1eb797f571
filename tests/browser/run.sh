#!/usr/bin/env bash
# The browser tests of `accord serve`'s pages: Debian's Chromium driven by playwright-core.
#
#   tests/browser/run.sh            # builds and uses target/release/accord
#   ACCORD_BIN=target/debug/accord tests/browser/run.sh    # an accord already built
#
# Installs chromium (apt-get) and the node packages (npm ci) when missing, builds the release
# `accord`, starts `accord serve` on a fresh temporary database and a free loopback port, runs
# the tests with Node's built-in runner, stops the server, and leaves screenshots in
# target/browser-artifacts/. Exits non-zero when a test fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
artifacts="$root/target/browser-artifacts"

if [ ! -x /usr/bin/chromium ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends chromium
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

if [ -n "${ACCORD_BIN:-}" ]; then
  bin="$ACCORD_BIN"
else
  (cd "$root" && cargo build --release --locked -p accord-cli)
  bin="$root/target/release/accord"
fi

work="$(mktemp -d)"
port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
"$bin" serve --db "$work/accord.db" --listen "127.0.0.1:$port" 2>"$work/server.log" &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  if node -e "fetch('$url/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    cat "$work/server.log" >&2
    echo "accord serve did not start" >&2
    exit 1
  fi
  sleep 0.1
done

rm -rf "$artifacts"
mkdir -p "$artifacts"
cd "$here"
status=0
ACCORD_URL="$url" ARTIFACTS="$artifacts" SHARED="$root/../shared" node --test --test-concurrency=1 pages.test.mjs || status=$?
cp "$work/server.log" "$artifacts/server.log" 2>/dev/null || true
exit $status
