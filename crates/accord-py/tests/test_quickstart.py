"""The "Done when" walk of issue 16, as a new user does it: examples/python/quickstart.py and
the README's ten-line example (load a Genius domain, its frontier, an own negotiator against
NegMAS's Aspiration negotiator on accord's SAO, a tournament as a pandas frame)."""

import subprocess
import sys

import pytest

from conftest import ROOT

pytest.importorskip("negmas")
pytest.importorskip("pandas")


def _readme_example():
    """The first ```python block of README.md's "## Python" section, as a reader copies it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Python\n", 1)
    assert len(section) == 2, "README.md has no '## Python' section"
    block = section[1].split("```python\n", 1)
    assert len(block) == 2, "README.md's Python section has no python example"
    return block[1].split("```", 1)[0]


#: The example of README.md's "Python" section, read from README.md (run from the repository
#: root), so the README cannot drift from what is tested.
README_EXAMPLE = _readme_example()


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
    assert "48 negotiations, 96 rows" in out
    for strategy in ("boulware", "conceder", "aspiration", "linear", "frequency", "tit-for-tat", "python:patient"):
        assert f"\n{strategy} " in out


def test_the_readme_example_runs():
    out = _run(["-c", README_EXAMPLE])
    assert "itexvscypress_cypress" in out and "itexvscypress_itex" in out  # the frame's columns
    assert " after " in out and " rounds" in out
    assert "advantage" in out or "strategy" in out
    for strategy in ("boulware", "conceder", "hardliner", "tit-for-tat"):
        assert strategy in out
