"""The "Done when" walk of issue 16, as a new user does it: examples/python/quickstart.py and
the README's ten-line example (load a Genius domain, its frontier, an own negotiator against
NegMAS's Aspiration negotiator on accord's SAO, a tournament as a pandas frame)."""

import subprocess
import sys

import pytest

from conftest import ROOT

pytest.importorskip("negmas")
pytest.importorskip("pandas")

#: The example of README.md's "Python" section, verbatim (run from the repository root).
README_EXAMPLE = '''
import accord, accord.negmas
from negmas.sao.negotiators import AspirationNegotiator

s = accord.Scenario.load("../shared/domains/genius/ItexvsCypress")  # Genius, GeniusWeb or accord/1
sides = ["itexvscypress_cypress", "itexvscypress_itex"]
print(s.frontier_frame(parties=sides))  # the Pareto frontier, a pandas DataFrame

class Firm:  # your own negotiator: asks for the Nash terms, accepts anything as good for it
    nash = s.analyze(parties=sides)["solutions"]["nash"]["terms"]
    def propose(self, state): return self.nash
    def respond(self, state, offer): return "accept" if state.utility(offer) >= state.utility(self.nash) else "reject"

run = s.simulate(strategies={sides[0]: Firm(), sides[1]: accord.negmas.wrap(AspirationNegotiator)}, negotiators=sides)["runs"][0]
print(run["agreement"], "after", run["rounds"], "rounds")
frame = accord.tournament_frame(accord.tournament("bench/sim/tournament.toml"))  # one row per negotiator
print(frame.groupby("strategy")["advantage"].mean())
'''


def _run(args):
    p = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_the_quickstart_walks_every_step():
    import accord

    out = _run([str(ROOT / "examples" / "python" / "quickstart.py")])
    s = accord.Scenario.load(ROOT.parent / "shared" / "domains" / "genius" / "ItexvsCypress")
    a = s.analyze(parties=["itexvscypress_cypress", "itexvscypress_itex"])
    assert f"{a['outcomes']} outcomes, {len(a['pareto'])} on the frontier" in out
    assert "'itexvscypress_itex': 'python:negmas.AspirationNegotiator'" in out
    assert "'itexvscypress_cypress': 'python:Patient'" in out
    assert "agreement after" in out
    assert "36 negotiations, 72 rows" in out
    for strategy in ("boulware", "conceder", "aspiration", "linear", "frequency", "tit-for-tat"):
        assert f"\n{strategy} " in out


def test_the_readme_example_runs():
    out = _run(["-c", README_EXAMPLE])
    assert "itexvscypress_cypress" in out and "itexvscypress_itex" in out  # the frame's columns
    assert " after " in out and " rounds" in out
    assert "advantage" in out or "strategy" in out
    for strategy in ("boulware", "conceder", "hardliner", "tit-for-tat"):
        assert strategy in out
