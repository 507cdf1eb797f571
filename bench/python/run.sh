#!/usr/bin/env bash
# The Python package's benchmarks in one run, against NegMAS 0.16.0 and the CLI / Rust:
#   analyze from Python vs the same call in Rust vs NegMAS on the 1e6 domain (auto: merge, and
#   enumeration), NegMAS negotiators on accord's SAO vs SAOMechanism, a tournament from Python
#   vs the CLI. Needs the virtualenv of crates/accord-py/ci.sh (target/py-venv).
# Usage: bash bench/python/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
py=${ACCORD_PY_VENV:-$root/target/py-venv}/bin/python
if [ ! -x "$py" ]; then
  echo "no virtualenv at ${py%/bin/python}: run bash crates/accord-py/ci.sh first" >&2
  exit 1
fi
cargo build --quiet --release --locked -p accord-cli
cargo build --quiet --release --locked -p accord-analysis --example analyze_file
"$py" -c "import accord, negmas; print('accord', accord.__version__, '/ negmas', negmas.__version__)"
"$py" bench/python/analyze.py --method auto --reps 51 --runs 7 | tee target/bench-python-auto.txt
"$py" bench/python/analyze.py --method enumerate --reps 21 --runs 5 | tee target/bench-python-enumerate.txt
"$py" bench/python/sao.py | tee target/bench-python-sao.txt
# The lines README.md's "From Python" quotes.
echo "== the ratios README.md quotes"
grep -h "^ratio" target/bench-python-auto.txt target/bench-python-enumerate.txt target/bench-python-sao.txt
