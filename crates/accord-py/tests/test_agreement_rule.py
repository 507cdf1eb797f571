"""A scenario with an agreement rule (examples/municipal-package.toml: a quorum of 5 of 6
signatories, two funders required, a party that ratifies for another, a party that can block
one issue only): every command equals the CLI's `--json`, including the rule's own fields
(coalitions, win-sets, blocking, the quorum in evaluations)."""

import json

import accord
import pytest

from conftest import ROOT

MUNICIPAL = ROOT / "examples" / "municipal-package.toml"


@pytest.fixture(scope="module")
def municipal():
    return accord.Scenario.load(MUNICIPAL)


def test_the_rule_scenario_loads_with_its_ids(municipal):
    assert municipal.id == "municipal-package"
    assert municipal.plans == ["mayor_draft", "funders_draft", "no_tax"]
    assert "council" in municipal.parties


def test_evaluate_equals_the_cli(municipal, cli):
    assert municipal.evaluate() == cli("evaluate", MUNICIPAL, "--json")
    for plan in municipal.plans:
        assert municipal.evaluate(plan=plan) == cli("evaluate", MUNICIPAL, "--plan", plan, "--json")


def test_a_draft_is_evaluated_under_the_rule_as_the_plan_with_its_terms_is(municipal):
    plan = municipal.evaluate(plan="funders_draft")
    draft = municipal.evaluate(terms={"tram": "short", "housing": 20, "tax": "half", "park": "mixed"})
    assert draft["plan"] is None
    # Every field of the plan's evaluation, the rule's included, but the plan's own id.
    assert {**draft, "plan": "funders_draft"} == plan
    # The rule's fields are there (not only the parties' verdicts).
    rule_fields = set(plan) - {"scenario", "plan", "open_issues", "parties", "agreement"}
    assert rule_fields, plan.keys()
    assert all(draft[k] == plan[k] for k in rule_fields)


def test_analyze_equals_the_cli_with_coalitions_and_win_sets(municipal, cli):
    ours = municipal.analyze()
    assert ours == cli("analyze", MUNICIPAL, "--json")
    text = json.dumps(ours)
    assert "coalitions" in text and "win_sets" in text
    assert municipal.analyze(distinct=True) == cli("analyze", MUNICIPAL, "--distinct", "--json")
    four = ["mayor", "state_fund", "dev_bank", "chamber"]
    assert municipal.analyze(parties=four) == cli(
        "analyze", MUNICIPAL, "--parties", ",".join(four), "--json"
    )


def test_improve_and_amend_equal_the_cli(municipal, cli):
    for plan in municipal.plans:
        assert municipal.improve(plan=plan, top=4) == cli(
            "improve", MUNICIPAL, "--plan", plan, "--top", "4", "--json"
        )
        assert municipal.amend(plan=plan) == cli("amend", MUNICIPAL, "--plan", plan, "--json")
        assert municipal.amend(plan=plan, max_changes=1) == cli(
            "amend", MUNICIPAL, "--plan", plan, "--max-changes", "1", "--json"
        )


def test_robustness_equals_the_cli(municipal, cli):
    ours = municipal.robustness(samples=20000, seed=5)
    assert ours == cli(
        "robustness", MUNICIPAL, "--samples", "20000", "--seed", "5", "--json", "-q"
    )
    robust = municipal.robustness(plans="no_tax", samples=4000, robust=True, robust_samples=300)
    assert robust == cli(
        "robustness", MUNICIPAL, "--plan", "no_tax", "--samples", "4000", "--robust",
        "--robust-samples", "300", "--json", "-q",
    )


def test_simulate_equals_the_cli_in_every_protocol(municipal, cli):
    sao = municipal.simulate(strategies={"*": "conceder", "chamber": "boulware"}, seed=3, repeat=2)
    assert sao == cli(
        "simulate", MUNICIPAL, "--strategy", "conceder", "--strategy", "chamber=boulware",
        "--seed", "3", "--repeat", "2", "--json",
    )
    single = municipal.simulate(protocol="single-text", strategies={"*": "linear"}, rounds=60)
    assert single == cli(
        "simulate", MUNICIPAL, "--protocol", "single-text", "--strategy", "linear",
        "--rounds", "60", "--json",
    )
    drafted = municipal.simulate(
        protocol="drafted-then-ratified",
        drafters=["state_fund", "dev_bank"],
        consult="mayor",
        consultations=2,
        revisions=2,
        pressure=0.05,
        seed=2,
    )
    assert drafted == cli(
        "simulate", MUNICIPAL, "--protocol", "drafted-then-ratified", "--drafters",
        "state_fund,dev_bank", "--consult", "mayor", "--consultations", "2", "--revisions", "2",
        "--pressure", "0.05", "--seed", "2", "--json",
    )
    single_drafting = municipal.simulate(
        protocol="drafted-then-ratified", draft_protocol="single-text", seed=4
    )
    assert single_drafting == cli(
        "simulate", MUNICIPAL, "--protocol", "drafted-then-ratified", "--draft-protocol",
        "single-text", "--seed", "4", "--json",
    )


def test_what_ifs_on_the_rule_equal_the_cli(municipal, cli):
    changed = municipal.with_changes(set=["agreement.quorum=6"])
    assert changed.evaluate() == cli(
        "evaluate", MUNICIPAL, "--set", "agreement.quorum=6", "--json"
    )
    assert changed.analyze() == cli("analyze", MUNICIPAL, "--set", "agreement.quorum=6", "--json")
    # A quorum larger than the signatories does not apply, with the CLI's diagnostic.
    with pytest.raises(accord.UsageError) as e:
        municipal.with_changes(set=["agreement.quorum=60"])
    assert [d["code"] for d in e.value.diagnostics] == ["what-if"]


def test_an_own_negotiator_runs_under_the_rule(municipal):
    class Accepting:
        """Offers the funders' draft; accepts whatever it may accept."""

        def propose(self, state):
            return {"tram": "short", "housing": 20, "tax": "half", "park": "mixed"}

        def respond(self, state, offer):
            return "accept" if state.acceptable(offer) else "reject"

    r = municipal.simulate(strategies={"*": "conceder", "mayor": Accepting()}, seed=1)
    assert r["strategies"]["mayor"] == "python:Accepting"
    run = r["runs"][0]
    if run["agreement"] is not None:
        ev = municipal.evaluate(terms=run["agreement"])
        mayor = ev["parties"][municipal.parties.index("mayor")]
        assert run["utilities"]["mayor"] == mayor["utility"]
