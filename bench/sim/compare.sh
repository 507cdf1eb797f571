#!/usr/bin/env bash
# SAO throughput of accord against NegMAS 0.16.0 in one run, in bench_sao.py's setting
# (2/3/5 parties, 100 rounds, 4 issues x 10 values, Boulware/Conceder cycled, one core).
#
# Usage: bench/sim/compare.sh [NEGMAS_PYTHON]
#   NEGMAS_PYTHON: a python with negmas==0.16.0 installed
#   (python3 -m venv /tmp/negmas-venv && /tmp/negmas-venv/bin/pip install negmas==0.16.0).
#   Without it, only accord is measured.
# Env: N_NEGMAS (default 40), N_ACCORD (default 2000), REPS (default 5).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
py="${1:-}"
out="${OUT:-/tmp/accord-sim-bench}"
mkdir -p "$out"
reps="${REPS:-5}"
(cd "$root" && cargo build --release -q -p accord-sim --bench sao)
bin="$(ls -t "$root"/target/release/deps/sao-* | grep -v '\.d$' | head -1)"
if [ -n "$py" ]; then
  # Run from a neutral directory (NegMAS breaks when run from inside its package).
  (cd /tmp && taskset -c 0 "$py" "$root/../shared/bench/negmas/bench_sao.py" \
      --parties 2 3 5 --n "${N_NEGMAS:-40}" --reps "$reps") | tee "$out/negmas.txt"
fi
taskset -c 0 "$bin" --parties 2 3 5 --n "${N_ACCORD:-2000}" --reps "$reps" | tee "$out/accord.txt"
python3 "$here/ratios.py" "$out/accord.txt" ${py:+"$out/negmas.txt"}
