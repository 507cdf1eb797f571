"""The API of python.md: every result equals the CLI's `--json`, parsed."""

import accord
import pytest

from conftest import GENIUS, ROOT, SHARED, TOY, ctrl_c_stops


def test_load_gives_ids_in_file_order(toy):
    assert toy.id == "toy-border"
    assert toy.title == "Toy border dispute"
    assert toy.parties == ["west", "east", "mediator"]
    assert toy.issues == ["border", "buffer", "fund"]
    assert toy.plans == ["draft_a", "draft_b"]
    assert toy.options()["fund"] == [0, 25, 50, 75, 100]


def test_load_reads_every_format():
    genius = accord.Scenario.load(GENIUS / "Laptop")
    assert genius.issues == ["laptop", "harddisk", "external_monitor"]
    web = accord.Scenario.load(SHARED / "domains" / "geniusweb" / "FlightBooking")
    assert len(web.parties) == 2


def test_from_text_is_load(toy):
    s = accord.Scenario.from_text(TOY.read_text())
    assert s.analyze() == toy.analyze()
    assert s.name == "<text>"


def test_evaluate_equals_the_cli(toy, cli):
    assert toy.evaluate(plan="draft_a") == cli("evaluate", TOY, "--plan", "draft_a", "--json")
    assert toy.evaluate() == cli("evaluate", TOY, "--json")
    both = toy.evaluate(plan=["draft_b", "draft_a"])
    assert both == cli("evaluate", TOY, "--plan", "draft_b", "--plan", "draft_a", "--json")
    assert toy.evaluate(plan="draft_a", parties=["west", "east"]) == cli(
        "evaluate", TOY, "--plan", "draft_a", "--parties", "west,east", "--json"
    )


def test_evaluate_terms_is_the_evaluation_of_the_same_plan(toy):
    # draft_b's terms as an unsaved draft: the same figures, with no plan id.
    draft = toy.evaluate(terms={"border": "line_of_contact", "buffer": "wide", "fund": 50})
    plan = toy.evaluate(plan="draft_b")
    assert draft["plan"] is None
    assert {**draft, "plan": "draft_b"} == plan
    # Issues not named take their status quo.
    partial = toy.evaluate(terms={"border": "river"})
    assert partial["open_issues"] == []
    west = partial["parties"][0]
    assert west["red_lines_crossed"] == [{"issue": "border", "option": "river"}]
    assert west["verdict"] == "reject"


def test_analyze_equals_the_cli(toy, cli):
    assert toy.analyze() == cli("analyze", TOY, "--json")
    assert toy.analyze(parties=["west", "east"], distinct=True) == cli(
        "analyze", TOY, "--parties", "west,east", "--distinct", "--json"
    )
    assert toy.analyze(method="enumerate") == cli("analyze", TOY, "--method", "enumerate", "--json")
    laptop = GENIUS / "Laptop"
    assert accord.Scenario.load(laptop).analyze() == cli("analyze", laptop, "--json")
    assert toy.analyze(count=True) == cli("analyze", TOY, "--count", "--json")


def test_an_approximate_frontier_equals_the_cli(cli):
    domain = GENIUS / "EnglandZimbabwe"
    s = accord.Scenario.load(domain)
    parties = ["england", "zimbabwe"]
    approx = s.analyze(parties=parties, method="merge", epsilon=0.05)
    assert approx == cli(
        "analyze", domain, "--parties", ",".join(parties), "--method", "merge", "--epsilon", "0.05", "--json"
    )
    assert approx["epsilon"] == 0.05
    exact = s.analyze(parties=parties, method="merge")
    assert len(approx["pareto"]) <= len(exact["pareto"])
    assert approx["solutions"] == exact["solutions"]  # the solutions stay exact


def test_improve_and_amend_equal_the_cli(toy, cli):
    assert toy.improve(plan="draft_b", top=3) == cli(
        "improve", TOY, "--plan", "draft_b", "--top", "3", "--json"
    )
    assert toy.amend(plan="draft_b", max_changes=2) == cli(
        "amend", TOY, "--plan", "draft_b", "--max-changes", "2", "--json"
    )


def test_robustness_equals_the_cli(toy, cli):
    ours = toy.robustness(plans=["draft_a"], samples=20000, seed=3)
    theirs = cli("robustness", TOY, "--plan", "draft_a", "--samples", "20000", "--seed", "3", "--json", "-q")
    assert ours == theirs
    precise = toy.robustness(plans="draft_b", precision=0.01, seed=2, max_changes=1)
    assert precise == cli(
        "robustness", TOY, "--plan", "draft_b", "--precision", "0.01", "--seed", "2", "--json", "-q"
    )
    robust = toy.robustness(samples=5000, robust=True, robust_samples=500)
    assert robust == cli(
        "robustness", TOY, "--samples", "5000", "--robust", "--robust-samples", "500", "--json", "-q"
    )


def test_what_ifs_equal_the_cli(toy, cli):
    changed = toy.with_changes(
        set=["parties.east.walk_away=0.5"], remove_red_line=["west:border=river"]
    )
    assert changed.evaluate() == cli(
        "evaluate", TOY, "--set", "parties.east.walk_away=0.5",
        "--remove-red-line", "west:border=river", "--json",
    )
    # The original is unchanged.
    assert toy.evaluate() == cli("evaluate", TOY, "--json")


def test_results_carry_the_what_ifs_as_the_cli(toy, cli):
    """Every result records the what-ifs its scenario was made with, as the CLI's `what_if`
    list; chained `with_changes` calls count as the flags given in that order."""
    flags = ["--set", "parties.east.walk_away=0.5", "--remove-red-line", "west:border=river"]
    changed = toy.with_changes(set=["parties.east.walk_away=0.5"]).with_changes(
        remove_red_line=["west:border=river"]
    )
    one = changed.evaluate(plan="draft_a")
    assert [w["kind"] for w in one["what_if"]] == ["set", "remove_red_line"]
    assert one["what_if"][0]["target"] == "parties.east.walk_away"
    assert one["what_if"][0]["value"] == "0.5"
    assert one["what_if"][1]["value"] is None
    assert one == cli("evaluate", TOY, "--plan", "draft_a", *flags, "--json")
    assert changed.analyze() == cli("analyze", TOY, *flags, "--json")
    assert changed.improve(plan="draft_a", top=3) == cli(
        "improve", TOY, "--plan", "draft_a", "--top", "3", *flags, "--json"
    )
    assert changed.amend(plan="draft_b") == cli("amend", TOY, "--plan", "draft_b", *flags, "--json")
    assert changed.robustness(samples=2000, seed=3) == cli(
        "robustness", TOY, "--samples", "2000", "--seed", "3", *flags, "--json", "-q"
    )
    assert changed.simulate(rounds=30, seed=2) == cli(
        "simulate", TOY, "--rounds", "30", "--seed", "2", *flags, "--json"
    )
    # An unsaved draft too; the unchanged scenario's list is empty.
    assert changed.evaluate(terms={"border": "line_of_contact", "fund": 75})["what_if"] == one["what_if"]
    assert toy.analyze()["what_if"] == []


def test_the_report_boxes_the_what_ifs_as_the_cli(toy, cli_text):
    changed = toy.with_changes(set=["parties.east.walk_away=0.5"])
    ours = changed.report(format="md", date="2026-01-02")
    assert ours == cli_text(
        "report", TOY, "--set", "parties.east.walk_away=0.5", "--format", "md", "--date", "2026-01-02"
    )
    assert "0.5" in ours and ours != toy.report(format="md", date="2026-01-02")


def test_added_red_lines_and_open_terms_equal_the_cli(toy, cli):
    changed = toy.with_changes(add_red_line=["east:buffer=wide"], open_term=["draft_a:fund"])
    assert changed.evaluate() == cli(
        "evaluate", TOY, "--add-red-line", "east:buffer=wide", "--open-term", "draft_a:fund",
        "--json",
    )
    with pytest.raises(accord.UsageError, match="already a red line"):
        toy.with_changes(add_red_line=["west:border=river"])
    with pytest.raises(accord.UsageError, match="open_term"):
        toy.with_changes(open_term=["draft_a"])


def test_consult_takes_a_party_or_a_list(toy, cli):
    expected = cli(
        "simulate", TOY, "--protocol", "drafted-then-ratified", "--consult", "west",
        "--rounds", "20", "--json",
    )
    for consult in ("west", ["west"], ("west",)):
        ours = toy.simulate(protocol="drafted-then-ratified", consult=consult, rounds=20)
        assert ours == expected, consult


def test_simulate_equals_the_cli(toy, cli):
    ours = toy.simulate(
        protocol="sao", strategies={"west": "boulware", "east": "conceder"}, rounds=50, seed=4, repeat=3
    )
    theirs = cli(
        "simulate", TOY, "--protocol", "sao", "--strategy", "west=boulware",
        "--strategy", "east=conceder", "--rounds", "50", "--seed", "4", "--repeat", "3", "--json",
    )
    assert ours == theirs
    single = toy.simulate(protocol="single-text", strategies={"*": "linear"}, seed=2)
    assert single == cli("simulate", TOY, "--protocol", "single-text", "--strategy", "linear", "--seed", "2", "--json")


def test_simulate_trace_lists_every_action(toy, tmp_path, cli):
    import json

    r = toy.simulate(strategies={"west": "boulware", "east": "conceder"}, seed=1, trace=True)
    path = tmp_path / "trace.jsonl"
    cli("simulate", TOY, "--strategy", "west=boulware", "--strategy", "east=conceder",
        "--trace", path, "--json")
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert r["trace"] == lines
    assert {k: v for k, v in r.items() if k != "trace"}["runs"][0]["rounds"] >= 1


def test_report_is_the_cli_report(toy):
    md = toy.report()
    assert md.startswith("#") and "draft_a" in md or "Mediator's first draft" in md
    html = toy.report(format="html")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "<svg" in html


def test_report_date_dates_an_old_scenario(toy):
    # toy-border is as of 2025-11-23: 90 days later it is current, 91 days later it is dated.
    md = toy.report(date="2030-01-01")
    assert "dated 2030-01-01" in md
    assert "> **Dated.** The scenario records events up to 2025-11-23" in md
    assert "**Dated.**" not in toy.report(date="2026-02-21")
    assert "**Dated.**" in toy.report(date="2026-02-22")
    with pytest.raises(accord.UsageError, match="YYYY-MM-DD"):
        toy.report(date="yesterday")


def _tournament_config(tmp_path, **extra):
    lines = [
        f'scenarios = ["{TOY}", "{GENIUS / "Laptop"}"]',
        'lineups = [["boulware", "conceder"], ["linear", "aspiration"]]',
        "rounds = 30",
        "repetitions = 2",
        "seed = 5",
    ]
    lines += [f"{k} = {v}" for k, v in extra.items()]
    lines += ["[parties]", f'"{GENIUS / "Laptop"}" = ["laptop_buyer_utility", "laptop_seller_utility"]']
    path = tmp_path / "tournament.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_tournament_equals_the_cli_results_file(tmp_path, cli):
    import json

    config = _tournament_config(tmp_path)
    results = accord.tournament(config)
    out = tmp_path / "results.jsonl"
    cli("tournament", config, "--out", out, "--quiet", "--json")
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert results == sorted(lines, key=lambda r: r["job"])
    assert [r["job"] for r in results] == list(range(len(results)))
    # A shard is its slice of the same jobs.
    shard = accord.tournament(config, shard="1/3")
    assert shard == [r for r in results if r["job"] % 3 == 1]
    assert accord.tournament(config, shard=(1, 3)) == shard


def test_frontier_frame_is_the_frontier(toy):
    pd = pytest.importorskip("pandas")
    frame = toy.frontier_frame()
    analysis = toy.analyze()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == toy.issues + analysis["parties"]
    assert len(frame) == len(analysis["pareto"])
    first = analysis["pareto"][0]
    assert frame.iloc[0]["border"] == first["terms"]["border"]
    assert frame.iloc[0]["west"] == first["utilities"][0]


def test_tournament_frame_is_long(tmp_path):
    pytest.importorskip("pandas")
    results = accord.tournament(_tournament_config(tmp_path))
    frame = accord.tournament_frame(results)
    assert len(frame) == sum(len(r["strategies"]) for r in results)
    row = frame.iloc[0]
    assert row["utility"] == results[0]["utilities"][row["party"]]
    assert row["strategy"] == results[0]["strategies"][row["party"]]
    means = frame.groupby("strategy")["advantage"].mean()
    assert set(means.index) == {"boulware", "conceder", "linear", "aspiration"}


def test_help_documents_shapes_and_errors():
    doc = accord.Scenario.analyze.__doc__
    assert "pareto" in doc and "UsageError" in doc
    assert "GIL" in accord.Scenario.__doc__


def test_long_calls_release_the_gil(tmp_path, toy):
    """`load` blocks reading a FIFO until this thread writes to it: that can only happen if
    the call released the GIL (every entry point runs through the same release)."""
    import os
    import threading

    fifo = tmp_path / "scenario.toml"
    os.mkfifo(fifo)
    got = {}

    def load():
        try:
            got["s"] = accord.Scenario.load(fifo)
        except BaseException as e:  # pragma: no cover - reported below
            got["e"] = e

    import faulthandler

    # Were the GIL held, this thread could never write and the test would hang: the watchdog
    # (a C thread, no GIL needed) ends the process with a traceback instead.
    faulthandler.dump_traceback_later(120, exit=True)
    try:
        t = threading.Thread(target=load, daemon=True)
        t.start()
        with open(fifo, "w") as f:  # blocks until the reader has opened the FIFO
            f.write(TOY.read_text())
        t.join(timeout=60)
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert not t.is_alive(), "load held the GIL"
    assert "e" not in got, got.get("e")
    assert got["s"].analyze() == toy.analyze()


def test_analyze_of_more_outcomes_than_a_u64_equals_the_cli(tmp_path, cli):
    """The dict is built directly (not through JSON text): the outcome count, a JSON integer of
    any length, is still Python's int of its digits, and every float the CLI's."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("helpers", ROOT / "bench" / "analyze-vs-negmas.py")
    helpers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helpers)
    path = tmp_path / "big.toml"
    path.write_text(helpers.accord_toml(helpers.make_tables(2, 66, 2, 1), 66, 2))
    ours = accord.Scenario.load(path).analyze()
    assert ours["outcomes"] == 2**66
    assert ours == cli("analyze", path, "--json")


def _same_json(ours, theirs, where="$"):
    """Exactly what `json.loads` makes: the same types (int is not float, bool is not int),
    the same keys in the same order, the same floats bit for bit, at every depth."""
    assert type(ours) is type(theirs), f"{where}: {type(ours).__name__} vs {type(theirs).__name__}"
    if isinstance(ours, dict):
        assert list(ours) == list(theirs), f"{where}: keys {list(ours)} vs {list(theirs)}"
        for k in ours:
            _same_json(ours[k], theirs[k], f"{where}.{k}")
    elif isinstance(ours, list):
        assert len(ours) == len(theirs), f"{where}: length {len(ours)} vs {len(theirs)}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _same_json(a, b, f"{where}[{i}]")
    elif isinstance(ours, float):
        assert ours.hex() == theirs.hex(), f"{where}: {ours!r} vs {theirs!r}"
    else:
        assert ours == theirs, f"{where}: {ours!r} vs {theirs!r}"


def test_analyze_builds_every_key_and_value_as_json_loads_does(tmp_path, cli):
    """analyze's dict is built directly from the analysis (not from JSON text): on scenarios
    with discrete and numeric options, an agreement rule, an approximate frontier, no
    agreement (the blocking explanation) and the parties left out, every key, its order, every
    value and its type equal `json.loads` of the CLI's `--json`."""
    municipal = ROOT / "examples" / "municipal-package.toml"
    blocked = tmp_path / "blocked.toml"
    blocked.write_text(TOY.read_text().replace("walk_away = 0.35", "walk_away = 0.99"))
    assert blocked.read_text() != TOY.read_text()
    cases = [
        (TOY, {}, []),
        (TOY, {"parties": ["west", "east"]}, ["--parties", "west,east"]),
        (TOY, {"method": "enumerate", "distinct": True}, ["--method", "enumerate", "--distinct"]),
        (blocked, {}, []),
        (municipal, {}, []),
        (GENIUS / "Laptop", {}, []),
        (GENIUS / "EnglandZimbabwe", {"method": "merge", "epsilon": 0.05},
         ["--method", "merge", "--epsilon", "0.05"]),
        (SHARED / "domains" / "geniusweb" / "FlightBooking", {}, []),
    ]
    for path, kwargs, flags in cases:
        ours = accord.Scenario.load(path).analyze(**kwargs)
        theirs = cli("analyze", path, *flags, "--json", "--quiet")
        _same_json(ours, theirs, f"{path.name} {flags}")
    assert accord.Scenario.load(blocked).analyze()["blocking"] is not None


def _big_scenario_text(parties=4, issues=9, options=11, walk_away=0.45, seed=7):
    """Random additive preferences over options**issues outcomes (2.4e9 by default): counting
    its agreements by enumeration takes minutes."""
    import random

    rng = random.Random(seed)
    lines = ['format = "accord/1"', "[scenario]", 'id = "big"', 'title = "Big"', "[areas.a]", 'title = "A"']
    for i in range(issues):
        opts = ", ".join(f'{{ id = "o{o}" }}' for o in range(options))
        lines += [f"[issues.i{i}]", 'area = "a"', f'title = "Issue {i}"', f"options = [{opts}]"]
    for p in range(parties):
        lines += [f"[parties.p{p}]", f'name = "Party {p}"', f"walk_away = {walk_away}", f"[parties.p{p}.weights]"]
        lines += [f"i{i} = {rng.randint(1, 9)}" for i in range(issues)]
        for i in range(issues):
            lines.append(f"[parties.p{p}.scores.i{i}]")
            lines += [f"o{o} = {rng.random():.3f}" for o in range(options)]
    return "\n".join(lines) + "\n"


def test_ctrl_c_stops_a_long_analysis():
    """A real SIGINT while a minutes-long enumeration runs (GIL released) raises
    KeyboardInterrupt within a few chunks, and the scenario is usable afterwards."""
    s = accord.Scenario.from_text(_big_scenario_text(), name="big.toml")
    ctrl_c_stops(lambda: s.analyze(method="enumerate", count=True))
    assert s.analyze(method="merge")["outcomes"] == 11**9


def test_ctrl_c_stops_a_long_improve():
    """improve on a draft of 2.4e9 outcomes with an interaction (so the search enumerates)
    takes minutes: a SIGINT stops it after the chunks already running, and the scenario is
    usable afterwards."""
    text = _big_scenario_text()
    text += '[[parties.p0.interactions]]\nwhen = { i0 = "o1", i1 = "o1" }\nbonus = 0.05\n'
    text += '[plans.d]\ntitle = "D"\n[plans.d.terms]\n' + "".join(f'i{i} = "o0"\n' for i in range(9))
    s = accord.Scenario.from_text(text, name="big.toml")
    ctrl_c_stops(lambda: s.improve("d", top=3))
    assert s.evaluate(plan="d")["plan"] == "d"


def test_ctrl_c_stops_a_long_report():
    """A report on 2.4e9 outcomes with an interaction enumerates them (minutes): a SIGINT
    stops it, and a report on the toy scenario still works afterwards."""
    text = _big_scenario_text()
    text += '[[parties.p0.interactions]]\nwhen = { i0 = "o1", i1 = "o1" }\nbonus = 0.05\n'
    s = accord.Scenario.from_text(text, name="big.toml")
    ctrl_c_stops(lambda: s.report(format="md"))
    assert accord.Scenario.load(TOY).report(format="md").startswith("# ")


def test_ctrl_c_stops_a_long_robustness_run(toy):
    """A billion draws at precision 0 take minutes: a SIGINT stops them after their round."""
    ctrl_c_stops(lambda: toy.robustness(samples=1_000_000_000, precision=0))
    assert toy.robustness(samples=1000, precision=0)["samples"] == 1000


class _Stubborn:
    """Asks for its best outcome every round and accepts nothing: every run goes to its
    deadline."""

    def propose(self, state):
        return None

    def respond(self, state, offer):
        return "reject"


@pytest.mark.parametrize("own", [False, True], ids=["built-in", "own negotiator"])
def test_ctrl_c_stops_a_long_simulation(toy, own):
    """Ten million runs take hours: a SIGINT stops them between negotiations."""
    strategies = {"west": _Stubborn()} if own else {"west": "hardliner", "east": "hardliner"}
    ctrl_c_stops(lambda: toy.simulate(strategies=strategies, rounds=1000, repeat=10_000_000))
    assert len(toy.simulate(strategies=strategies, rounds=10, repeat=3)["runs"]) == 3
