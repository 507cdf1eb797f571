#!/usr/bin/env python3
"""accord analyze vs NegMAS on the same random additive domains, timed in one run.

Builds each domain once from a fixed seed (per party: weights and per-option values drawn
uniformly, as in ../shared/bench/negmas/bench_pareto.py), writes it as an accord/1 scenario,
then times
  accord     the whole process `accord analyze FILE --json` (release build), median of --reps
             runs, for each method asked (auto picks merge on additive domains);
  negmas     negmas.pareto_frontier(ufuns, issues=...) + negmas.nash_points(...) in this
             process (import time excluded), median of --negmas-reps runs,
and prints the ratio negmas / accord with both frontier sizes (NegMAS keeps one outcome per
utility vector, so accord is run with --distinct to compare like with like).

Usage (from the repository root):
    cargo build --release -p accord-cli
    python3 bench/analyze-vs-negmas.py                       # accord only if negmas is missing
    /tmp/negmas-venv/bin/python bench/analyze-vs-negmas.py   # with NegMAS (pip install negmas==0.16.0)
    python3 bench/analyze-vs-negmas.py --scale               # also the large accord-only cases

Requires numpy (NegMAS brings it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACCORD = os.path.join(ROOT, "target", "release", "accord")


def make_tables(n_parties: int, n_issues: int, n_values: int, seed: int):
    rng = np.random.default_rng(seed)
    parties = []
    for _ in range(n_parties):
        w = rng.random(n_issues)
        w = w / w.sum()
        values = [[float(rng.random()) for _ in range(n_values)] for _ in range(n_issues)]
        parties.append(([float(x) for x in w], values))
    return parties


def accord_toml(parties, n_issues: int, n_values: int, interactions: bool = False) -> str:
    out = ['format = "accord/1"', "", "[scenario]", 'id = "bench"', 'title = "Benchmark domain"', ""]
    out += ["[sources.generated]", 'title = "Generated"', "", "[areas.all]", 'title = "All"', ""]
    for i in range(n_issues):
        opts = ", ".join(f'{{ id = "v{v}" }}' for v in range(n_values))
        out += [f"[issues.i{i}]", 'area = "all"', f'title = "Issue {i}"', 'sources = ["generated"]', f"options = [{opts}]", ""]
    for p, (w, values) in enumerate(parties):
        out += [f"[parties.p{p}]", f'name = "Party {p}"', 'sources = ["generated"]', "walk_away = 0.0", f"[parties.p{p}.weights]"]
        out += [f"i{i} = {repr(w[i])}" for i in range(n_issues)]
        for i in range(n_issues):
            out.append(f"[parties.p{p}.scores.i{i}]")
            out += [f"v{v} = {repr(values[i][v])}" for v in range(n_values)]
        if interactions:
            out += [f"[[parties.p{p}.interactions]]", f'when = {{ i0 = "v{p % n_values}", i1 = "v{(p + 1) % n_values}" }}', "bonus = 0.01"]
        out.append("")
    return "\n".join(out)


def time_accord(path: str, args: list[str], reps: int):
    """Median wall time of the whole process; the JSON (with --json) or the report's text."""
    times, doc = [], None
    for _ in range(reps):
        t = time.perf_counter()
        r = subprocess.run([ACCORD, "analyze", path, *args], capture_output=True, check=True)
        times.append(time.perf_counter() - t)
        if doc is None:
            doc = json.loads(r.stdout) if "--json" in args else r.stdout.decode()
    return statistics.median(times), doc


def report_field(text: str, prefix: str) -> str:
    for line in text.splitlines():
        if line.startswith(prefix):
            return line[len(prefix):].strip()
    return "?"


def time_negmas(parties, n_issues: int, n_values: int, reps: int):
    from negmas import LinearAdditiveUtilityFunction, make_issue, make_os, nash_points, pareto_frontier

    os_ = make_os([make_issue(n_values, name=f"i{k}") for k in range(n_issues)])
    ufuns = tuple(
        LinearAdditiveUtilityFunction(
            values=[{v: values[i][v] for v in range(n_values)} for i in range(n_issues)],
            weights=w,
            outcome_space=os_,
            reserved_value=0.0,
        )
        for (w, values) in parties
    )
    times, size, nash = [], None, None
    for _ in range(reps):
        t = time.perf_counter()
        fu, _ = pareto_frontier(ufuns, issues=os_.issues)
        pts = nash_points(ufuns, fu, outcome_space=os_)
        times.append(time.perf_counter() - t)
        size, nash = len(fu), [float(x) for x in pts[0][0]]
    return statistics.median(times), size, nash


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--negmas-reps", type=int, default=3)
    ap.add_argument("--seed", type=int, default=6010)
    ap.add_argument("--scale", action="store_true", help="also the large accord-only cases")
    a = ap.parse_args()
    if not os.path.exists(ACCORD):
        sys.exit("build first: cargo build --release -p accord-cli")
    try:
        import negmas  # noqa: F401

        have_negmas = True
    except ImportError:
        have_negmas = False
        print("# negmas not installed: accord figures only", flush=True)
    tmp = tempfile.mkdtemp(prefix="accord-bench-")

    # The 1e6 domain: 2 parties, 6 issues x 10 options.
    parties = make_tables(2, 6, 10, a.seed)
    path = os.path.join(tmp, "d1e6.toml")
    with open(path, "w") as f:
        f.write(accord_toml(parties, 6, 10))
    print("## 1e6 outcomes: 2 parties, 6 issues x 10 options, random additive, seed", a.seed)
    rows = []
    for label, args in [("accord (auto = merge)", ["--json", "--distinct"]), ("accord --method enumerate", ["--json", "--distinct", "--method", "enumerate"])]:
        t, doc = time_accord(path, args, a.reps)
        rows.append((label, t, len(doc["pareto"]), doc["solutions"]["nash"]["utilities"]))
    if have_negmas:
        t, size, nash = time_negmas(parties, 6, 10, a.negmas_reps)
        rows.append(("negmas pareto_frontier + nash_points", t, size, nash))
    print("| run | median wall time | frontier size | nash utilities | negmas / this |")
    print("|---|---|---|---|---|")
    negmas_t = rows[-1][1] if have_negmas else None
    for label, t, size, nash in rows:
        ratio = f"{negmas_t / t:.0f}x" if negmas_t else "-"
        print(f"| {label} | {t * 1000:.1f} ms | {size} | {[round(x, 6) for x in nash]} | {ratio} |")

    if a.scale:
        print("\n## accord only, whole process (human report), median of", a.reps)
        print("| case | outcomes | method | median wall time | frontier size (distinct) |")
        print("|---|---|---|---|---|")
        cases = [
            ("2 parties, 28 x 4", 2, 28, 4, [], False),
            ("2 parties, 200 x 10", 2, 200, 10, [], False),
            ("3 parties, 28 x 4", 3, 28, 4, [], False),
            ("4 parties, 18 x 4", 4, 18, 4, [], False),
            ("4 parties, 28 x 4", 4, 28, 4, [], False),
            ("2 parties, 9 x 10, interactions", 2, 9, 10, ["--method", "enumerate"], True),
            ("2 parties, 6 x 10, enumerate", 2, 6, 10, ["--method", "enumerate"], False),
        ]
        for label, n, m, k, extra, inter in cases:
            p = os.path.join(tmp, f"c{n}_{m}_{k}.toml")
            with open(p, "w") as f:
                f.write(accord_toml(make_tables(n, m, k, a.seed), m, k, inter))
            t, text = time_accord(p, ["--distinct", *extra], a.reps)
            method = report_field(text, "method:")
            size = report_field(text, "Pareto frontier:")
            print(f"| {label} | {k}^{m} | {method} | {t * 1000:.1f} ms | {size} |", flush=True)


if __name__ == "__main__":
    main()
