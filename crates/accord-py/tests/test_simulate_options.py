"""`Scenario.simulate`'s `sample_preferences` and `time_limit`, as `accord simulate
--sample-preferences` and `--time-limit`: equal to the CLI where runs are reproducible, and
the time limit's contract (deadline, rounds, errors) without any timing assertion."""

import pytest

import accord
from conftest import TOY


class Conceding:
    """Offers its best outcome among the issues' options at first, then accepts anything it
    finds acceptable; records the utilities `state.utility` gave it."""

    def __init__(self):
        self.seen = []

    def propose(self, state):
        terms = {"border": "line_of_contact", "buffer": "narrow", "fund": 50}
        self.seen.append(state.utility(terms))
        return terms

    def respond(self, state, offer):
        return "accept" if state.acceptable(offer) else "reject"


def test_sample_preferences_equals_the_cli_and_replays(toy, cli):
    args = dict(strategies={"*": "boulware"}, repeat=6, seed=3, sample_preferences=True)
    ours = toy.simulate(**args)
    assert ours == cli(
        "simulate", TOY, "--strategy", "boulware", "--repeat", "6", "--seed", "3",
        "--sample-preferences", "--json",
    )
    assert ours["sample_preferences"] is True
    assert toy.simulate(**args) == ours
    # The runs differ as the draws do; without sampling they are one negotiation repeated.
    assert len({str(r["utilities"]) for r in ours["runs"]}) > 1
    plain = toy.simulate(strategies={"*": "boulware"}, repeat=6, seed=3)
    assert "sample_preferences" not in plain
    assert len({str(r["utilities"]) for r in plain["runs"]}) == 1


def test_sample_preferences_trace_equals_the_cli(toy, tmp_path, cli):
    import json

    r = toy.simulate(strategies={"*": "conceder"}, repeat=2, seed=5, sample_preferences=True,
                     trace=True)
    path = tmp_path / "trace.jsonl"
    cli("simulate", TOY, "--strategy", "conceder", "--repeat", "2", "--seed", "5",
        "--sample-preferences", "--trace", path, "--json")
    assert r["trace"] == [json.loads(line) for line in path.read_text().splitlines()]


def test_your_negotiator_judges_by_the_runs_draw(toy):
    """Under sampled preferences your negotiator's `state.utility` reads the run's draw: the
    same outcome is worth different utilities in different runs, the same on a replay."""
    seen = []

    class Recording(Conceding):
        def __init__(self):
            super().__init__()
            seen.append(self.seen)

    toy.simulate(strategies={"west": Recording, "east": "boulware"}, repeat=4, seed=1,
                 sample_preferences=True)
    first = [s[0] for s in seen]
    assert len(set(first)) > 1, first
    seen.clear()
    toy.simulate(strategies={"west": Recording, "east": "boulware"}, repeat=4, seed=1,
                 sample_preferences=True)
    assert [s[0] for s in seen] == first
    # Without sampling, the midpoints: one value.
    seen.clear()
    toy.simulate(strategies={"west": Recording, "east": "boulware"}, repeat=3, seed=1)
    assert len({s[0] for s in seen}) == 1


def test_time_limit_beside_rounds(toy):
    # A generous limit: the rounds end it as without one; the limit is recorded.
    r = toy.simulate(strategies={"*": "conceder"}, rounds=40, seed=2, time_limit=3600.0)
    assert r["time_limit"] == 3600.0
    assert r["rounds"] == 40
    plain = toy.simulate(strategies={"*": "conceder"}, rounds=40, seed=2)
    assert "time_limit" not in plain and plain["rounds"] == 40
    assert r["runs"] == plain["runs"]
    # Time alone is the deadline: no practical limit in rounds, as the CLI.
    alone = toy.simulate(strategies={"*": "conceder"}, seed=2, time_limit=3600.0)
    assert alone["rounds"] == 1_000_000
    assert alone["runs"][0]["ending"]["kind"] == "agreement"
    assert toy.simulate()["rounds"] == 100


def test_time_limit_with_your_negotiator_sees_relative_time(toy):
    times = []

    class Clock(Conceding):
        def propose(self, state):
            times.append(state.relative_time)
            return super().propose(state)

        def respond(self, state, offer):
            times.append(state.relative_time)
            return "reject"

    r = toy.simulate(strategies={"west": Clock, "east": "hardliner"}, rounds=10, seed=1,
                     time_limit=3600.0)
    assert r["time_limit"] == 3600.0
    assert times and all(0.0 < t <= 1.0 for t in times)
    assert times == sorted(times)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_a_bad_time_limit_is_a_usage_error(toy, bad):
    with pytest.raises(accord.UsageError, match="positive number of seconds"):
        toy.simulate(time_limit=bad)


def test_a_time_limit_on_another_protocol_is_a_usage_error(toy):
    with pytest.raises(accord.UsageError, match="runs by rounds only"):
        toy.simulate(protocol="single-text", time_limit=1.0)


def _config(tmp_path):
    path = tmp_path / "tournament.toml"
    path.write_text(
        f'scenarios = ["{TOY}"]\n'
        'lineups = [["boulware", "conceder"], ["linear", "aspiration"]]\n'
        "rounds = 30\nrepetitions = 3\nseed = 5\n"
    )
    return path


def _results_file(path):
    import json

    return sorted((json.loads(line) for line in path.read_text().splitlines()),
                  key=lambda r: r["job"])


def test_tournament_sample_preferences_equals_the_cli(tmp_path, cli):
    config = _config(tmp_path)
    ours = accord.tournament(config, sample_preferences=True)
    out = tmp_path / "sampled.jsonl"
    cli("tournament", config, "--sample-preferences", "--out", out, "--quiet", "--json")
    assert ours == _results_file(out)
    assert accord.tournament(config, sample_preferences=True) == ours
    # The flag changes the runs and the fingerprint.
    plain = accord.tournament(config)
    assert ours[0]["tournament"] != plain[0]["tournament"]
    without = lambda rs: [{k: v for k, v in r.items() if k != "tournament"} for r in rs]
    assert without(ours) != without(plain)


def test_tournament_time_limit_is_recorded_in_the_fingerprint(tmp_path, cli):
    config = _config(tmp_path)
    ours = accord.tournament(config, time_limit=3600.0)
    out = tmp_path / "timed.jsonl"
    cli("tournament", config, "--time-limit", "3600", "--out", out, "--quiet", "--json")
    theirs = _results_file(out)
    # A generous limit: the same negotiations as the CLI's, under the same fingerprint.
    assert ours == theirs
    assert ours[0]["tournament"] != accord.tournament(config)[0]["tournament"]
    with pytest.raises(accord.UsageError, match="positive number of seconds"):
        accord.tournament(config, time_limit=0.0)
