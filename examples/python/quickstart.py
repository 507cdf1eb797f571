"""accord from Python in five steps: load a Genius domain, compute its frontier, run your own
negotiator against NegMAS's Aspiration negotiator on accord's SAO, and get a tournament as a
pandas frame.

    pip install "./crates/accord-py[pandas,negmas]"   # in a virtualenv, from a checkout
    python examples/python/quickstart.py [GENIUS_FOLDER]

The default domain is ItexvsCypress from ../shared/domains/genius (beside the repository).
"""

import sys
import tempfile
from pathlib import Path

import accord

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "domains" / "genius" / "ItexvsCypress"
SIDES = ["itexvscypress_cypress", "itexvscypress_itex"]

# 1. Load: a Genius folder, a GeniusWeb folder, or an accord/1 file.
s = accord.Scenario.load(DOMAIN)
print(s)
sides = SIDES if all(p in s.parties for p in SIDES) else s.parties[:2]

# 2. The Pareto frontier and the Nash bargaining solution (exactly `accord analyze --json`).
analysis = s.analyze(parties=sides)
print(f"{analysis['outcomes']} outcomes, {len(analysis['pareto'])} on the frontier")
print("Nash:", analysis["solutions"]["nash"]["terms"])
print(s.frontier_frame(parties=sides).head())


# 3. Your own negotiator: propose(state) and respond(state, offer).
class Patient:
    """Offers its best outcomes first, lowering its demand linearly toward its walk-away;
    accepts any offer at least as good as what it would ask for now."""

    def target(self, state):
        return 1.0 - (1.0 - state.walk_away) * state.relative_time

    def propose(self, state):
        import itertools

        outcomes = [dict(zip(state.issues, c)) for c in itertools.product(*state.issues.values())]
        fitting = [o for o in outcomes if state.utility(o) >= self.target(state)]
        return min(fitting, key=state.utility) if fitting else max(outcomes, key=state.utility)

    def respond(self, state, offer):
        return "accept" if state.utility(offer) >= self.target(state) else "reject"


# 4. ... against NegMAS's Aspiration negotiator, on accord's SAO (NegMAS semantics).
import accord.negmas  # noqa: E402
from negmas.sao.negotiators import AspirationNegotiator  # noqa: E402

result = s.simulate(
    protocol="sao",
    strategies={sides[0]: Patient(), sides[1]: accord.negmas.wrap(AspirationNegotiator)},
    negotiators=sides,
    rounds=100,
    seed=1,
)
run = result["runs"][0]
print("strategies:", result["strategies"])
print(f"agreement after {run['rounds']} rounds:", run["agreement"])
print("utilities:", run["utilities"], "distance to Nash:", run["distance_to_nash"])

# 5. A tournament of built-in strategies and your own (`python:patient`), as a long pandas frame.
with tempfile.TemporaryDirectory() as tmp:
    config = Path(tmp) / "tournament.toml"
    config.write_text(
        "\n".join(
            [
                f'scenarios = ["{DOMAIN}", "{ROOT / "examples" / "toy-border.toml"}"]',
                'lineups = [["boulware", "conceder"], ["aspiration", "linear"], ["frequency", "tit-for-tat"],',
                '           ["python:patient", "boulware"]]',
                "rounds = 100",
                "repetitions = 3",
                "[parties]",
                f'"{DOMAIN}" = {sides!r}'.replace("'", '"'),
            ]
        )
        + "\n"
    )
    results = accord.tournament(config, strategies={"patient": Patient})
frame = accord.tournament_frame(results)
print(f"{len(results)} negotiations, {len(frame)} rows")
print(frame.groupby("strategy")[["utility", "advantage"]].mean().sort_values("advantage", ascending=False))
