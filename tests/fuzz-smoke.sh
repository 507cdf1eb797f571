#!/usr/bin/env bash
# CI's short fuzz run of the readers (issue 14): each libFuzzer target (fuzz/fuzz_targets:
# accord_toml, genius_xml, geniusweb_json) for SECONDS (default 20) from the seed corpus of
# fuzz/seeds.sh, with AddressSanitizer. A crash fails the run and leaves its input in
# fuzz/artifacts/<target>/ (copy it to fuzz/regressions/<target>/, which
# crates/accord-formats/tests/fuzz_seeds.rs runs as a regression test).
#
# cargo-fuzz is installed from crates.io when missing (`cargo install cargo-fuzz --locked`,
# about 2 minutes once per machine). It needs a nightly toolchain's -Z flags: with only the
# machine's stable toolchain, RUSTC_BOOTSTRAP=1 (set by fuzz/run.sh) enables them; stable ships
# the sanitizer runtimes. Building the targets takes about 2 minutes, the runs 3 x SECONDS.
# Usage: bash tests/fuzz-smoke.sh [SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-20}
if ! command -v cargo-fuzz >/dev/null; then
  cargo install cargo-fuzz --locked --version 0.13.2
fi
exec bash "$root/fuzz/run.sh" "$seconds"
