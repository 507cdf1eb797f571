#!/usr/bin/env bash
# Draws the 50 scenarios of bench/anl2024/tournament.toml (seeds 1..50) into
# bench/anl2024/scenarios/, the way the ANL 2024 league drew a round's scenarios
# (`accord generate anl2024`; see the README's "ANL 2024" section). Then:
#   accord tournament bench/anl2024/tournament.toml -o target/anl2024.jsonl
set -euo pipefail
cd "$(dirname "$0")"
ACCORD=${ACCORD:-../../target/release/accord}
mkdir -p scenarios
for seed in $(seq 1 50); do
  "$ACCORD" generate anl2024 --seed "$seed" -o "scenarios/anl2024-$seed.toml" 2>/dev/null
done
echo "wrote 50 scenarios to $(pwd)/scenarios"
