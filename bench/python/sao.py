#!/usr/bin/env python3
"""Negotiations from Python: NegMAS's own negotiators on accord's SAO vs on NegMAS's
SAOMechanism, and a tournament of built-in strategies from Python vs the CLI, in one run.

1. The domain of ../shared/bench/negmas/bench_sao.py (2 parties, 4 issues x 10 values = 1e4
   outcomes, random additive utilities, walk-away 0). For each pairing, N negotiations of 100
   steps: `SAOMechanism` with the two NegMAS negotiators, then accord's SAO with the same
   negotiators through `accord.negmas.wrap` (each checked to end alike). Prints negotiations/s
   both ways and their ratio: the mechanism's own cost should vanish beside the negotiators'.
2. bench/sim/tournament.toml's line-ups on the toy scenario and two Genius domains: the time of
   `accord.tournament(config)` vs the process `accord tournament config --quiet` (release).

Usage (from the repository root, in the virtualenv of crates/accord-py/ci.sh):
    cargo build --release -p accord-cli
    target/py-venv/bin/python bench/python/sao.py [--n 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACCORD = os.path.join(ROOT, "target", "release", "accord")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20, help="negotiations per pairing")
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repetitions", type=int, default=200, help="of the tournament")
    ap.add_argument("--pairings", action=argparse.BooleanOptionalAction, default=True)
    a = ap.parse_args()

    import accord
    import accord.negmas as an
    from analyze import _helpers
    from negmas.sao import SAOMechanism
    from negmas.sao.negotiators import AspirationNegotiator, BoulwareTBNegotiator, ConcederTBNegotiator

    h = _helpers()
    pairings = [(BoulwareTBNegotiator, ConcederTBNegotiator), (AspirationNegotiator, AspirationNegotiator)]
    with tempfile.TemporaryDirectory() as tmp:
        for first, second in pairings if a.pairings else []:
            t_negmas = t_accord = 0.0
            same = 0
            for k in range(a.n):
                tables = h.make_tables(2, 4, 10, a.seed + k)
                path = os.path.join(tmp, f"d{k}.toml")
                with open(path, "w") as f:
                    f.write(h.accord_toml(tables, 4, 10))
                s = accord.Scenario.load(path)
                ns = an.to_negmas(s)
                t = time.perf_counter()
                m = SAOMechanism(outcome_space=ns.outcome_space, n_steps=a.steps)
                m.add(first(), ufun=ns.ufuns[0])
                m.add(second(), ufun=ns.ufuns[1])
                state = m.run()
                t_negmas += time.perf_counter() - t
                t = time.perf_counter()
                run = s.simulate(
                    strategies={"p0": an.wrap(first), "p1": an.wrap(second)}, rounds=a.steps
                )["runs"][0]
                t_accord += time.perf_counter() - t
                agreement = run["agreement"] and tuple(run["agreement"][i] for i in s.issues)
                same += agreement == (state.agreement and tuple(state.agreement)) and run["rounds"] == state.step
            name = f"{first.__name__} vs {second.__name__}"
            print(
                f"{name:45s} SAOMechanism {a.n / t_negmas:6.1f}/s   accord SAO {a.n / t_accord:6.1f}/s   "
                f"ratio {t_negmas / t_accord:.2f}   same ending {same}/{a.n}"
            )
            print(f"ratio SAOMechanism time / accord SAO time ({name}): {t_negmas / t_accord:.2f}, "
                  f"same ending {same}/{a.n}")

        genius = os.path.join(os.path.dirname(ROOT), "shared", "domains", "genius")
        config = os.path.join(tmp, "tournament.toml")
        with open(config, "w") as f:
            f.write(
                f'scenarios = ["{ROOT}/examples/toy-border.toml", "{genius}/EnglandZimbabwe", "{genius}/ItexvsCypress"]\n'
                'lineups = [["boulware", "conceder"], ["linear", "tit-for-tat"], ["frequency", "boulware"], ["aspiration", "conceder"]]\n'
                f"rounds = 100\nrepetitions = {a.repetitions}\n[parties]\n"
                f'"{genius}/EnglandZimbabwe" = ["england10", "zimbabwe10"]\n'
                f'"{genius}/ItexvsCypress" = ["itexvscypress_itex50", "itexvscypress_cypress100"]\n'
            )
        times = []
        for _ in range(3):
            t = time.perf_counter()
            results = accord.tournament(config)
            times.append(time.perf_counter() - t)
        py = statistics.median(times)
        import json

        text = json.dumps(results)
        t = time.perf_counter()
        json.loads(text)
        objects = time.perf_counter() - t
        print(
            f"tournament from Python: {len(results)} negotiations in {py:.3f} s "
            f"(of which about {objects:.3f} s building the {len(text) / 1e6:.1f} MB of results as Python objects)"
        )
        if os.path.exists(ACCORD):
            times = []
            for k in range(3):
                out = os.path.join(tmp, f"out{k}.jsonl")
                t = time.perf_counter()
                subprocess.run([ACCORD, "tournament", config, "--out", out, "--quiet"], check=True, capture_output=True)
                times.append(time.perf_counter() - t)
            cli = statistics.median(times)
            print(f"tournament from the CLI: {cli:.3f} s   ratio python / cli {py / cli:.2f}")
            print(f"ratio tournament time python / cli ({len(results)} negotiations): {py / cli:.2f}")


if __name__ == "__main__":
    sys.exit(main())
