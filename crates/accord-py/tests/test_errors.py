"""Every error path: typed exceptions with the library's words, diagnostics where the CLI
prints them, and never a panic."""

import accord
import pytest

from conftest import GENIUS, ROOT, TOY


def test_the_exceptions_are_one_family():
    assert issubclass(accord.ScenarioError, accord.AccordError)
    assert issubclass(accord.UsageError, accord.AccordError)
    assert issubclass(accord.AccordError, Exception)
    assert accord.ScenarioError.__module__ == "accord"


def test_an_unreadable_file_is_a_scenario_error_with_its_diagnostic(tmp_path):
    missing = tmp_path / "missing.toml"
    with pytest.raises(accord.ScenarioError, match="cannot open") as e:
        accord.Scenario.load(missing)
    (d,) = e.value.diagnostics
    assert d["code"] == "unreadable" and d["file"] == str(missing)


def test_an_invalid_scenario_lists_what_accord_check_lists(tmp_path, cli):
    bad = tmp_path / "bad.toml"
    bad.write_text(TOY.read_text().replace("walk_away = 0.35", "walk_away = 1.5"))
    with pytest.raises(accord.ScenarioError, match="not valid") as e:
        accord.Scenario.load(bad)
    check = cli("check", bad, "--json", code=1)
    assert e.value.diagnostics == check["diagnostics"]
    assert any(d["path"] == "parties.west.walk_away" for d in e.value.diagnostics)
    with pytest.raises(accord.ScenarioError) as t:
        accord.Scenario.from_text("format = 'accord/1'\n", name="inline")
    assert t.value.diagnostics and all(d["file"] == "inline" for d in t.value.diagnostics)


def test_a_foreign_file_that_cannot_be_imported_is_a_scenario_error(tmp_path):
    xml = tmp_path / "broken.xml"
    xml.write_text("<utility_space><objective")
    with pytest.raises(accord.ScenarioError) as e:
        accord.Scenario.load(xml)
    assert e.value.diagnostics[0]["code"] == "unreadable"


def test_what_ifs_that_do_not_apply_are_usage_errors(toy):
    with pytest.raises(accord.UsageError, match="set `nonsense`"):
        toy.with_changes(set=["nonsense"])
    with pytest.raises(accord.UsageError, match="remove_red_line"):
        toy.with_changes(remove_red_line=["no-colon"])
    with pytest.raises(accord.UsageError) as e:
        toy.with_changes(set=["parties.east.walk_away=2"], remove_red_line=["wset:border=river"])
    codes = [d["code"] for d in e.value.diagnostics]
    assert codes == ["what-if", "what-if"]
    assert "west" in str(e.value)  # the closest id


def test_unknown_ids_are_usage_errors_naming_the_closest(toy):
    with pytest.raises(accord.UsageError, match="draft_a"):
        toy.evaluate(plan="draft_c")
    with pytest.raises(accord.UsageError, match="west"):
        toy.analyze(parties=["wset", "east"])
    # An observer never negotiates (the flagship's UAE), as `--parties` refuses it.
    with pytest.raises(accord.UsageError, match="observer"):
        accord.Scenario.load(ROOT / "examples" / "ukraine-2025.toml").analyze(parties=["uae", "russia"])
    with pytest.raises(accord.UsageError):
        toy.improve(plan="nope")
    with pytest.raises(accord.UsageError):
        toy.amend(plan="nope")
    with pytest.raises(accord.UsageError):
        toy.robustness(plans=["nope"])
    with pytest.raises(accord.UsageError, match="border"):
        toy.evaluate(terms={"bordr": "river"})
    with pytest.raises(accord.UsageError, match="no option"):
        toy.evaluate(terms={"border": "sea"})
    with pytest.raises(accord.UsageError, match="no option"):
        toy.evaluate(terms={"fund": 33})
    with pytest.raises(accord.UsageError, match="bool"):
        toy.evaluate(terms={"fund": True})
    with pytest.raises(accord.UsageError, match="not both"):
        toy.evaluate(plan="draft_a", terms={"fund": 25})


def test_bad_options_are_usage_errors(toy):
    with pytest.raises(accord.UsageError, match="unknown method"):
        toy.analyze(method="guess")
    with pytest.raises(accord.UsageError, match="positive"):
        toy.analyze(method="merge", epsilon=-1.0)
    with pytest.raises(accord.UsageError, match="at least 1"):
        toy.improve(plan="draft_a", top=0)
    with pytest.raises(accord.UsageError, match="samples"):
        toy.robustness(samples=0)
    with pytest.raises(accord.UsageError, match="precision"):
        toy.robustness(precision=0.7)
    with pytest.raises(accord.UsageError, match="robust_samples"):
        toy.robustness(robust=True, robust_samples=0)
    with pytest.raises(accord.UsageError, match="format"):
        toy.report(format="pdf")


def test_a_scenario_without_plans_is_a_scenario_error():
    s = accord.Scenario.load(GENIUS / "Laptop")
    with pytest.raises(accord.ScenarioError, match="no plans"):
        s.evaluate()
    with pytest.raises(accord.ScenarioError, match="no plans"):
        s.robustness()


def test_a_refused_analysis_says_why(toy):
    with pytest.raises(accord.UsageError, match="merge") as e:
        toy.analyze(method="enumerate", epsilon=0.1)
    assert "--" not in str(e.value)  # the library's words, never a flag


def test_bad_simulations_are_usage_errors(toy):
    with pytest.raises(accord.UsageError, match="protocol"):
        toy.simulate(protocol="auction")
    with pytest.raises(accord.UsageError, match="boulware"):
        toy.simulate(strategies={"west": "bulware"})
    with pytest.raises(accord.UsageError, match="west"):
        toy.simulate(strategies={"wset": "boulware"})
    with pytest.raises(accord.UsageError):
        toy.simulate(rounds=0)
    with pytest.raises(accord.UsageError, match="pressure"):
        toy.simulate(protocol="drafted-then-ratified", pressure=2.0)
    with pytest.raises(accord.UsageError, match="repeat"):
        toy.simulate(repeat=0)
    with pytest.raises(accord.UsageError, match="twice"):
        toy.simulate(negotiators=["west", "west"])
    with pytest.raises(accord.UsageError, match="propose"):
        toy.simulate(strategies={"west": object()})
    with pytest.raises(accord.UsageError, match="built-in"):
        toy.simulate(strategies={"*": object()})
    with pytest.raises(accord.UsageError, match="drafted-then-ratified|drafting"):
        toy.simulate(drafters=["west"])


def test_bad_tournaments_are_usage_or_scenario_errors(tmp_path):
    with pytest.raises(accord.UsageError, match="cannot read"):
        accord.tournament(tmp_path / "none.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("scenarios = 3\n")
    with pytest.raises(accord.UsageError):
        accord.tournament(bad)
    empty = tmp_path / "empty.toml"
    empty.write_text(f'scenarios = ["{TOY}"]\nlineups = []\n')
    with pytest.raises(accord.UsageError):
        accord.tournament(empty)
    missing = tmp_path / "missing.toml"
    missing.write_text('scenarios = ["nowhere.toml"]\nlineups = [["boulware", "conceder"]]\n')
    with pytest.raises(accord.ScenarioError):
        accord.tournament(missing)
    good = tmp_path / "good.toml"
    good.write_text(f'scenarios = ["{TOY}"]\nlineups = [["boulware", "conceder"]]\n')
    with pytest.raises(accord.UsageError, match="shard"):
        accord.tournament(good, shard="3/2")
    with pytest.raises(accord.UsageError, match="tuple"):
        accord.tournament(good, shard=3)


def test_a_panic_comes_back_as_an_accord_error():
    with pytest.raises(accord.AccordError, match="internal error"):
        accord._accord._panic_for_tests()
