#!/usr/bin/env python3
"""analyze from Python vs the same call in Rust vs NegMAS, on the same random additive domain,
in one run.

The domain is the one of ../shared/bench/negmas/bench_pareto.py and bench/analyze-vs-negmas.py
(2 parties, per party random weights and per-option values, walk-away 0), 6 issues x 10 values
= 1e6 outcomes by default. Timed (medians):
  python   s.analyze(method=M) on a loaded accord.Scenario, the result dict built;
  rust     the same call in Rust, in process, on the scenario parsed once: the negotiation,
           the analysis and the AnalysisJson text (crates/accord-analysis/examples/
           analyze_file.rs);
  cli      the process `accord analyze FILE --json --method M` (release build), for reference:
           it adds starting a process, reading and checking the file, and printing;
  negmas   negmas.pareto_frontier(ufuns, issues=...) + negmas.nash_points(...) over
           accord.negmas.to_negmas(scenario) (conversion excluded).
Prints the ratio python/rust of each of --runs runs (each a median of --reps calls per side,
the sides alternating) and their median, min and max (target <= 1.1), the time
`marshal.loads` takes to build the same result's objects (CPython's fastest builder: a floor
under what any eager dict result adds to the Rust call), the ratio negmas/python (target >= 100),
and checks that the Nash points agree.

Usage (from the repository root, in the virtualenv of crates/accord-py/ci.sh):
    cargo build --release -p accord-cli -p accord-analysis --example analyze_file
    target/py-venv/bin/python bench/python/analyze.py [--issues 6] [--values 10] [--reps 9] [--runs 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import marshal
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACCORD = os.path.join(ROOT, "target", "release", "accord")
IN_PROCESS = os.path.join(ROOT, "target", "release", "examples", "analyze_file")


def _helpers():
    spec = importlib.util.spec_from_file_location(
        "analyze_vs_negmas", os.path.join(ROOT, "bench", "analyze-vs-negmas.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median_time(f, reps):
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--issues", type=int, default=6)
    ap.add_argument("--values", type=int, default=10)
    ap.add_argument("--reps", type=int, default=9)
    ap.add_argument("--runs", type=int, default=5, help="python/rust comparisons, each of --reps calls")
    ap.add_argument("--negmas-reps", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--method", default="auto", choices=["auto", "enumerate", "merge"])
    a = ap.parse_args()
    for name in ("issues", "values", "reps", "runs", "negmas_reps"):
        if getattr(a, name) < 1:
            ap.error(f"--{name.replace('_', '-')} must be at least 1, not {getattr(a, name)}")

    import accord

    h = _helpers()
    tables = h.make_tables(2, a.issues, a.values, a.seed)
    text = h.accord_toml(tables, a.issues, a.values)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.toml")
        with open(path, "w") as f:
            f.write(text)
        n = a.values**a.issues
        print(f"domain: 2 parties, {a.issues} issues x {a.values} values = {n:.0e} outcomes")

        result = {}

        loaded = accord.Scenario.load(path)

        def python():
            result["a"] = loaded.analyze(method=a.method)

        python()  # warm: the module's first call
        # The ratio python / rust over several runs in this process, each run a median of
        # `reps` calls on each side, the two sides alternating so that both see the same load.
        ratios = []
        # Per run: what Python adds to the Rust call, and the time marshal.loads takes to build
        # the same result's objects from its bytes.
        added, floors = [], []
        blob = marshal.dumps(result["a"])
        py = None
        for run in range(a.runs):
            py_run = median_time(python, a.reps)
            py = py_run if py is None else min(py, py_run)
            if not os.path.exists(IN_PROCESS):
                continue
            out = subprocess.run(
                [IN_PROCESS, path, a.method, str(a.reps)], check=True, capture_output=True, text=True
            ).stdout.split()
            rust = float(out[0]) / 1000
            ratios.append(py_run / rust)
            added.append(py_run - rust)
            floors.append(median_time(lambda: marshal.loads(blob), a.reps))
            print(f"run {run + 1}: python {py_run * 1000:8.3f} ms   rust (in process) {rust * 1000:8.3f} ms"
                  f"   ratio {py_run / rust:.3f}   frontier {len(result['a']['pareto'])} / {out[1]}")
        print(f"python  s.analyze(method={a.method!r}):       {py * 1000:9.2f} ms   (best run's median)")
        if ratios:
            ratios.sort()
            print(f"ratio python / rust ({a.method}): median {statistics.median(ratios):.3f}, "
                  f"min {ratios[0]:.3f}, max {ratios[-1]:.3f} over {len(ratios)} runs of {a.reps} "
                  f"(target <= 1.1)")
            added.sort()
            floors.sort()
            print(f"python - rust: median {statistics.median(added) * 1000:.3f} ms; "
                  f"marshal.loads of the same result: median {statistics.median(floors) * 1000:.3f} ms "
                  f"(CPython's fastest builder of these objects: a floor under what any eager dict "
                  f"result adds)")
        else:
            print("rust: no target/release/examples/analyze_file "
                  "(cargo build --release -p accord-analysis --example analyze_file)")
        if os.path.exists(ACCORD):
            cli = median_time(
                lambda: subprocess.run(
                    [ACCORD, "analyze", path, "--json", "--method", a.method, "--quiet"],
                    check=True,
                    capture_output=True,
                ),
                a.reps,
            )
            print(f"cli     accord analyze --json (a process): {cli * 1000:9.2f} ms   ratio python / cli {py / cli:.2f}")
        else:
            print("cli: no target/release/accord (cargo build --release -p accord-cli)")
        try:
            import negmas

            import accord.negmas as an
        except ImportError:
            print("negmas: not installed (pip install negmas==0.16.0)")
            return
        s = accord.Scenario.load(path)
        ns = an.to_negmas(s)
        issues = list(ns.outcome_space.issues)

        def negmas_call():
            frontier, _ = negmas.pareto_frontier(ns.ufuns, issues=issues)
            result["n"] = (frontier, negmas.nash_points(ns.ufuns, frontier, issues=issues))

        ng = median_time(negmas_call, a.negmas_reps)
        frontier, nash = result["n"]
        print(f"negmas  pareto_frontier + nash_points:     {ng * 1000:9.2f} ms   frontier {len(frontier)}")
        print(f"ratio negmas / python ({a.method}): {ng / py:.0f}x (target >= 100)")
        ours = result["a"]["solutions"]["nash"]["utilities"]
        print(f"same Nash point: {all(abs(x - float(y)) < 1e-9 for x, y in zip(ours, nash[0][0]))}")


if __name__ == "__main__":
    sys.exit(main())
