"""Median negotiations/s per (parties, mode) from accord's and NegMAS's JSON lines, and ratios."""
import json
import statistics
import sys


def load(path):
    rows = {}
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            r = json.loads(line)
            rows.setdefault((r["parties"], r["mode"]), []).append(r)
    return rows


accord = load(sys.argv[1])
negmas = load(sys.argv[2]) if len(sys.argv) > 2 else {}
print("\n| parties | preferences | accord neg/s | NegMAS neg/s | ratio | accord mean rounds | NegMAS mean rounds |")
print("|---|---|---|---|---|---|---|")
for key in sorted(accord):
    a = statistics.median(r["neg_per_s"] for r in accord[key])
    ar = statistics.mean(r["mean_steps"] for r in accord[key])
    if key in negmas:
        n = statistics.median(r["neg_per_s"] for r in negmas[key])
        nr = statistics.mean(r["mean_steps"] for r in negmas[key])
        print(f"| {key[0]} | {key[1]} | {a:.0f} | {n:.1f} | {a / n:.0f}x | {ar:.1f} | {nr:.1f} |")
    else:
        print(f"| {key[0]} | {key[1]} | {a:.0f} | – | – | {ar:.1f} | – |")
