#!/usr/bin/env bash
# Runs each fuzz target for a bounded time with libFuzzer (cargo-fuzz) and prints, per
# target, the executions, the coverage (libFuzzer's `cov` edges and `ft` features) and any
# crash (saved under fuzz/artifacts/<target>/; turn each into a regression test).
#
# Usage: fuzz/run.sh SECONDS [TARGET...]     (default: every target)
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain RUSTC_BOOTSTRAP=1
# lets it use the sanitizer flags it needs.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:?usage: fuzz/run.sh SECONDS [TARGET...]}"
shift
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(accord_toml genius_xml geniusweb_json)
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

"$here/seeds.sh"
cd "$here"
status=0
for t in "${targets[@]}"; do
    mkdir -p "artifacts/$t"
    log="$(mktemp)"
    # One job, a bounded time, inputs up to 64 KiB; the corpus grows with what is found.
    cargo fuzz run --fuzz-dir "$here" "$t" "corpus/$t" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$log" 2>&1
    rc=$?
    runs="$(grep -o 'Done [0-9]* runs' "$log" | tail -1 | grep -o '[0-9]*')"
    cov="$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)"
    crashes="$(find "artifacts/$t" -type f | wc -l)"
    echo "$t: ${runs:-?} executions in ${seconds}s, ${cov:-cov: ?}, corpus $(find "corpus/$t" -type f | wc -l) inputs, $crashes crash file(s), exit $rc"
    if [ "$rc" != 0 ]; then
        status=1
        tail -40 "$log"
    fi
    rm -f "$log"
done
exit "$status"
