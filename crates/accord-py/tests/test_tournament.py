"""Your own negotiators in tournaments: `accord.tournament(config, strategies={"mine": ...})`
with line-ups naming `python:mine` beside built-in strategies."""

import itertools
import json

import accord
import pytest

from conftest import GENIUS, TOY, ctrl_c_stops


class Linear:
    """Concedes linearly in its own utility: offers the outcome closest above its target
    `1 - t / 2`, accepts an offer worth at least the target. Deterministic."""

    made = 0

    def __init__(self):
        Linear.made += 1
        self.outcomes = None

    def _target(self, state):
        return 1 - state.relative_time / 2

    def _all(self, state):
        if self.outcomes is None:
            issues = state.issues
            terms = [dict(zip(issues, c)) for c in itertools.product(*issues.values())]
            self.outcomes = sorted(
                (t for t in terms if state.acceptable(t)), key=state.utility, reverse=True
            )
        return self.outcomes

    def propose(self, state):
        target = self._target(state)
        above = [t for t in self._all(state) if state.utility(t) >= target]
        return above[-1] if above else (self._all(state) or [None])[0]

    def respond(self, state, offer):
        ok = state.acceptable(offer) and state.utility(offer) >= self._target(state)
        return "accept" if ok else "reject"


def _config(tmp_path, lineups, name="tournament.toml", **extra):
    lines = [
        f'scenarios = ["{TOY}", "{GENIUS / "Laptop"}"]',
        f"lineups = {json.dumps(lineups)}",
        "rounds = 30",
        "repetitions = 2",
        "seed = 5",
    ]
    lines += [f"{k} = {v}" for k, v in extra.items()]
    lines += ["[parties]", f'"{GENIUS / "Laptop"}" = ["laptop_buyer_utility", "laptop_seller_utility"]']
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


MIXED = [["python:mine", "boulware"], ["conceder", "linear"]]


def test_an_own_negotiator_plays_beside_built_ins(tmp_path):
    config = _config(tmp_path, MIXED)
    Linear.made = 0
    results = accord.tournament(config, strategies={"mine": Linear})
    assert [r["job"] for r in results] == list(range(len(results)))
    # 2 scenarios x 2 line-ups x 2 rotations x 2 repetitions.
    assert len(results) == 16
    mine = [r for r in results if "python:mine" in r["strategies"].values()]
    assert {r["lineup"] for r in mine} == {0}
    assert len(mine) == 8
    # A class makes a fresh negotiator for every seat of every negotiation.
    assert Linear.made == 8
    for r in mine:
        assert sorted(r["strategies"].values()) == ["boulware", "python:mine"]
    # Both roles, on both scenarios.
    assert {(r["scenario"].endswith("Laptop"), r["rotation"]) for r in mine} == {
        (False, 0), (False, 1), (True, 0), (True, 1)
    }
    assert any(r["agreement"] for r in mine)


def test_a_job_with_an_own_negotiator_is_simulate_with_its_seed(tmp_path, toy):
    results = accord.tournament(_config(tmp_path, MIXED), strategies={"mine": Linear})
    for line in results:
        if line["lineup"] != 0 or line["scenario"] != str(TOY):
            continue
        strategies = {
            party: Linear if s == "python:mine" else s for party, s in line["strategies"].items()
        }
        run = toy.simulate(strategies=strategies, rounds=30, seed=line["seed"])["runs"][0]
        assert (run["agreement"] is not None) == line["agreement"]
        assert {p: run["utilities"][p] for p in line["utilities"]} == line["utilities"]
        assert run["rounds"] == line["rounds"]


def test_the_same_seed_gives_the_same_results(tmp_path):
    config = _config(tmp_path, MIXED)
    first = accord.tournament(config, strategies={"mine": Linear})
    assert accord.tournament(config, strategies={"mine": Linear}) == first
    # A factory function and a reused instance of a stateless negotiator play alike.
    assert accord.tournament(config, strategies={"mine": lambda: Linear()}) == first
    # A shard is its slice of the same jobs.
    assert accord.tournament(config, shard="1/3", strategies={"mine": Linear}) == [
        r for r in first if r["job"] % 3 == 1
    ]


def test_built_in_jobs_equal_the_cli_and_lines_have_its_shape(tmp_path, cli):
    mixed = accord.tournament(_config(tmp_path, MIXED), strategies={"mine": Linear})
    # The same tournament with a built-in in the Python negotiator's place, by the CLI.
    builtin = _config(tmp_path, [["hardliner", "boulware"], ["conceder", "linear"]], "cli.toml")
    out = tmp_path / "results.jsonl"
    cli("tournament", builtin, "--out", out, "--quiet", "--json")
    lines = sorted((json.loads(line) for line in out.read_text().splitlines()), key=lambda r: r["job"])
    assert len(lines) == len(mixed)
    for ours, theirs in zip(mixed, lines):
        # Same fields, in the same order, of the same types.
        assert list(ours) == list(theirs)
        # (Nullable fields, e.g. `terms` without an agreement, compare where both are set.)
        assert {k: type(v) for k, v in ours.items() if v is not None and theirs[k] is not None} == {
            k: type(v) for k, v in theirs.items() if v is not None and ours[k] is not None
        }
        if ours["lineup"] == 1:
            # Jobs of built-ins only are the CLI's (but for the configuration's fingerprint).
            assert {**ours, "tournament": None} == {**theirs, "tournament": None}
        else:
            # A job's seed is of what it is (seed, scenario, line-up, rotation, repetition): a
            # line-up with `python:mine` is another line-up than one with `boulware` in its seat.
            assert ours["seed"] != theirs["seed"]
            for key in ("job", "scenario", "repetition", "lineup"):
                assert ours[key] == theirs[key], key


def test_a_failing_negotiator_is_an_accord_error_naming_it(tmp_path):
    config = _config(tmp_path, MIXED)

    class Broken(Linear):
        def respond(self, state, offer):
            raise KeyError("my own bug")

    with pytest.raises(accord.NegotiatorError) as e:
        accord.tournament(config, strategies={"mine": Broken})
    err = e.value
    assert isinstance(err, accord.AccordError)
    assert "python:mine" in str(err) and "KeyError" in str(err) and "my own bug" in str(err)
    assert err.negotiator == "python:mine"
    assert err.party in ("west", "east")
    assert err.job == 0 and err.scenario == str(TOY)
    assert isinstance(err.__cause__, KeyError)

    class BadAnswer(Linear):
        def respond(self, state, offer):
            return "maybe"

    with pytest.raises(accord.NegotiatorError, match="maybe") as e:
        accord.tournament(config, strategies={"mine": BadAnswer})
    assert isinstance(e.value.__cause__, ValueError)

    def failing_factory():
        raise RuntimeError("cannot make one")

    with pytest.raises(accord.NegotiatorError, match="cannot make one") as e:
        accord.tournament(config, strategies={"mine": failing_factory})
    assert e.value.negotiator == "python:mine"

    with pytest.raises(accord.NegotiatorError, match="propose"):
        accord.tournament(config, strategies={"mine": lambda: 42})


def test_bad_own_strategies_are_usage_errors(tmp_path):
    config = _config(tmp_path, MIXED)
    with pytest.raises(accord.UsageError, match="python:mine.*strategies=") as e:
        accord.tournament(config)
    assert "line-up 0" in str(e.value)
    with pytest.raises(accord.UsageError, match="no `mine`.*did you mean `mina`.*given: mina"):
        accord.tournament(config, strategies={"mina": Linear})
    with pytest.raises(accord.UsageError, match="not a name"):
        accord.tournament(config, strategies={"python:mine": Linear})
    with pytest.raises(accord.UsageError, match="propose"):
        accord.tournament(config, strategies={"mine": 3})
    with pytest.raises(accord.UsageError, match="keyed by name"):
        accord.tournament(config, strategies={1: Linear})
    # A built-in name is still checked as one.
    typo = _config(tmp_path, [["python:mine", "bulware"]], "typo.toml")
    with pytest.raises(accord.UsageError, match="boulware"):
        accord.tournament(typo, strategies={"mine": Linear})


def test_the_long_csv_reads_as_is(tmp_path, cli):
    """`accord tournament --long FILE.csv`: one row per negotiator per negotiation, read with
    the csv module (types, row count) and by pandas as is; the same rows as tournament_frame."""
    import csv

    config = _config(tmp_path, [["boulware", "conceder"], ["linear", "aspiration"]])
    out, long = tmp_path / "r.jsonl", tmp_path / "long.csv"
    cli("tournament", config, "--out", out, "--long", long, "--quiet", "--json")
    lines = [json.loads(l) for l in out.read_text().splitlines()]
    with open(long, newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == sum(len(l["strategies"]) for l in lines)
    assert list(rows[0]) == [
        "negotiation", "scenario", "repetition", "lineup", "rotation", "party", "strategy",
        "opponents", "agreement", "rounds", "utility", "advantage", "walk_away", "terms",
    ]
    for row in rows:
        line = lines[int(row["negotiation"])]
        assert line["job"] == int(row["negotiation"])
        assert row["agreement"] in ("true", "false")
        assert float(row["utility"]) == line["utilities"][row["party"]]
        assert float(row["walk_away"]) == line["walk_aways"][row["party"]]
        assert isinstance(json.loads(row["opponents"]), list)
        if row["agreement"] == "true":
            assert json.loads(row["terms"]) == line["terms"]
        else:
            assert row["terms"] == ""
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(long)
    assert len(frame) == len(rows)
    assert str(frame["agreement"].dtype) == "bool"
    for column in ("negotiation", "repetition", "rounds"):
        assert str(frame[column].dtype) == "int64"
    for column in ("utility", "advantage", "walk_away"):
        assert str(frame[column].dtype) == "float64"
    ours = accord.tournament_frame(accord.tournament(config))
    assert list(frame["utility"]) == list(ours["utility"])
    assert list(frame["walk_away"]) == list(ours["walk_away"])
    assert [json.loads(o) for o in frame["opponents"]] == list(ours["opponents"])


@pytest.mark.parametrize("lineups", [[["boulware", "conceder"]], MIXED], ids=["built-in", "mixed"])
def test_ctrl_c_stops_a_long_tournament(tmp_path, lineups):
    """A real SIGINT during a tournament of hours (built-in jobs in parallel, your negotiator's
    jobs in order) raises KeyboardInterrupt between negotiations."""
    config = _config(tmp_path, lineups)
    text = config.read_text().replace("repetitions = 2", "repetitions = 1000000")
    config.write_text(text.replace("rounds = 30", "rounds = 1000"))
    ctrl_c_stops(lambda: accord.tournament(config, strategies={"mine": Linear}), watchdog=120)
