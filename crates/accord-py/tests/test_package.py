"""The package itself (python.md, "Install" and "API"): `import accord` needs nothing else and
imports neither NegMAS nor pandas; the optional parts name what they need; `help()` is
useful; the report is the CLI's."""

import pydoc
import subprocess
import sys
import textwrap

import accord
import pytest

from conftest import ROOT, TOY


def _python(code):
    """Runs `code` in a fresh interpreter of this virtualenv, from the repository root."""
    p = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=ROOT
    )
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_import_accord_imports_neither_negmas_nor_pandas():
    out = _python(
        """
        import sys
        import accord
        s = accord.Scenario.load("examples/toy-border.toml")
        s.analyze(); s.simulate(); s.evaluate()
        print(sorted(m for m in ("negmas", "pandas", "numpy") if m in sys.modules))
        """
    )
    assert out.strip() == "[]"


def test_without_pandas_or_negmas_the_optional_parts_say_what_to_install():
    # `sys.modules[name] = None` makes `import name` fail as if it were not installed.
    out = _python(
        """
        import sys
        sys.modules["pandas"] = None
        sys.modules["negmas"] = None
        import accord
        s = accord.Scenario.load("examples/toy-border.toml")
        for call in (s.frontier_frame, lambda: accord.tournament_frame([]),
                     lambda: accord.negmas.to_negmas(s), lambda: accord.Scenario.from_negmas(None),
                     lambda: accord.negmas.wrap(object)):
            try:
                call()
            except ImportError as e:
                print(e)
            else:
                print("no error")
        """
    )
    lines = out.strip().splitlines()
    assert len(lines) == 5
    assert all("pip install pandas" in line for line in lines[:2])
    assert all("pip install negmas==0.16.0" in line for line in lines[2:])


def test_the_version_is_the_workspace_version():
    cargo = (ROOT / "Cargo.toml").read_text()
    assert f'version = "{accord.__version__}"' in cargo


def test_help_on_analyze_gives_its_signature_shapes_and_errors():
    text = pydoc.render_doc(accord.Scenario.analyze, renderer=pydoc.plaintext)
    assert "analyze(self, /, parties=None, distinct=False, epsilon=None, method=None, count=False)" in text
    for word in ("accord analyze --json", "pareto", "solutions", "nash", "UsageError", "epsilon",
                 "[0, 1]", "coalitions", "win_sets", "price_of_inclusion"):
        assert word in text, word
    # Every public method documents itself.
    for name in dir(accord.Scenario):
        if not name.startswith("_"):
            doc = getattr(accord.Scenario, name).__doc__
            assert doc and doc.strip(), name
    assert accord.State.utility.__doc__ and "[0, 1]" in accord.State.utility.__doc__
    assert "accord.Scenario" in pydoc.render_doc(accord)


def test_from_text_names_the_scenario_and_repr_summarizes_it(toy):
    s = accord.Scenario.from_text(TOY.read_text(), name="mine.toml")
    assert s.name == "mine.toml"
    assert toy.name == str(TOY)
    assert repr(s) == "<accord.Scenario toy-border (Toy border dispute): 3 parties, 3 issues, 2 plans>"


def test_scenarios_are_immutable(toy):
    with pytest.raises(AttributeError):
        toy.id = "other"


def test_the_report_is_the_cli_report(toy, tmp_path, cli_text):
    assert toy.report() == cli_text("report", TOY, "--format", "md")
    out = tmp_path / "r.html"
    cli_text("report", TOY, "-o", out)
    assert toy.report(format="html") == out.read_text()
    assert toy.report(format="markdown") == toy.report()
    assert toy.report(seed=2) == cli_text("report", TOY, "--seed", "2")
